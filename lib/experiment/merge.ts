/**
 * Joining the run folders of shards (or of any runs of the same experiment definition)
 * into one run.
 *
 * @module
 */

import { environment } from "./provenance.ts";
import { INTERVAL_METHOD } from "./stats.ts";
import { explainWriteError } from "./atomic.ts";
import type { UnitResult } from "./cell.ts";
import {
  makeRunId,
  type Manifest,
  planOf,
  readRun,
  type RunData,
  type RunStatus,
  unitKey,
  type UnitState,
  writeRun,
} from "./store.ts";

/**
 * Merges runs into a new run folder under `out/<experiment>/`. Every run must have the
 * same experiment and definition hash (the same cells and seeds); the merged run holds
 * the union of their finished units, ordered as an unsharded run would be.
 *
 * @param dirs The run folders.
 * @param options `out`: the results folder. @default {"results"}
 * @returns The merged run.
 */
export async function mergeRuns(
  dirs: readonly string[],
  options: { readonly out?: string } = {},
): Promise<RunData & { readonly status: RunStatus }> {
  if (dirs.length === 0) throw new TypeError("Cannot merge: no run folders given");
  const runs = [];
  for (const dir of dirs) runs.push(await readRun(dir));
  const first = runs[0]!;
  for (const run of runs.slice(1)) {
    if (run.manifest.experiment !== first.manifest.experiment) {
      throw new TypeError(
        `Cannot merge ${run.dir} (experiment "${run.manifest.experiment}") with ${first.dir} ("${first.manifest.experiment}")`,
      );
    }
    if (run.manifest.definitionHash !== first.manifest.definitionHash) {
      throw new TypeError(
        `Cannot merge ${run.dir} with ${first.dir}: different definitions (${run.manifest.definitionHash} vs ${first.manifest.definitionHash}); were they run with the same flags and code?`,
      );
    }
  }
  const plan = planOf(first.manifest);
  const units = new Map<string, UnitResult>();
  for (const run of runs) for (const [k, u] of run.units) if (!units.has(k)) units.set(k, u);
  const complete = plan.cells.every((c) => plan.seeds.every((s) => units.has(unitKey(c.id, s))));
  const status: RunStatus = complete ? "completed" : "interrupted";
  const started = new Date();
  const out = options.out ?? "results";
  const dir = `${out}/${plan.experiment}/${
    makeRunId(started, `${plan.definitionHash}|merge|${dirs.join("|")}`)
  }`;
  try {
    await Deno.mkdir(dir, { recursive: true });
  } catch (e) {
    throw explainWriteError(e, dir);
  }
  const now = started.toISOString();
  const manifest: Manifest = {
    ...first.manifest,
    runId: dir.split("/").at(-1)!,
    status,
    intervals: INTERVAL_METHOD,
    shard: null,
    mergedFrom: runs.map((r) => r.manifest.runId),
    flags: { merge: runs.map((r) => r.dir) },
    environment: await environment(first.manifest.environment.kernels),
    started: runs.map((r) => r.manifest.started).sort()[0]!,
    updated: now,
    ended: now,
    cells: first.manifest.cells.map((c) => ({
      ...c,
      included: true,
      units: Object.fromEntries(
        plan.seeds.map((
          s,
        ): [string, UnitState] => [String(s), units.get(unitKey(c.id, s))?.status ?? "pending"]),
      ),
    })),
  };
  await writeRun(dir, manifest, plan, units);
  return { dir, manifest, units, status };
}
