/**
 * What a run folder records about itself: the manifest's shape, the run's states and the
 * key of a unit. Types and pure functions only, so the report pages can share them.
 *
 * @module
 */

import type { Json } from "./canonical.ts";
import type { SearchSpec } from "./search.ts";
import type { UnitResult } from "./unit.ts";
import type { Cell, Overrides, Plan } from "./plan.ts";

/** The state of one (cell, seed) unit. */
export type UnitState = "pending" | "completed" | "early_stopped" | "diverged";

/** The state of a run. */
export type RunStatus = "running" | "completed" | "interrupted" | "failed";

/** Where and how a run was made. */
export interface Environment {
  /** Deno's version. */
  readonly deno: string;
  /** V8's version. */
  readonly v8: string;
  /** TypeScript's version. */
  readonly typescript: string;
  /** Operating system. */
  readonly os: string;
  /** CPU architecture. */
  readonly arch: string;
  /** Logical cores. */
  readonly cores: number;
  /** The kernel backend units trained with. */
  readonly kernels: string;
  /** The git commit checked out, or null outside a repository. */
  readonly gitCommit: string | null;
  /** Whether tracked files differed from the commit (absent when it could not be told). */
  readonly gitDirty?: boolean;
}

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
 * ```
 *
 * @param env The run's environment.
 * @returns e.g. `3f9c… (clean)`.
 */
export function commitText(env: Pick<Environment, "gitCommit" | "gitDirty">): string {
  if (env.gitCommit === null) return "unknown";
  const state = env.gitDirty === true
    ? " (with uncommitted changes)"
    : env.gitDirty === false
    ? " (clean)"
    : "";
  return `${env.gitCommit}${state}`;
}

/** `manifest.json`. */
export interface Manifest {
  /** Always `"mlp-run"`: what this file is. */
  readonly format: "mlp-run";
  /** The manifest's format version. */
  readonly version: 1;
  /** The experiment's name. */
  readonly experiment: string;
  /** The experiment's description. */
  readonly description: string;
  /** The run folder's name: start time and a suffix. */
  readonly runId: string;
  /** Hash of the experiment, its seeds, cells and data digests: runs with equal hashes can be resumed, merged and compared unit for unit. */
  readonly definitionHash: string;
  /** `running`, `completed`, `interrupted` or `failed`. */
  readonly status: RunStatus;
  /** The experiment file, when the run came from one. */
  readonly source: string | null;
  /** Overrides that change results (kept for resume and merge). */
  readonly overrides: Overrides;
  /** The flags as given, for the record. */
  readonly flags: { readonly [flag: string]: Json };
  /** The shard this run ran (`--shard i/n`), or null for all cells. */
  readonly shard: { readonly index: number; readonly count: number } | null;
  /** Runs merged into this one. */
  readonly mergedFrom?: readonly string[];
  /** When the run was resumed, each time. */
  readonly resumed?: readonly string[];
  /** The grid's axes and their values, after overrides. */
  readonly axes: Plan["axes"];
  /** The seeds every cell runs with. */
  readonly seeds: readonly number[];
  /** The metrics reported. */
  readonly metrics: Plan["metrics"];
  /**
   * What the data files read held: `{ <file or package>: <sha256 or version> }` (part of
   * the definition hash, so a changed file never passes for the same set-up).
   */
  readonly data?: { readonly [source: string]: string };
  /** The kernel backend and float type every unit was computed with (resume and merge match them). */
  readonly numerics?: { readonly backend: string; readonly dtype: string };
  /** Why a `failed` run failed. */
  readonly error?: string;
  /** The search that drew the cells (absent for a grid). */
  readonly search?: SearchSpec;
  /** How summary.csv's intervals are computed ({@link INTERVAL_METHOD}). */
  readonly intervals?: string;
  /** Versions, platform, backend and git commit of the process that wrote the run. */
  readonly environment: Environment;
  /** When the run started (ISO 8601). */
  readonly started: string;
  /** When the manifest was last written. */
  readonly updated: string;
  /** When the run ended, or null while it runs. */
  readonly ended: string | null;
  /** Every cell of the plan: its parameters, resolved configuration and the state of each seed's unit. */
  readonly cells: readonly {
    readonly id: string;
    readonly index: number;
    readonly label: string;
    readonly params: Cell["params"];
    readonly config: Cell["config"];
    /** Whether this run (or shard) runs the cell. */
    readonly included: boolean;
    readonly units: { readonly [seed: string]: UnitState };
  }[];
}

/** A run folder and what it holds. */
export interface RunData {
  /** The run folder. */
  readonly dir: string;
  /** Its manifest. */
  readonly manifest: Manifest;
  /** Finished units by `<cell id>/<seed>`. */
  readonly units: ReadonlyMap<string, UnitResult>;
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
