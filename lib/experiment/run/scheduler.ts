/**
 * The scheduler: hands units to executors — Deno workers, or one in-thread executor when
 * `workers` is 0 — one loop for both, until the queue is empty, a unit fails or the run is
 * stopped. When the run is stopped, each unit in progress saves a checkpoint at the end of
 * its current epoch and stops (or finishes, if that was its last epoch); resume goes on
 * from there.
 *
 * @module
 */

import { kernelsByName } from "../../numerics/backends.ts";
import { TrainingStopped } from "../../train/fit.ts";
import { errorFrom } from "../thread_error.ts";
import type { FromWorker, ToWorker, UnitJob } from "./messages.ts";
import { runUnit } from "./unit.ts";
import type { UnitResult } from "../records.ts";
import type { EpochRecord } from "../../train/fit.ts";

/** Runs units, one at a time. */
export interface Executor {
  /** Runs a unit, reporting each epoch. */
  run(
    job: UnitJob,
    onEpoch: (epoch: number, of: number, record: EpochRecord) => void,
  ): Promise<UnitResult>;
  /** Asks the unit in progress to save and stop at the end of its epoch. */
  requestStop(): void;
  /** Frees the executor. */
  close(): void;
}

/** Runs units in this thread (no parallelism; for `workers: 0`, tests and debugging). */
export class InThreadExecutor implements Executor {
  #stop = false;
  /** @inheritdoc */
  run(
    job: UnitJob,
    onEpoch: (epoch: number, of: number, record: EpochRecord) => void,
  ): Promise<UnitResult> {
    return runUnit(job.cell, job.seed, {
      kernels: kernelsByName(job.backend),
      boundary: job.boundary,
      keepModel: job.keepModel,
      streams: job.streams,
      ...(job.rung ? { rung: job.rung } : {}),
      ...(job.baseDir ? { baseDir: job.baseDir } : {}),
      ...(job.dataDir ? { dataDir: job.dataDir } : {}),
      ...(job.checkpoint ? { checkpoint: { ...job.checkpoint, stop: () => this.#stop } } : {}),
      onEpoch,
    });
  }
  /** @inheritdoc */
  requestStop(): void {
    this.#stop = true;
  }
  /** @inheritdoc */
  close(): void {}
}

/** Runs units on a Deno worker of its own. */
export class WorkerExecutor implements Executor {
  readonly #worker = new Worker(new URL("./_worker.ts", import.meta.url), { type: "module" });
  readonly #stop = new Int32Array(new SharedArrayBuffer(4));
  constructor() {
    this.#worker.postMessage({ type: "init", stop: this.#stop.buffer } satisfies ToWorker);
  }
  /** @inheritdoc */
  run(
    job: UnitJob,
    onEpoch: (epoch: number, of: number, record: EpochRecord) => void,
  ): Promise<UnitResult> {
    return new Promise((resolve, reject) => {
      this.#worker.onmessage = (e: MessageEvent<FromWorker>) => {
        const m = e.data;
        if (m.type === "epochs") { for (const r of m.records) onEpoch(r.epoch, m.of, r); }
        else if (m.type === "done") resolve(m.result);
        else if (m.type === "stopped") reject(new TrainingStopped(m.epoch));
        else reject(errorFrom(m.error));
      };
      this.#worker.onerror = (e) => {
        e.preventDefault();
        reject(new Error(`A worker failed: ${e.message}`));
      };
      this.#worker.postMessage({ type: "run", job } satisfies ToWorker);
    });
  }
  /** @inheritdoc */
  requestStop(): void {
    Atomics.store(this.#stop, 0, 1);
  }
  /** @inheritdoc */
  close(): void {
    this.#worker.terminate();
  }
}

/** What the scheduler tells its caller. */
export interface ScheduleHooks {
  readonly onStart?: (job: UnitJob) => void;
  readonly onEpoch?: (job: UnitJob, epoch: number, of: number, record: EpochRecord) => void;
  /** A unit finished; the next unit on this executor waits for this to resolve. */
  readonly onDone: (job: UnitJob, result: UnitResult) => Promise<void>;
}

/**
 * Runs the queue on the executors until it is empty, a unit fails or `signal` aborts.
 *
 * @param queue Units to run, taken from the front.
 * @param executors One lane each.
 * @param hooks Progress and the finished-unit callback.
 * @param signal Stops handing out units; units in progress save and stop at their epoch's end.
 * @returns The first failure, if any (a unit's error or a failed `onDone`).
 */
export async function schedule(
  queue: UnitJob[],
  executors: readonly Executor[],
  hooks: ScheduleHooks,
  signal?: AbortSignal,
): Promise<{ failure?: unknown }> {
  let failure: unknown, failed = false;
  const stopAll = () => executors.forEach((e) => e.requestStop());
  signal?.addEventListener("abort", stopAll);
  if (signal?.aborted) stopAll();
  const going = () => !failed && signal?.aborted !== true;
  const lanes = executors.map(async (executor) => {
    while (queue.length > 0 && going()) {
      const job = queue.shift()!;
      hooks.onStart?.(job);
      try {
        const result = await executor.run(
          job,
          (epoch, of, record) => hooks.onEpoch?.(job, epoch, of, record),
        );
        await hooks.onDone(job, result);
      } catch (e) {
        if (e instanceof TrainingStopped) return; // saved; resume goes on from its checkpoint
        if (!failed) failure = e, failed = true;
        stopAll();
      }
    }
  });
  await Promise.all(lanes);
  signal?.removeEventListener("abort", stopAll);
  return failed ? { failure } : {};
}
