/**
 * The runner: prepares a run (`prepare.ts`), then runs its (cell, seed) units on the
 * scheduler while the recorder keeps the run folder ({@link runToFolder}). An interrupted,
 * killed or failed run keeps its finished units, and `resume` finishes the rest. The
 * report floor's `runExperiment` adds the HTML report.
 *
 * @module
 */

import type { Cell, Plan, RunStatus } from "../records.ts";
import type { AnyExperiment } from "../plan/define.ts";
import { type PreparedRun, prepareRun, writeShardPlan } from "./prepare.ts";
import { Recorder } from "./recorder.ts";
import { runDecidedCells } from "./decided.ts";
import type { RunOptions, RunResult } from "./run_options.ts";
import {
  type Executor,
  InThreadExecutor,
  schedule,
  type ScheduleHooks,
  WorkerExecutor,
} from "./scheduler.ts";

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
  const recorder = await openRecorder(prepared, options);
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
  const progress = unitHooks(plan, recorder, options, {
    finished: total - queue.length,
    all: total,
  });
  let failure: unknown;
  try {
    ({ failure } = await schedule(queue, executors, progress.hooks, options.signal));
    if (failure === undefined) {
      failure = await runDecidedCells(prepared, recorder, { executors, progress, options });
    }
  } finally {
    executors.forEach((e) => e.close());
  }
  return await finish(prepared.dir, recorder, { failure, options });
}

/** The run folder's recorder: the folder locked (a stale lock taken over, with a note). */
async function openRecorder(prepared: PreparedRun, options: RunOptions): Promise<Recorder> {
  const { plan } = prepared;
  const recorder = await Recorder.open(prepared.dir, plan, prepared.base, prepared.included, {
    create: prepared.create,
    ...(prepared.previous ? { previous: prepared.previous } : {}),
    command: options.resume ? `resume of ${plan.experiment}` : `run of ${plan.experiment}`,
    labels: {
      ...(options.tags ? { tags: options.tags } : {}),
      ...(options.note !== undefined ? { note: options.note } : {}),
    },
    workers: prepared.workers === 0
      ? 1
      : Math.max(1, Math.min(prepared.workers, prepared.queue.length)),
    // A completed run resumed with nothing left keeps its end (and so its duration).
    ...(prepared.previous?.manifest.status === "completed" && prepared.queue.length === 0 &&
        prepared.previous.manifest.ended
      ? { ended: prepared.previous.manifest.ended }
      : {}),
  });
  if (prepared.base.plan !== undefined) await writeShardPlan(prepared.dir, plan);
  const stale = recorder.staleHolder;
  if (stale !== undefined) {
    options.onEvent?.({
      type: "note",
      message:
        `took over ${prepared.dir} from pid ${stale.pid} on ${stale.host} (started ${stale.started}), which is no longer running`,
    });
  }
  return recorder;
}

/** The scheduler's hooks: each unit's start, epochs and end told, its result recorded. */
interface Progress {
  readonly hooks: ScheduleHooks;
  /** Cells added during the run (a halving search's later rungs), by id. */
  readonly cellOf: Map<string, Cell>;
  /** Counts units added during the run: `added` in all, `done` of them already finished. */
  grow(added: number, done: number): void;
}

function unitHooks(
  plan: Plan,
  recorder: Recorder,
  options: RunOptions,
  count: { finished: number; all: number },
): Progress {
  const cellOf = new Map(plan.cells.map((c) => [c.id, c]));
  const hooks: ScheduleHooks = {
    onStart: (job) => {
      recorder.live?.started(job.cell.id, job.seed);
      options.onEvent?.({ type: "unit-start", cell: cellOf.get(job.cell.id)!, seed: job.seed });
    },
    onEpoch: (job, epoch, of, record) => {
      recorder.live?.epoch(job.cell.id, job.seed, record);
      options.onEvent?.({
        type: "epoch",
        cell: cellOf.get(job.cell.id)!,
        seed: job.seed,
        epoch,
        of,
        record,
      });
    },
    onDone: async (job, result) => {
      await recorder.record(result);
      // The unit is in the journal: its checkpoint is spent.
      await Deno.remove(job.checkpoint!.path).catch(() => {});
      count.finished++;
      options.onEvent?.({
        type: "unit-done",
        cell: cellOf.get(job.cell.id)!,
        seed: job.seed,
        result,
        done: count.finished,
        total: count.all,
      });
    },
  };
  return {
    hooks,
    cellOf,
    grow: (added, done) => {
      count.all += added;
      count.finished += done;
    },
  };
}

/** Ends the run: its status, the manifest and views written, a unit's failure thrown. */
async function finish(
  dir: string,
  recorder: Recorder,
  at: { failure: unknown; options: RunOptions },
): Promise<RunResult> {
  const { failure, options } = at;
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
    await Deno.remove(`${dir}/checkpoints`).catch(() => {}); // only when empty
    await Deno.remove(`${dir}/rungs`, { recursive: true }).catch(() => {}); // every rung ran
  }
  try {
    await recorder.finish(status, cause);
  } catch (e) {
    if (failure === undefined) throw e; // else the unit's failure is the cause to report
  }
  options.onEvent?.({ type: "end", status, dir });
  if (failure !== undefined) throw failure;
  return {
    dir,
    status,
    plan: recorder.plan,
    manifest: recorder.manifest(status),
    units: recorder.units,
  };
}
