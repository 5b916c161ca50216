/**
 * Preparing a run: everything decided and checked before a run folder is touched — the
 * plan, the worker count, the shard, the backend, for a resume that the folder is this
 * experiment's with the same definition and numerics, the queue of units, the manifest's
 * base.
 *
 * @module
 */

import { type BackendName, checkBackend, defaultBackendName } from "../../numerics/backends.ts";
import { INTERVAL_METHOD } from "../analysis/stats.ts";
import type { AnyExperiment } from "../plan/define.ts";
import { planExperiment, shardCells } from "../plan/plan.ts";
import { decidedDuringRun } from "../plan/search.ts";
import { planFileOf, writePlanFile } from "../plan/plan_file.ts";
import type { Cell, Environment, Manifest, Overrides, Plan, UnitSummary } from "../records.ts";
import { unitKey } from "../store/manifest.ts";
import { environment } from "../store/provenance.ts";
import { openRun, type StoredRun } from "../store/read.ts";
import { makeRunId } from "../store/run_id.ts";
import type { UnitJob } from "./messages.ts";
import { rungLinkOf } from "./rung_link.ts";
import { checkCheckpoint, type StreamDerivation, STREAMS } from "./unit.ts";
import { linksIn, realFolder } from "../store/real_path.ts";
import type { ManifestBase } from "./recorder.ts";
import { KEEP_MODELS, type RunOptions } from "./run_options.ts";
import { resolve } from "node:path";

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
  /** The run being resumed (its finished units are not run again). */
  readonly previous: StoredRun | undefined;
  readonly base: ManifestBase;
  /** Said to the user before the run starts (e.g. a capped worker count). */
  readonly notes: readonly string[];
  /** The job of a unit (for units decided during the run: a halving search's later rungs). */
  readonly job: (cell: Cell, seed: number) => UnitJob;
  /** The experiment, when the run was given it (not a plan): a TPE search resolves new trials. */
  readonly definition?: AnyExperiment;
  /** The overrides the plan was made with (a resumed run's own). */
  readonly overrides: Overrides;
}

/**
 * Plans a run and checks everything that can be checked before a folder exists: the
 * worker count, the shard, the backend, and for a resume that the run is this
 * experiment's, with the same definition, data and numerics.
 *
 * @param def The experiment, or a plan made from it (with `options.overrides`).
 * @param options As for `runToFolder`.
 * @returns The prepared run.
 */
export async function prepareRun(
  def: AnyExperiment | Plan,
  options: RunOptions = {},
): Promise<PreparedRun> {
  const given = isPlan(def) ? def : undefined;
  const notes: string[] = [];
  const workers = workerCount(options.workers, notes);
  const previous = options.resume === undefined ? undefined : await openRun(options.resume);
  const settings = previous === undefined
    ? { overrides: options.overrides ?? {}, shard: options.shard, backend: options.backend }
    : resumedSettings(
      previous.manifest,
      given ? given.experiment : (def as AnyExperiment).name,
      options,
    );
  const { overrides, shard } = settings;
  checkShard(shard);
  if (shard !== undefined && def && "search" in def && decidedDuringRun(def.search)) {
    throw new TypeError(
      `Cannot shard a ${def.search!.kind} search: its later ${
        def.search!.kind === "tpe" ? "batches are" : "rungs are"
      } decided from every trial's results; run it unsharded (its units already spread over --workers)`,
    );
  }
  const plan = given ?? await planExperiment(def as AnyExperiment, overrides, {
    ...(options.baseDir ? { baseDir: options.baseDir } : {}),
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.source ? { source: options.source } : {}),
  });
  if (previous && previous.manifest.definitionHash !== plan.definitionHash) {
    throw new TypeError(
      `Cannot resume ${options.resume}: the experiment or its data changed since that run (definition ${previous.manifest.definitionHash}, now ${plan.definitionHash})`,
    );
  }
  notes.push(...(plan.notes ?? []));
  const backend = settings.backend ?? defaultBackendName();
  checkBackend(backend); // fails here, before any folder or work, if the backend cannot load
  await refuseLinks(await writesUnder(options));
  const started = new Date();
  const dir = options.resume ?? await newRunDir(plan, shard, started, options.out);
  const cells = shard === undefined || plan.share !== undefined
    ? plan.cells
    : shardCells(plan.cells, shard.index, shard.count);
  const units = previous?.store.summaries ?? new Map<string, UnitSummary>();
  // A resumed run keeps the stream derivation it began with (runs from before: the cell id).
  const streams = previous ? previous.manifest.streams ?? "cell" : STREAMS;
  // … and the models it keeps (none for runs from before models were kept).
  const top = previous ? previous.manifest.models?.top ?? 0 : modelsToKeep(options);
  const job = unitJobs(plan, { dir, backend, options, streams, top });
  const queue = queueOf(cells, plan.seeds, units, job);
  const env = await environment(backend, readFiles(plan, options, previous?.manifest.source));
  const base: ManifestBase = previous
    ? resumedBase(previous.manifest, { env, backend, started })
    : newBase(plan, { dir, env, backend, started, overrides, shard, options, top });
  notes.push(...checkpointNotes(dir, queue));
  return {
    plan,
    dir,
    create: previous === undefined,
    backend,
    workers,
    included: new Set(cells.map((c) => c.id)),
    queue,
    total: cells.length * plan.seeds.length,
    previous,
    base,
    notes,
    job,
    ...(given ? {} : { definition: def as AnyExperiment }),
    overrides,
  };
}

/** The worker count asked for, checked, and capped at {@link maxWorkers} with a note. */
function workerCount(asked: number | undefined, notes: string[]): number {
  const workers = asked ?? navigator.hardwareConcurrency;
  if (!Number.isInteger(workers) || workers < 0) {
    throw new RangeError(`Invalid worker count: expected an integer ≥ 0, got ${workers}`);
  }
  if (workers <= maxWorkers()) return workers;
  notes.push(
    `--workers ${workers}: capped at ${maxWorkers()} (4 per core on this ${navigator.hardwareConcurrency}-core machine; more only use memory)`,
  );
  return maxWorkers();
}

/**
 * A resumed run's settings, from its manifest: its overrides, shard and backend — after
 * checking it is this experiment's, not a merged run, and not asked for another backend.
 */
function resumedSettings(
  m: Manifest,
  name: string,
  options: RunOptions,
): { overrides: Overrides; shard: RunOptions["shard"]; backend: BackendName } {
  const refuse = (why: string) => {
    throw new TypeError(`Cannot resume ${options.resume}: ${why}`);
  };
  if (m.experiment !== name) refuse(`it is a run of "${m.experiment}", not "${name}"`);
  if (m.mergedFrom !== undefined) {
    refuse("it is a merged run; resume the shard runs it was merged from, then merge again");
  }
  const recorded = (m.numerics?.backend ?? m.environment.kernels) as BackendName;
  if (options.backend !== undefined && options.backend !== recorded) {
    refuse(`it was run with --backend ${recorded}, not ${options.backend} (results would differ)`);
  }
  return { overrides: m.overrides, shard: m.shard ?? undefined, backend: recorded };
}

/** A new run's folder: `<out>/<experiment>/<run id>`, its existing part resolved through links. */
async function newRunDir(
  plan: Plan,
  shard: RunOptions["shard"],
  started: Date,
  out: string | undefined,
): Promise<string> {
  const salt = `${plan.definitionHash}|${shard ? `${shard.index}/${shard.count}` : ""}|${Deno.pid}`;
  return `${await realFolder(`${out ?? "results"}/${plan.experiment}`)}/${
    makeRunId(started, salt)
  }`;
}

/** The job of any unit of the plan: its cell, seed, backend, data folders and checkpoint. */
function unitJobs(
  plan: Plan,
  at: {
    dir: string;
    backend: BackendName;
    options: RunOptions;
    streams: StreamDerivation;
    top: number;
  },
): (cell: Cell, seed: number) => UnitJob {
  const { dir, backend, options, streams, top } = at;
  const everySeconds = options.checkpointEvery ?? 5;
  if (!(everySeconds >= 0)) {
    throw new RangeError(`Invalid checkpoint interval: expected seconds ≥ 0, got ${everySeconds}`);
  }
  return (cell, seed) => ({
    cell: { id: cell.id, config: cell.config },
    seed,
    backend,
    boundary: seed === plan.seeds[0],
    keepModel: top > 0,
    ...(options.baseDir ? { baseDir: options.baseDir } : {}),
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    checkpoint: { path: checkpointPath(dir, cell.id, seed), everySeconds },
    streams,
    ...rungLinkOf(plan, dir, cell, seed),
  });
}

/**
 * The units left, longest first, so the last units finish close together. Results do not
 * depend on the order; only the wall-clock time does.
 */
function queueOf(
  cells: readonly Cell[],
  seeds: readonly number[],
  units: ReadonlyMap<string, UnitSummary>,
  job: (cell: Cell, seed: number) => UnitJob,
): UnitJob[] {
  const cost = new Map(cells.map((c) => [c.id, estimatedCost(c)]));
  return cells.flatMap((cell) =>
    seeds.filter((seed) => !units.has(unitKey(cell.id, seed))).map((seed) => job(cell, seed))
  ).sort((x, y) => cost.get(y.cell.id)! - cost.get(x.cell.id)!);
}

/** `keepModels`, checked: a whole number of cells, 0 or more. */
function modelsToKeep(options: RunOptions): number {
  const top = options.keepModels ?? KEEP_MODELS;
  if (!Number.isInteger(top) || top < 0) {
    throw new RangeError(
      `Invalid keepModels: expected a whole number of cells ≥ 0 (0 keeps none), got ${top}`,
    );
  }
  return top;
}

/** A resumed run's manifest base: its own, with this process's environment and the resume time. */
function resumedBase(
  m: Manifest,
  at: { env: Environment; backend: BackendName; started: Date },
): ManifestBase {
  return {
    ...m,
    environment: at.env,
    numerics: { backend: at.backend, dtype: DTYPE },
    intervals: INTERVAL_METHOD,
    resumed: [...(m.resumed ?? []), at.started.toISOString()],
  };
}

/** A new run's manifest base: what it runs, with what, and when it started. */
function newBase(
  plan: Plan,
  at: {
    dir: string;
    env: Environment;
    backend: BackendName;
    started: Date;
    overrides: Overrides;
    shard: RunOptions["shard"];
    options: RunOptions;
    top: number;
  },
): ManifestBase {
  return {
    format: "mlp-run",
    version: 1,
    experiment: plan.experiment,
    description: plan.description,
    runId: at.dir.split("/").at(-1)!,
    definitionHash: plan.definitionHash,
    source: at.options.source ?? null,
    overrides: at.overrides,
    flags: at.options.flags ?? {},
    shard: at.shard ?? null,
    ...(at.shard
      ? { plan: { file: planFileOf(plan), cells: plan.share?.of ?? plan.cells.length } }
      : {}),
    axes: plan.axes,
    seeds: plan.seeds,
    metrics: plan.metrics,
    primary: plan.primary,
    data: plan.data,
    ...(plan.search ? { search: plan.search } : {}),
    numerics: { backend: at.backend, dtype: DTYPE },
    streams: "settings",
    models: { top: at.top, files: [] },
    intervals: INTERVAL_METHOD,
    environment: at.env,
    started: at.started.toISOString(),
  };
}

/**
 * Writes a shard's whole plan where its manifest points, unless it is there already (a
 * shard planned by the planner worker has had it written there).
 *
 * @param dir The run folder.
 * @param plan The whole plan.
 */
export async function writeShardPlan(dir: string, plan: Plan): Promise<void> {
  if (plan.share !== undefined) return;
  await writePlanFile(`${dir}/../..`, plan);
}

/**
 * Notes on the queued units' checkpoints (one listing of the folder): how many go on from
 * theirs; and each checkpoint that cannot be trusted — truncated, empty, another unit's,
 * edited since it was written — set aside as `<name>.set-aside`, its unit started over.
 */
function checkpointNotes(dir: string, queue: readonly UnitJob[]): string[] {
  const checkpoints = new Set<string>();
  try {
    for (const e of Deno.readDirSync(`${dir}/checkpoints`)) checkpoints.add(e.name);
  } catch { /* none yet */ }
  const notes: string[] = [];
  let saved = 0;
  for (const j of queue) {
    const path = j.checkpoint!.path, name = path.split("/").at(-1)!;
    if (!checkpoints.has(name)) continue;
    const checked = checkCheckpoint(path, j.cell.id, j.seed);
    if (checked === undefined) continue;
    if ("state" in checked) {
      saved++;
      continue;
    }
    Deno.renameSync(path, `${path}.set-aside`);
    notes.push(
      `checkpoints/${name} set aside as ${name}.set-aside: ${checked.problem}; cell ${j.cell.id} seed ${j.seed} starts over`,
    );
  }
  if (saved > 0) {
    notes.unshift(
      `${saved} unit${saved === 1 ? " goes" : "s go"} on from ${
        saved === 1 ? "its checkpoint" : "their checkpoints"
      }`,
    );
  }
  return notes;
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

/**
 * The folder a run writes under: `--out`; for a resumed run, its results folder (two levels
 * up) when that is one — it holds the results index or the shared scripts — else its
 * experiment folder (a run folder copied anywhere is not checked up to `/tmp` or `/`).
 */
async function writesUnder(options: RunOptions): Promise<string> {
  if (options.resume === undefined) return options.out ?? "results";
  const root = `${options.resume}/../..`;
  const there = (name: string) => Deno.stat(`${root}/${name}`).then(() => true, () => false);
  return (await there("runs.js")) || (await there("_assets")) ? root : `${options.resume}/..`;
}

/**
 * Refuses to run beside a symbolic link in the results folder: the experiment's own code
 * may write under `results/`, and a link would carry those writes elsewhere.
 */
async function refuseLinks(root: string): Promise<void> {
  const [link] = await linksIn(root);
  if (link === undefined) return;
  throw new TypeError(
    `Cannot run in ${root}: ${link.path} is a symbolic link to ${link.target}, which would carry writes outside ${root}; remove the link, or give --out the real folder`,
  );
}

/**
 * The files a run reads that git may track: its experiment file and its data files (as
 * resolved against the experiment's folder); packages and generated data are left out.
 */
function readFiles(plan: Plan, options: RunOptions, source?: string | null): string[] {
  const base = options.baseDir ?? ".";
  const candidates = [
    ...(options.source ?? source ? [resolve(options.source ?? source!)] : []),
    ...Object.keys(plan.data).map((k) => resolve(base, k)),
  ];
  return candidates.filter((f) => {
    try {
      return Deno.statSync(f).isFile;
    } catch {
      return false;
    }
  });
}
