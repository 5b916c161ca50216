/**
 * The runner: plans an experiment ({@link prepareRun}), then runs its (cell, seed) units on
 * the scheduler while the recorder keeps the run folder ({@link runToFolder}). An
 * interrupted, killed or failed run keeps its finished units, and `resume` finishes the
 * rest. The report floor's `runExperiment` adds the HTML report.
 *
 * @module
 */

import { type BackendName, checkBackend, defaultBackendName } from "../../numerics/backends.ts";
import type { Cell, Json, Manifest, Overrides, Plan, RunStatus, UnitResult } from "../records.ts";
import type { AnyExperiment } from "../plan/define.ts";
import type { UnitJob } from "./messages.ts";
import { planExperiment, shardCells } from "../plan/plan.ts";
import { nextRung } from "../plan/halving.ts";
import { halvingRungs } from "../plan/rungs.ts";
import { environment } from "../store/provenance.ts";
import { type ManifestBase, Recorder } from "./recorder.ts";
import { makeRunId } from "../store/run_id.ts";
import {
  type Executor,
  InThreadExecutor,
  schedule,
  type ScheduleHooks,
  WorkerExecutor,
} from "./scheduler.ts";
import { INTERVAL_METHOD } from "../analysis/stats.ts";
import { readRunForWriting } from "../store/read.ts";
import { unitKey } from "../store/manifest.ts";

/** What the runner reports as it goes. */
export type RunEvent =
  | {
    readonly type: "start";
    readonly dir: string;
    readonly plan: Plan;
    readonly total: number;
    readonly done: number;
    readonly workers: number;
    /** For a quit-at-once: marks the folder interrupted, synchronously, and releases it. */
    readonly abandon: () => void;
  }
  | { readonly type: "note"; readonly message: string }
  | { readonly type: "unit-start"; readonly cell: Cell; readonly seed: number }
  | {
    readonly type: "epoch";
    readonly cell: Cell;
    readonly seed: number;
    readonly epoch: number;
    readonly of: number;
  }
  | {
    readonly type: "unit-done";
    readonly cell: Cell;
    readonly seed: number;
    readonly result: UnitResult;
    readonly done: number;
    readonly total: number;
  }
  | { readonly type: "end"; readonly status: RunStatus; readonly dir: string };

/** Options of {@link runToFolder}. */
export interface RunOptions {
  /** Axis values, epochs or seeds replacing the definition's. */
  readonly overrides?: Overrides;
  /**
   * Parallel workers; 0 runs every unit in this thread (no workers). More than
   * {@link maxWorkers} are capped, with a note.
   * @default {the number of cores}
   */
  readonly workers?: number;
  /** Run only shard `index` of `count` (1-based), chosen by cell id. */
  readonly shard?: { readonly index: number; readonly count: number };
  /** The results folder. @default {"results"} */
  readonly out?: string;
  /** A run folder to finish: its overrides, shard and backend are reused, finished units kept. */
  readonly resume?: string;
  /** The experiment file, recorded in the manifest. */
  readonly source?: string;
  /** Folder relative data paths are resolved against. */
  readonly baseDir?: string;
  /** MNIST folder override. */
  readonly dataDir?: string;
  /** The kernel backend every unit trains with. @default {"wasm" where WebAssembly SIMD exists, else "typescript"} */
  readonly backend?: BackendName;
  /** Aborting stops the run: finished units stay, the manifest says `interrupted`. */
  readonly signal?: AbortSignal;
  /** Progress events. */
  readonly onEvent?: (event: RunEvent) => void;
  /** The flags as the user gave them, recorded in the manifest. */
  readonly flags?: { readonly [flag: string]: Json };
  /**
   * A unit in progress saves a checkpoint at the end of an epoch once this many seconds have
   * passed since it started or last saved (0: every epoch), so a killed or stopped unit goes
   * on from there. @default {5}
   */
  readonly checkpointEvery?: number;
}

/** A finished (or interrupted) run. */
export interface RunResult {
  /** The run folder. */
  readonly dir: string;
  /** How the run ended. */
  readonly status: RunStatus;
  /** The plan it ran. */
  readonly plan: Plan;
  /** The manifest as last written. */
  readonly manifest: Manifest;
  /** Finished units by `<cell id>/<seed>`. */
  readonly units: ReadonlyMap<string, UnitResult>;
}

/** The numbers every unit is computed with; runs that differ here are not mixed. */
export const DTYPE = "float32";

/**
 * The most workers a run starts: four per core (each worker holds its own data and
 * kernels; hundreds of them only fill memory).
 *
 * @returns The cap.
 */
export function maxWorkers(): number {
  return 4 * navigator.hardwareConcurrency;
}

function checkShard(shard: RunOptions["shard"]): void {
  if (shard === undefined) return;
  const { index, count } = shard;
  if (
    !Number.isInteger(count) || count < 1 || !Number.isInteger(index) || index < 1 || index > count
  ) {
    throw new RangeError(`Invalid shard ${index}/${count}: expected i/n with 1 ≤ i ≤ n`);
  }
}

/** Everything decided before a run folder is touched. */
export interface PreparedRun {
  readonly plan: Plan;
  readonly dir: string;
  /** Whether `dir` is a new folder (not a resumed run). */
  readonly create: boolean;
  readonly backend: BackendName;
  readonly workers: number;
  /** Ids of the cells this run (or shard) runs. */
  readonly included: ReadonlySet<string>;
  /** Units left, costliest first. */
  readonly queue: UnitJob[];
  readonly total: number;
  readonly units: ReadonlyMap<string, UnitResult>;
  readonly journalLength: number;
  readonly base: ManifestBase;
  /** Said to the user before the run starts (e.g. a capped worker count). */
  readonly notes: readonly string[];
  /** The job of a unit (for units decided during the run: a halving search's later rungs). */
  readonly job: (cell: Cell, seed: number) => UnitJob;
}

/**
 * Plans a run and checks everything that can be checked before a folder exists: the
 * worker count, the shard, the backend, and for a resume that the run is this
 * experiment's, with the same definition, data and numerics.
 *
 * @param def The experiment, or a plan made from it (with `options.overrides`).
 * @param options As for {@link runToFolder}.
 * @returns The prepared run.
 */
export async function prepareRun(
  def: AnyExperiment | Plan,
  options: RunOptions = {},
): Promise<PreparedRun> {
  const given = isPlan(def) ? def : undefined;
  const name = given ? given.experiment : (def as AnyExperiment).name;
  const notes: string[] = [];
  let workers = options.workers ?? navigator.hardwareConcurrency;
  if (!Number.isInteger(workers) || workers < 0) {
    throw new RangeError(`Invalid worker count: expected an integer ≥ 0, got ${workers}`);
  }
  if (workers > maxWorkers()) {
    notes.push(
      `--workers ${workers}: capped at ${maxWorkers()} (4 per core on this ${navigator.hardwareConcurrency}-core machine; more only use memory)`,
    );
    workers = maxWorkers();
  }
  let overrides = options.overrides ?? {};
  let shard = options.shard;
  let backend = options.backend;
  const previous = options.resume === undefined
    ? undefined
    : await readRunForWriting(options.resume);
  if (previous !== undefined) {
    const m = previous.run.manifest;
    const refuse = (why: string) => {
      throw new TypeError(`Cannot resume ${options.resume}: ${why}`);
    };
    if (m.experiment !== name) refuse(`it is a run of "${m.experiment}", not "${name}"`);
    if (m.mergedFrom !== undefined) {
      refuse("it is a merged run; resume the shard runs it was merged from, then merge again");
    }
    const recorded = (m.numerics?.backend ?? m.environment.kernels) as BackendName;
    if (backend !== undefined && backend !== recorded) {
      refuse(`it was run with --backend ${recorded}, not ${backend} (results would differ)`);
    }
    backend = recorded;
    overrides = m.overrides;
    shard = m.shard ?? undefined;
  }
  checkShard(shard);
  if (shard !== undefined && def && "search" in def && def.search?.kind === "halving") {
    throw new TypeError(
      "Cannot shard a halving search: each rung is decided from every trial's results; run it unsharded (its units already spread over --workers)",
    );
  }
  const plan = given ?? await planExperiment(def as AnyExperiment, overrides, {
    ...(options.baseDir ? { baseDir: options.baseDir } : {}),
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.source ? { source: options.source } : {}),
  });
  if (previous && previous.run.manifest.definitionHash !== plan.definitionHash) {
    throw new TypeError(
      `Cannot resume ${options.resume}: the experiment or its data changed since that run (definition ${previous.run.manifest.definitionHash}, now ${plan.definitionHash})`,
    );
  }
  notes.push(...(plan.notes ?? []));
  backend ??= defaultBackendName();
  checkBackend(backend); // fails here, before any folder or work, if the backend cannot load

  const started = new Date();
  const dir = options.resume ??
    `${await realFolder(`${options.out ?? "results"}/${plan.experiment}`)}/${
      makeRunId(
        started,
        `${plan.definitionHash}|${shard ? `${shard.index}/${shard.count}` : ""}|${Deno.pid}`,
      )
    }`;
  const cells = shard === undefined ? plan.cells : shardCells(plan.cells, shard.index, shard.count);
  const units = previous?.run.units ?? new Map<string, UnitResult>();
  const everySeconds = options.checkpointEvery ?? 5;
  if (!(everySeconds >= 0)) {
    throw new RangeError(`Invalid checkpoint interval: expected seconds ≥ 0, got ${everySeconds}`);
  }
  const job = (cell: Cell, seed: number): UnitJob => ({
    cell: { id: cell.id, config: cell.config },
    seed,
    backend: backend!,
    boundary: seed === plan.seeds[0],
    ...(options.baseDir ? { baseDir: options.baseDir } : {}),
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    checkpoint: { path: checkpointPath(dir, cell.id, seed), everySeconds },
  });
  // Longest units first, so the last units finish close together. Results do not depend
  // on the order; only the wall-clock time does.
  const cost = new Map(cells.map((c) => [c.id, estimatedCost(c)]));
  const queue = cells.flatMap((cell) =>
    plan.seeds.filter((seed) => !units.has(unitKey(cell.id, seed))).map((seed) => job(cell, seed))
  ).sort((x, y) => cost.get(y.cell.id)! - cost.get(x.cell.id)!);
  const env = await environment(backend);
  const base: ManifestBase = previous
    ? {
      ...previous.run.manifest,
      environment: env,
      numerics: { backend, dtype: DTYPE },
      intervals: INTERVAL_METHOD,
      resumed: [...(previous.run.manifest.resumed ?? []), started.toISOString()],
    }
    : {
      format: "mlp-run",
      version: 1,
      experiment: plan.experiment,
      description: plan.description,
      runId: dir.split("/").at(-1)!,
      definitionHash: plan.definitionHash,
      source: options.source ?? null,
      overrides,
      flags: options.flags ?? {},
      shard: shard ?? null,
      axes: plan.axes,
      seeds: plan.seeds,
      metrics: plan.metrics,
      data: plan.data,
      ...(plan.search ? { search: plan.search } : {}),
      numerics: { backend, dtype: DTYPE },
      intervals: INTERVAL_METHOD,
      environment: env,
      started: started.toISOString(),
    };
  // One listing of the checkpoints folder, not a file check per queued unit.
  const checkpoints = new Set<string>();
  try {
    for (const e of Deno.readDirSync(`${dir}/checkpoints`)) checkpoints.add(e.name);
  } catch { /* none yet */ }
  const saved = queue.filter((j) => checkpoints.has(j.checkpoint!.path.split("/").at(-1)!)).length;
  if (saved > 0) {
    notes.push(`${saved} unit${saved === 1 ? "" : "s"} go on from their checkpoints`);
  }
  return {
    plan,
    dir,
    create: previous === undefined,
    backend,
    workers,
    included: new Set(cells.map((c) => c.id)),
    queue,
    total: cells.length * plan.seeds.length,
    units,
    journalLength: previous?.journalLength ?? 0,
    base,
    notes,
    job,
  };
}

/**
 * Runs an experiment into a run folder — journal, views and manifest, no HTML report (the
 * report floor's `runExperiment` adds it).
 *
 * @param def The experiment, or a plan made from it (with `options.overrides`; the command
 *   line plans in a worker so that an experiment's function that never returns cannot block
 *   Ctrl-C).
 * @param options Overrides, workers, shard, output folder, resume, progress.
 * @returns The run.
 */
export async function runToFolder(
  def: AnyExperiment | Plan,
  options: RunOptions = {},
): Promise<RunResult> {
  const prepared = await prepareRun(def, options);
  const { plan, queue, total } = prepared;
  for (const message of prepared.notes) options.onEvent?.({ type: "note", message });
  const recorder = await Recorder.open(prepared.dir, plan, prepared.base, prepared.included, {
    create: prepared.create,
    units: prepared.units,
    journalLength: prepared.journalLength,
    command: options.resume ? `resume of ${plan.experiment}` : `run of ${plan.experiment}`,
  });
  const stale = recorder.staleHolder;
  if (stale !== undefined) {
    options.onEvent?.({
      type: "note",
      message:
        `took over ${prepared.dir} from pid ${stale.pid} on ${stale.host} (started ${stale.started}), which is no longer running`,
    });
  }
  const cellOf = new Map(plan.cells.map((c) => [c.id, c]));
  const lanes = Math.max(1, Math.min(prepared.workers, queue.length));
  options.onEvent?.({
    type: "start",
    dir: prepared.dir,
    plan,
    total,
    done: total - queue.length,
    workers: lanes,
    abandon: () => recorder.abandonSync(),
  });
  const executors: Executor[] = prepared.workers === 0
    ? [new InThreadExecutor()]
    : Array.from({ length: lanes }, () => new WorkerExecutor());
  let finished = total - queue.length;
  let all = total;
  const hooks: ScheduleHooks = {
    onStart: (job) => {
      options.onEvent?.({ type: "unit-start", cell: cellOf.get(job.cell.id)!, seed: job.seed });
    },
    onEpoch: (job, epoch, of) =>
      options.onEvent?.({
        type: "epoch",
        cell: cellOf.get(job.cell.id)!,
        seed: job.seed,
        epoch,
        of,
      }),
    onDone: async (job, result) => {
      await recorder.record(result);
      // The unit is in the journal: its checkpoint is spent.
      await Deno.remove(job.checkpoint!.path).catch(() => {});
      finished++;
      options.onEvent?.({
        type: "unit-done",
        cell: cellOf.get(job.cell.id)!,
        seed: job.seed,
        result,
        done: finished,
        total: all,
      });
    },
  };
  let failure: unknown;
  try {
    ({ failure } = await schedule(queue, executors, hooks, options.signal));
    // A halving search: each later rung is decided from the finished one, then run.
    if (plan.search?.kind === "halving") {
      const s = plan.search;
      const rungs = halvingRungs(s.trials, s.reduction ?? 3, s.minEpochs, s.maxEpochs!);
      let current = plan.cells;
      for (let k = 1; k < rungs.length; k++) {
        if (failure !== undefined || options.signal?.aborted) break;
        const done = current.every((c) =>
          plan.seeds.every((seed) => recorder.units.has(unitKey(c.id, seed)))
        );
        if (!done) break;
        const next = recorder.addCells(
          nextRung(
            current,
            plan.seeds,
            (id, seed) => recorder.units.get(unitKey(id, seed)),
            rungs[k]!.trials,
            rungs[k]!.epochs,
          ),
        );
        for (const c of next) cellOf.set(c.id, c);
        const jobs = next.flatMap((cell) =>
          plan.seeds.filter((seed) => !recorder.units.has(unitKey(cell.id, seed)))
            .map((seed) => prepared.job(cell, seed))
        );
        all += next.length * plan.seeds.length;
        finished += next.length * plan.seeds.length - jobs.length;
        ({ failure } = await schedule(jobs, executors, hooks, options.signal));
        current = next;
      }
    }
  } finally {
    executors.forEach((e) => e.close());
  }

  const status: RunStatus = failure !== undefined
    ? "failed"
    : options.signal?.aborted
    ? "interrupted"
    : "completed";
  const cause = failure === undefined
    ? undefined
    : failure instanceof Error
    ? failure.message
    : String(failure);
  if (status === "completed") {
    await Deno.remove(`${prepared.dir}/checkpoints`).catch(() => {}); // only when empty
  }
  try {
    await recorder.finish(status, cause);
  } catch (e) {
    if (failure === undefined) throw e; // else the unit's failure is the cause to report
  }
  options.onEvent?.({ type: "end", status, dir: prepared.dir });
  if (failure !== undefined) throw failure;
  return {
    dir: prepared.dir,
    status,
    plan: recorder.plan,
    manifest: recorder.manifest(status),
    units: recorder.units,
  };
}

function isPlan(x: AnyExperiment | Plan): x is Plan {
  return "definitionHash" in x && "cells" in x && Array.isArray(x.cells);
}

/**
 * Where a unit's checkpoint lives in a run folder.
 *
 * @param dir The run folder.
 * @param cellId The cell.
 * @param seed The seed.
 * @returns `<dir>/checkpoints/<cell id>-<seed>.json`.
 */
export function checkpointPath(dir: string, cellId: string, seed: number): string {
  return `${dir}/checkpoints/${cellId}-${seed}.json`;
}

/**
 * A folder's path with its existing part resolved through symbolic links, so a link inside
 * `results/` cannot carry writes elsewhere unnoticed: the permission check sees the real
 * place. Relative (to the working folder) when it lies below it.
 */
async function realFolder(path: string): Promise<string> {
  const absolute = path.startsWith("/") ? path : `${Deno.cwd()}/${path}`;
  let existing = absolute, rest = "";
  for (;;) {
    try {
      existing = await Deno.realPath(existing);
      break;
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) return path;
      const slash = existing.lastIndexOf("/");
      if (slash <= 0) return path;
      rest = `${existing.slice(slash)}${rest}`;
      existing = existing.slice(0, slash);
    }
  }
  const real = `${existing}${rest}`;
  if (real === absolute) return path;
  const cwd = `${Deno.cwd()}/`;
  return real.startsWith(cwd) ? real.slice(cwd.length) : real;
}

/** A rough relative cost of a cell's unit: epochs × examples × weights. */
function estimatedCost(cell: Cell): number {
  const { config } = cell;
  let width = config.model.inputs, weights = 0;
  for (const layer of config.model.layers) {
    if (layer.kind === "dense") weights += width * layer.units, width = layer.units;
  }
  const data = config.data as { n?: number; train?: number };
  return config.epochs * (data.n ?? data.train ?? 1000) * weights;
}
