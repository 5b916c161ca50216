/**
 * The runner: plans an experiment, runs its (cell, seed) units on a pool of Deno workers,
 * and keeps the run folder up to date after every finished unit, so an interrupted run
 * keeps its finished units and `resume` finishes the rest.
 *
 * @module
 */

import { environment } from "./provenance.ts";
import {
  type BackendName,
  checkBackend,
  defaultBackendName,
  kernelsByName,
} from "../numerics/backends.ts";
import { explainWriteError } from "./atomic.ts";
import type { Json } from "./canonical.ts";
import { runUnit, type UnitResult } from "./cell.ts";
import type { AnyExperiment } from "./define.ts";
import { type Cell, type Overrides, type Plan, planExperiment, shardCells } from "./grid.ts";
import { INTERVAL_METHOD } from "./stats.ts";
import {
  makeRunId,
  type Manifest,
  readRun,
  removeTempFiles,
  type RunStatus,
  unitKey,
  type UnitState,
  writeRun,
} from "./store.ts";

/** What the runner reports as it goes. */
export type RunEvent =
  | {
    readonly type: "start";
    readonly dir: string;
    readonly plan: Plan;
    readonly total: number;
    readonly done: number;
    readonly workers: number;
  }
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

/** Options of {@link executeExperiment}. */
export interface RunOptions {
  /** Axis values, epochs or seeds replacing the definition's. */
  readonly overrides?: Overrides;
  /**
   * Parallel workers; 0 runs every unit in this thread (no workers).
   * @default {the number of cores}
   */
  readonly workers?: number;
  /** Run only shard `index` of `count` (1-based), chosen by cell id. */
  readonly shard?: { readonly index: number; readonly count: number };
  /** The results folder. @default {"results"} */
  readonly out?: string;
  /** A run folder to finish: its overrides and shard are reused, finished units kept. */
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
}

/** A finished (or interrupted) run. */
export interface RunResult {
  readonly dir: string;
  readonly status: RunStatus;
  readonly plan: Plan;
  readonly manifest: Manifest;
  readonly units: ReadonlyMap<string, UnitResult>;
}

interface WorkerReply {
  type: "epoch" | "done" | "error";
  epoch?: number;
  of?: number;
  result?: UnitResult;
  message?: string;
}

/** Runs one unit on a worker, relaying per-epoch progress. */
class UnitWorker {
  readonly #worker: Worker;
  constructor() {
    this.#worker = new Worker(new URL("./_worker.ts", import.meta.url), { type: "module" });
  }
  run(
    cell: Cell,
    seed: number,
    options: { baseDir?: string; dataDir?: string; backend: BackendName; boundary: boolean },
    onEpoch: (epoch: number, of: number) => void,
  ): Promise<UnitResult> {
    return new Promise((resolve, reject) => {
      this.#worker.onmessage = (e: MessageEvent<WorkerReply>) => {
        const m = e.data;
        if (m.type === "epoch") onEpoch(m.epoch!, m.of!);
        else if (m.type === "done") resolve(m.result!);
        else reject(new Error(m.message));
      };
      this.#worker.onerror = (e) => {
        e.preventDefault();
        reject(new Error(`A worker failed on cell ${cell.label}, seed ${seed}: ${e.message}`));
      };
      this.#worker.postMessage({ cell: { id: cell.id, config: cell.config }, seed, ...options });
    });
  }
  terminate(): void {
    this.#worker.terminate();
  }
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

/**
 * Runs an experiment into a run folder (manifest and CSVs; the HTML report is written by
 * the report floor's `runExperiment`).
 *
 * @param def The experiment.
 * @param options Overrides, workers, shard, output folder, resume, progress.
 * @returns The run.
 */
export async function executeExperiment(
  def: AnyExperiment,
  options: RunOptions = {},
): Promise<RunResult> {
  const workerCount = options.workers ?? navigator.hardwareConcurrency;
  if (!Number.isInteger(workerCount) || workerCount < 0) {
    throw new RangeError(`Invalid worker count: expected an integer ≥ 0, got ${workerCount}`);
  }
  let overrides = options.overrides ?? {};
  let shard = options.shard;
  let previous: Awaited<ReturnType<typeof readRun>> | undefined;
  if (options.resume !== undefined) {
    previous = await readRun(options.resume);
    if (previous.manifest.experiment !== def.name) {
      throw new TypeError(
        `Cannot resume ${options.resume}: it is a run of "${previous.manifest.experiment}", not "${def.name}"`,
      );
    }
    overrides = previous.manifest.overrides;
    shard = previous.manifest.shard ?? undefined;
  }
  checkShard(shard);
  const plan = await planExperiment(def, overrides, {
    ...(options.baseDir ? { baseDir: options.baseDir } : {}),
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
  });
  if (previous && previous.manifest.definitionHash !== plan.definitionHash) {
    throw new TypeError(
      `Cannot resume ${options.resume}: the experiment changed since that run (definition ${previous.manifest.definitionHash}, now ${plan.definitionHash})`,
    );
  }

  const backend = options.backend ?? defaultBackendName();
  checkBackend(backend); // fails here, before any folder or work, if the backend cannot load

  const started = new Date();
  const out = options.out ?? "results";
  let dir: string;
  if (previous) {
    dir = options.resume!;
    await removeTempFiles(dir);
  } else {
    const salt = `${plan.definitionHash}|${
      shard ? `${shard.index}/${shard.count}` : ""
    }|${Deno.pid}`;
    dir = `${out}/${plan.experiment}/${makeRunId(started, salt)}`;
    try {
      await Deno.mkdir(dir, { recursive: true });
    } catch (e) {
      throw explainWriteError(e, dir);
    }
  }

  const included = shard === undefined
    ? plan.cells
    : shardCells(plan.cells, shard.index, shard.count);
  const units = new Map<string, UnitResult>(previous?.units ?? []);
  const queue = included.flatMap((cell) =>
    plan.seeds.filter((seed) => !units.has(unitKey(cell.id, seed))).map((seed) => ({ cell, seed }))
  );
  // Longest units first, so the pool's last units finish close together. Results do not
  // depend on the order; only the wall-clock time does.
  const cost = new Map(included.map((c) => [c.id, estimatedCost(c)]));
  queue.sort((x, y) => cost.get(y.cell.id)! - cost.get(x.cell.id)!);
  const total = included.length * plan.seeds.length;
  const env = await environment(backend);
  const base: Omit<Manifest, "status" | "updated" | "ended" | "cells"> = previous?.manifest ?? {
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
    environment: env,
    started: started.toISOString(),
  };
  const includedIds = new Set(included.map((c) => c.id));
  const manifest = (status: RunStatus): Manifest => ({
    ...base,
    ...(previous
      ? { environment: env, resumed: [...(previous.manifest.resumed ?? []), started.toISOString()] }
      : {}),
    intervals: INTERVAL_METHOD,
    status,
    updated: new Date().toISOString(),
    ended: status === "running" ? null : new Date().toISOString(),
    cells: plan.cells.map((c) => ({
      id: c.id,
      index: c.index,
      label: c.label,
      params: c.params,
      config: c.config,
      included: includedIds.has(c.id),
      units: Object.fromEntries(
        plan.seeds.map((
          s,
        ): [string, UnitState] => [String(s), units.get(unitKey(c.id, s))?.status ?? "pending"]),
      ),
    })),
  });

  // Writes are chained so two units finishing together never interleave. A progress write
  // still waiting for its turn covers every unit finished by the time it starts: another one
  // is not queued behind it.
  let writing: Promise<void> = Promise.resolve();
  let progressQueued = false;
  const save = (status: RunStatus, summary: boolean) => {
    if (status === "running" && !summary && progressQueued) return writing;
    progressQueued = status === "running" && !summary;
    return writing = writing.then(() => {
      progressQueued = false;
      return writeRun(dir, manifest(status), plan, units, { summary });
    });
  };
  await save("running", true);

  const poolSize = Math.min(workerCount, queue.length);
  options.onEvent?.({
    type: "start",
    dir,
    plan,
    total,
    done: total - queue.length,
    workers: Math.max(poolSize, 1),
  });
  let failure: unknown;
  const interrupted = () => options.signal?.aborted === true;
  const unitOptions = {
    ...(options.baseDir ? { baseDir: options.baseDir } : {}),
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    backend,
  };
  const finish = (cell: Cell, seed: number, result: UnitResult) => {
    units.set(unitKey(cell.id, seed), result);
    options.onEvent?.({
      type: "unit-done",
      cell,
      seed,
      result,
      done: total - queue.length - active,
      total,
    });
    return save("running", false);
  };
  let active = 0;

  if (workerCount === 0) {
    while (queue.length > 0 && !interrupted() && failure === undefined) {
      const { cell, seed } = queue.shift()!;
      options.onEvent?.({ type: "unit-start", cell, seed });
      try {
        const result = await runUnit(cell, seed, {
          ...unitOptions,
          kernels: kernelsByName(backend),
          boundary: seed === plan.seeds[0],
          onEpoch: (epoch, of) => options.onEvent?.({ type: "epoch", cell, seed, epoch, of }),
        });
        await finish(cell, seed, result);
      } catch (e) {
        failure = e;
      }
    }
  } else {
    const pool = Array.from({ length: poolSize }, () => new UnitWorker());
    let stop: () => void = () => {};
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const onAbort = () => stop();
    options.signal?.addEventListener("abort", onAbort);
    const lanes = pool.map(async (worker) => {
      while (queue.length > 0 && !interrupted() && failure === undefined) {
        const { cell, seed } = queue.shift()!;
        active++;
        options.onEvent?.({ type: "unit-start", cell, seed });
        try {
          const result = await Promise.race([
            worker.run(
              cell,
              seed,
              { ...unitOptions, boundary: seed === plan.seeds[0] },
              (epoch, of) => options.onEvent?.({ type: "epoch", cell, seed, epoch, of }),
            ),
            stopped.then(() => undefined),
          ]);
          active--;
          if (result === undefined) return; // interrupted mid-unit: its result is dropped
          await finish(cell, seed, result);
        } catch (e) {
          active--;
          failure ??= e;
          stop();
        }
      }
    });
    await Promise.all(lanes);
    options.signal?.removeEventListener("abort", onAbort);
    pool.forEach((w) => w.terminate());
  }

  const status: RunStatus = failure !== undefined
    ? "failed"
    : interrupted()
    ? "interrupted"
    : "completed";
  await save(status, true);
  await writing;
  options.onEvent?.({ type: "end", status, dir });
  if (failure !== undefined) throw failure;
  return { dir, status, plan, manifest: manifest(status), units };
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
