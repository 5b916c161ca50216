/**
 * What a run folder records about itself: the manifest's shape, the run's states and the
 * key of a unit. Types and pure functions only, so the report pages can share them.
 *
 * @module
 */

import type { Environment, Manifest, Plan } from "../records.ts";

/**
 * The commit a run was made from, and whether tracked files differed from it.
 *
 * @example
 * ```ts
 * import { commitText } from "./manifest.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(commitText({ gitCommit: "abc", gitDirty: true }), "abc (with uncommitted changes)");
 * assert.equal(commitText({ gitCommit: null }), "unknown");
 * assert.equal(
 *   commitText({ gitCommit: "abc", gitDirty: false, gitUntracked: ["experiments/mine.ts"] }),
 *   "abc (clean; not in git: experiments/mine.ts)",
 * );
 * ```
 *
 * @param env The run's environment.
 * @returns e.g. `3f9c… (clean)`.
 */
export function commitText(
  env: Pick<Environment, "gitCommit" | "gitDirty" | "gitUntracked">,
): string {
  if (env.gitCommit === null) return "unknown";
  const untracked = env.gitUntracked?.length ? `; not in git: ${env.gitUntracked.join(", ")}` : "";
  const state = env.gitDirty === true
    ? ` (with uncommitted changes${untracked})`
    : env.gitDirty === false
    ? ` (clean${untracked})`
    : untracked
    ? ` (${untracked.slice(2)})`
    : "";
  return `${env.gitCommit}${state}`;
}

/**
 * The key of a unit in {@link RunData.units}.
 *
 * @param cellId The cell id.
 * @param seed The seed.
 * @returns `<cell id>/<seed>`.
 */
export function unitKey(cellId: string, seed: number): string {
  return `${cellId}/${seed}`;
}

/**
 * A plan as recorded in a manifest (all cells of the experiment, shard or not).
 *
 * @param manifest The manifest.
 * @returns The plan.
 */
export function planOf(manifest: Manifest): Plan {
  return {
    experiment: manifest.experiment,
    description: manifest.description,
    definitionHash: manifest.definitionHash,
    data: manifest.data ?? {},
    ...(manifest.search ? { search: manifest.search } : {}),
    axes: manifest.axes,
    seeds: manifest.seeds,
    metrics: manifest.metrics,
    primary: manifest.primary ?? manifest.metrics[0] ?? "loss",
    cells: manifest.cells.map(({ id, index, label, params, config }) => ({
      id,
      index,
      label,
      params,
      config,
    })),
  };
}
