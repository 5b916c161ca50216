/**
 * JSON values, a cell's parameters, and how a run chooses its cells: a grid, or a search —
 * random, Sobol, successive halving, Hyperband, TPE — over axes that may be distributions.
 * Types (and one predicate) shared by every room of the runner, re-exported by `records.ts`.
 *
 * @module
 */

/** Any JSON value. */
export type Json = null | boolean | number | string | readonly Json[] | {
  readonly [key: string]: Json;
};

/** A cell's parameters: one value per grid axis. */
export type Params = { readonly [axis: string]: Json };

/** A distribution for one axis of a search. */
export type Distribution =
  | { readonly uniform: readonly [number, number] }
  | { readonly logUniform: readonly [number, number] }
  | { readonly int: readonly [number, number] };

/** A grid axis: a list of values (a choice), or a distribution (random and Sobol search). */
export type AxisSpec = readonly Json[] | Distribution;

/** How cells are chosen. */
export type SearchSpec =
  | { readonly kind: "grid" }
  | {
    readonly kind: "random" | "sobol";
    /** How many configurations to draw. */
    readonly trials: number;
    /** The root of the draws' streams. @default {0} */
    readonly seed?: number;
  }
  | {
    /**
     * Successive halving (Li et al. 2017): `trials` random configurations run `minEpochs`
     * epochs; the best 1/`reduction` on the validation loss (mean over seeds) run
     * `reduction` times longer, and so on up to the experiment's `epochs`. Rungs are
     * synchronous, so every decision, and every file, is the same for any number of workers.
     */
    readonly kind: "halving";
    readonly trials: number;
    /** How many times fewer trials, and longer, each rung. @default {3} */
    readonly reduction?: number;
    /** Epochs of the first rung. */
    readonly minEpochs: number;
    readonly seed?: number;
    /** The last rung's epochs: the experiment's `epochs` (filled in by the planner). */
    readonly maxEpochs?: number;
  }
  | {
    /**
     * Hyperband (Li et al. 2018): several successive-halving brackets, from many trials
     * started at `minEpochs` to a few trained the experiment's `epochs` from the start —
     * hedging how early a trial can be judged. Bracket s of s_max … 0 starts
     * ⌈(s_max+1)/(s+1)·ηˢ⌉ random trials at epochs/ηˢ; each trial going on continues from
     * its previous rung. `iterations` runs the brackets that many times with new trials.
     */
    readonly kind: "hyperband";
    /** η: how many times fewer trials, and longer, each rung. @default {3} */
    readonly reduction?: number;
    /** Epochs of the most aggressive bracket's first rung. */
    readonly minEpochs: number;
    /** How many times the brackets run, each with new trials. @default {1} */
    readonly iterations?: number;
    readonly seed?: number;
    /** The experiment's `epochs` (filled in by the planner). */
    readonly maxEpochs?: number;
    /** Trials of all brackets' first rungs (filled in by the planner). */
    readonly trials?: number;
  }
  | {
    /**
     * Tree-structured Parzen estimator (Bergstra et al. 2011; Optuna's default sampler):
     * `trials` in synchronous batches of `batch`; the first drawn at random, each later
     * one from a model of which values did well — fitted on every finished trial of the
     * batches before it (the primary metric on validation) — each trial from its own
     * stream (search seed, batch, trial), so the same trials for any number of workers.
     */
    readonly kind: "tpe";
    readonly trials: number;
    /** Trials drawn at once from the same model (and run side by side). @default {4} */
    readonly batch?: number;
    readonly seed?: number;
  };

/**
 * Whether a search decides cells while it runs, from its trials' results (halving's and
 * Hyperband's later rungs, TPE's later batches): then it cannot be sharded.
 *
 * @param search The search.
 * @returns True for halving, hyperband and tpe.
 */
export function decidedDuringRun(search: SearchSpec | undefined): boolean {
  return search?.kind === "halving" || search?.kind === "hyperband" || search?.kind === "tpe";
}
