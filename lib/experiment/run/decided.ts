/**
 * The cells a search decides while it runs, from the results of those before them:
 * successive halving's and Hyperband's later rungs, TPE's later batches. Each step waits
 * for every unit of the step before (synchronous), so every decision — and every file — is
 * the same for any number of workers, and a resumed run decides the same steps again.
 *
 * @module
 */

import { higherIsBetter, primaryMetric } from "../analysis/aggregate.ts";
import type { AnyExperiment } from "../plan/define.ts";
import { nextRung } from "../plan/halving.ts";
import { loadExperiment } from "../plan/load.ts";
import { planTrials } from "../plan/plan.ts";
import { searchBrackets } from "../plan/rungs.ts";
import { TPE_BATCH } from "../plan/search.ts";
import { type Observation, tpeBatch } from "../plan/tpe.ts";
import type { Cell, SearchSpec, UnitSummary } from "../records.ts";
import { unitKey } from "../store/manifest.ts";
import type { PreparedRun } from "./prepare.ts";
import type { Recorder } from "./recorder.ts";
import type { RunOptions } from "./run_options.ts";
import { type Executor, schedule, type ScheduleHooks } from "./scheduler.ts";

/** What the runner lends a search's later steps. */
export interface StepContext {
  readonly executors: Executor[];
  readonly progress: {
    readonly hooks: ScheduleHooks;
    /** Cells added during the run, by id. */
    readonly cellOf: Map<string, Cell>;
    /** Counts units added during the run: `added` in all, `done` of them already finished. */
    grow(added: number, done: number): void;
  };
  readonly options: RunOptions;
}

/**
 * Runs the cells a search decides as it goes, after its planned ones have run: nothing for
 * a grid, random or Sobol search.
 *
 * @param prepared The prepared run.
 * @param recorder Its recorder.
 * @param at Executors, progress and options.
 * @returns A unit's failure, if one failed.
 */
export function runDecidedCells(
  prepared: PreparedRun,
  recorder: Recorder,
  at: StepContext,
): Promise<unknown> {
  const brackets = searchBrackets(prepared.plan.search);
  if (brackets.length > 0) return runLaterRungs(prepared, recorder, at);
  if (prepared.plan.search?.kind === "tpe") return runLaterBatches(prepared, recorder, at);
  return Promise.resolve(undefined);
}

/**
 * Adds a step's cells to the run and runs their unfinished units.
 *
 * @param cells The step's cells (without indices).
 * @returns The cells as added, and a unit's failure if one failed.
 */
export async function runStep(
  prepared: PreparedRun,
  recorder: Recorder,
  at: StepContext,
  cells: readonly Omit<Cell, "index">[],
): Promise<{ added: Cell[]; failure: unknown }> {
  const { plan } = prepared, { progress, options } = at;
  const added = recorder.addCells(cells);
  for (const c of added) progress.cellOf.set(c.id, c);
  const jobs = added.flatMap((cell) =>
    plan.seeds.filter((seed) => !recorder.units.has(unitKey(cell.id, seed)))
      .map((seed) => prepared.job(cell, seed))
  );
  const units = added.length * plan.seeds.length;
  progress.grow(units, units - jobs.length);
  const { failure } = await schedule(jobs, at.executors, progress.hooks, options.signal);
  return { added, failure };
}

/** Whether every seed of a cell has finished. */
export function finishedCell(prepared: PreparedRun, recorder: Recorder, c: Cell): boolean {
  return prepared.plan.seeds.every((seed) => recorder.units.has(unitKey(c.id, seed)));
}

/**
 * Halving's and Hyperband's later rungs: rung k of every bracket decided from its rung
 * k − 1, then run together. Stops at the first rung that did not finish (interrupted).
 */
async function runLaterRungs(
  prepared: PreparedRun,
  recorder: Recorder,
  at: StepContext,
): Promise<unknown> {
  const { plan } = prepared;
  const brackets = searchBrackets(plan.search);
  const bracketOf = (c: Cell) => typeof c.params.bracket === "number" ? c.params.bracket : 0;
  const current = brackets.map((_, b) => plan.cells.filter((c) => bracketOf(c) === b));
  const depth = Math.max(...brackets.map((b) => b.length));
  for (let k = 1; k < depth; k++) {
    const all = current.flat();
    if (at.options.signal?.aborted || !all.every((c) => finishedCell(prepared, recorder, c))) {
      break;
    }
    const next = brackets.flatMap((rungs, b) =>
      k < rungs.length
        ? nextRung(
          current[b]!,
          plan.seeds,
          (id, seed) => recorder.units.get(unitKey(id, seed)),
          rungs[k]!.trials,
          rungs[k]!.epochs,
        )
        : []
    );
    const { added, failure } = await runStep(prepared, recorder, at, next);
    if (failure !== undefined) return failure;
    brackets.forEach((rungs, b) => {
      if (k < rungs.length) current[b] = added.filter((c) => bracketOf(c) === b);
    });
  }
  return undefined;
}

/**
 * TPE's later batches: batch b drawn from a model of every finished trial of batches
 * 0 … b − 1, its trials resolved by the experiment's functions, then run. Stops at the first
 * batch that did not finish (interrupted).
 */
async function runLaterBatches(
  prepared: PreparedRun,
  recorder: Recorder,
  at: StepContext,
): Promise<unknown> {
  const { plan } = prepared;
  const search = plan.search as Extract<SearchSpec, { kind: "tpe" }>;
  const size = search.batch ?? TPE_BATCH;
  const def = await definitionOf(prepared, at.options);
  const metric = primaryMetric(plan);
  let cells: Cell[] = [...plan.cells];
  for (let b = 1; b * size < search.trials; b++) {
    if (at.options.signal?.aborted || !cells.every((c) => finishedCell(prepared, recorder, c))) {
      break;
    }
    const observations: Observation[] = cells.map((c) => ({
      params: c.params,
      score: scoreOf(plan.seeds.map((seed) => recorder.units.get(unitKey(c.id, seed))!), metric),
    }));
    const trials = tpeBatch(plan.space!, observations, {
      seed: search.seed ?? 0,
      batch: b,
      count: Math.min(size, search.trials - b * size),
    });
    const next = await planTrials(def, prepared.overrides, trials, {
      ...(at.options.baseDir ? { baseDir: at.options.baseDir } : {}),
      ...(at.options.dataDir ? { dataDir: at.options.dataDir } : {}),
      ...(at.options.source ? { source: at.options.source } : {}),
    });
    const { added, failure } = await runStep(prepared, recorder, at, next);
    if (failure !== undefined) return failure;
    cells = [...cells, ...added.filter((c) => !cells.includes(c))];
  }
  return undefined;
}

/**
 * A trial's score for TPE, lower better: the primary metric on validation (training without
 * one), mean over seeds, negated where higher is better; a diverged seed makes it Infinity.
 */
function scoreOf(units: readonly UnitSummary[], metric: string): number {
  let sum = 0;
  for (const u of units) {
    const part = u.final.validation ?? u.final.train;
    const value = (part as Record<string, number> | undefined)?.[metric];
    if (u.status === "diverged" || value === undefined || !Number.isFinite(value)) return Infinity;
    sum += value;
  }
  return (higherIsBetter(`validation_${metric}`) ? -sum : sum) / units.length;
}

/** The experiment behind a run given as a plan: loaded again from its file. */
async function definitionOf(prepared: PreparedRun, options: RunOptions): Promise<AnyExperiment> {
  if (prepared.definition) return prepared.definition;
  if (options.source === undefined) {
    throw new TypeError(
      "Cannot draw a TPE search's later batches: the run was given a plan without its experiment file (source)",
    );
  }
  return (await loadExperiment(options.source)).definition;
}
