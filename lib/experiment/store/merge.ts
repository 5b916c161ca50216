/**
 * Joining the run folders of shards (or of any runs of the same experiment definition)
 * into one run.
 *
 * @module
 */

import { writeTextAtomic } from "./atomic.ts";
import { JOURNAL, journalLine } from "./journal.ts";
import { lockRun } from "./lock.ts";
import { environment } from "./provenance.ts";
import { makeRunId } from "./run_id.ts";
import { INTERVAL_METHOD } from "../analysis/stats.ts";
import { explainWriteError } from "./atomic.ts";
import type { Manifest, Plan, RunData, RunStatus, UnitResult, UnitState } from "../records.ts";
import { readRun } from "./read.ts";
import { planOf } from "./manifest.ts";
import { unitKey } from "./manifest.ts";
import { writeRun } from "./views.ts";

/** Options of {@link mergeRuns}. */
export interface MergeOptions {
  /** The results folder. @default {"results"} */
  readonly out?: string;
  /** Merge even when units are missing (the merged run says `interrupted`). */
  readonly allowIncomplete?: boolean;
}

/** Thrown when the runs to merge do not hold every unit. */
export class IncompleteMergeError extends Error {
  /**
   * The error for a merge that lacks units.
   *
   * @param message What is missing and what to do.
   */
  constructor(message: string) {
    super(message);
    this.name = "IncompleteMergeError";
  }
}

/**
 * Merges runs into a new run folder under `out/<experiment>/`. Every run must have the
 * same experiment, definition hash (cells, seeds and data) and numerics (backend and float
 * type); runs that are themselves merges are refused. Unless `allowIncomplete`, every unit
 * of the plan must be finished in one of them: otherwise nothing is written and the error
 * names the missing shards and units. The merged run holds the union of their finished
 * units, ordered as an unsharded run would be.
 *
 * @param dirs The run folders.
 * @param options The results folder; whether an incomplete set may be merged.
 * @returns The merged run.
 */
export async function mergeRuns(
  dirs: readonly string[],
  options: MergeOptions = {},
): Promise<RunData & { readonly status: RunStatus }> {
  if (dirs.length === 0) throw new TypeError("Cannot merge: no run folders given");
  const runs: RunData[] = [];
  for (const dir of dirs) runs.push(await readRun(dir));
  checkMergeable(runs);
  const first = runs[0]!;
  const plan = await wholePlan(first);
  const units = new Map<string, UnitResult>();
  for (const run of runs) for (const [k, u] of run.units) if (!units.has(k)) units.set(k, u);
  const missing = plan.cells.flatMap((c) =>
    plan.seeds.filter((s) => !units.has(unitKey(c.id, s))).map((s) => ({ cell: c, seed: s }))
  );
  if (missing.length > 0 && !options.allowIncomplete) {
    throw new IncompleteMergeError(
      `Cannot merge: ${missing.length} of ${
        plan.cells.length * plan.seeds.length
      } units are in none of these runs${missingShards(runs)}; first missing: ${
        missing.slice(0, 3).map((m) => `${m.cell.label} seed ${m.seed}`).join(", ")
      }. Resume the unfinished runs (deno task experiment --resume <run folder>), or pass --allow-incomplete`,
    );
  }
  const status: RunStatus = missing.length === 0 ? "completed" : "interrupted";
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
  const lock = await lockRun(dir, `merge of ${plan.experiment}`);
  try {
    const manifest = await mergedManifest(runs, { dir, status, started, plan, units });
    const ordered = plan.cells.flatMap((c) =>
      plan.seeds.flatMap((s) => units.get(unitKey(c.id, s)) ?? [])
    );
    await writeTextAtomic(`${dir}/${JOURNAL}`, ordered.map(journalLine).join(""));
    await writeRun(dir, manifest, plan, units);
    return { dir, manifest, units, status };
  } finally {
    lock.release();
  }
}

/**
 * The whole plan of the runs merged: from the plan file a shard's manifest points to (a
 * shard lists only its own cells), else from the manifest itself (an unsharded run, or a
 * shard made before plan files, which listed every cell).
 */
async function wholePlan(run: RunData): Promise<Plan> {
  const ref = run.manifest.plan;
  if (ref === undefined) return planOf(run.manifest);
  const path = `${run.dir}/${ref.file}`;
  let plan: Plan;
  try {
    plan = JSON.parse(await Deno.readTextFile(path)) as Plan;
  } catch (e) {
    throw new TypeError(
      `Cannot merge: the plan of ${run.dir} is not readable at ${path} (${
        (e as Error).message
      }); every shard of an array writes it there`,
    );
  }
  if (plan.definitionHash !== run.manifest.definitionHash || plan.cells?.length !== ref.cells) {
    throw new TypeError(
      `Cannot merge: ${path} is not the plan of ${run.dir} (definition ${plan.definitionHash}, ${plan.cells?.length} cells; the run says ${run.manifest.definitionHash}, ${ref.cells})`,
    );
  }
  return plan;
}

/** Refuses runs that are merges, or of another experiment, definition or numerics. */
function checkMergeable(runs: readonly RunData[]): void {
  const first = runs[0]!;
  const numerics = (r: RunData) =>
    `${r.manifest.numerics?.backend ?? r.manifest.environment.kernels}/${
      r.manifest.numerics?.dtype ?? "float32"
    }`;
  for (const run of runs) {
    if (run.manifest.mergedFrom !== undefined) {
      throw new TypeError(
        `Cannot merge ${run.dir}: it is itself a merged run (of ${
          run.manifest.mergedFrom.join(", ")
        }); merge the shard runs only`,
      );
    }
    if (run.manifest.experiment !== first.manifest.experiment) {
      throw new TypeError(
        `Cannot merge ${run.dir} (experiment "${run.manifest.experiment}") with ${first.dir} ("${first.manifest.experiment}")`,
      );
    }
    if (run.manifest.definitionHash !== first.manifest.definitionHash) {
      throw new TypeError(
        `Cannot merge ${run.dir} with ${first.dir}: different definitions (${run.manifest.definitionHash} vs ${first.manifest.definitionHash}); were they run with the same flags, code and data?`,
      );
    }
    if (numerics(run) !== numerics(first)) {
      throw new TypeError(
        `Cannot merge ${run.dir} (backend/dtype ${numerics(run)}) with ${first.dir} (${
          numerics(first)
        }): their numbers are not computed the same way`,
      );
    }
  }
}

/** The merged run's manifest: the first run's, with every cell included and its units' states. */
async function mergedManifest(
  runs: readonly RunData[],
  at: {
    dir: string;
    status: RunStatus;
    started: Date;
    plan: Plan;
    units: ReadonlyMap<string, UnitResult>;
  },
): Promise<Manifest> {
  const { dir, status, started, plan, units } = at;
  const { plan: _shardPlan, ...first } = runs[0]!.manifest;
  const now = started.toISOString();
  return {
    ...first,
    runId: dir.split("/").at(-1)!,
    status,
    intervals: INTERVAL_METHOD,
    shard: null,
    mergedFrom: runs.map((r) => r.manifest.runId),
    flags: { merge: runs.map((r) => r.dir) },
    environment: await environment(first.environment.kernels),
    started: runs.map((r) => r.manifest.started).sort()[0]!,
    updated: now,
    ended: now,
    cells: plan.cells.map(({ id, index, label, params, config }) => ({
      id,
      index,
      label,
      params,
      config,
      included: true,
      units: Object.fromEntries(
        plan.seeds.map((
          s,
        ): [string, UnitState] => [String(s), units.get(unitKey(id, s))?.status ?? "pending"]),
      ),
    })),
  };
}

/** ` (shards 2/4 and 3/4 are missing)` when shard runs are merged and some are absent. */
function missingShards(runs: readonly RunData[]): string {
  const shards = runs.map((r) => r.manifest.shard).filter((s) => s !== null);
  if (shards.length === 0) return "";
  const count = shards[0]!.count;
  const have = new Set(shards.map((s) => s.index));
  const absent = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !have.has(i));
  const unfinished = runs.filter((r) => r.manifest.status !== "completed").map((r) =>
    `${
      r.manifest.shard ? `${r.manifest.shard.index}/${r.manifest.shard.count}` : "run"
    } (${r.dir}, ${r.manifest.status})`
  );
  const parts = [
    ...(absent.length
      ? [
        `shard${absent.length > 1 ? "s" : ""} ${
          absent.map((i) => `${i}/${count}`).join(", ")
        } not given`,
      ]
      : []),
    ...(unfinished.length ? [`unfinished: ${unfinished.join(", ")}`] : []),
  ];
  return parts.length ? ` (${parts.join("; ")})` : "";
}
