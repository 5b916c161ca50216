/**
 * Declaring an experiment: a data set, a model builder, an optimiser, training settings
 * and a grid of named hyper-parameter axes (data sets and architectures are axes like
 * any other). Every field may be a constant or a function of the cell's parameters.
 *
 * @module
 */

import type { DatasetSpec, Shape } from "../../data/kinds/mod.ts";
import type { LossKind } from "../../nn/losses/mod.ts";
import type { OptimizerSpec } from "../../nn/optimizers/mod.ts";
import type { LayerSpec } from "../../nn/spec.ts";
import type { ScheduleSpec } from "../../train/schedules/mod.ts";
import {
  type AxisSpec,
  type Distribution,
  type Json,
  type MetricName,
  type SearchSpec,
} from "../records.ts";

/** The parameters of a cell of grid G. */
export type CellParams<G> = {
  readonly [K in keyof G]: G[K] extends readonly (infer V)[] ? V
    : G[K] extends Distribution ? number
    : Json;
};

/** A constant, or a function of the cell's parameters. */
export type Resolvable<T, P> = T | ((params: P) => T);

/** What the model builder knows about the data: the data set's {@link Shape}. */
export type DataShape = Shape;

/** How a data set without its own test set is split. */
export interface SplitSpec {
  /** Fraction for validation (per-epoch metrics, early stopping). @default {0.2} */
  readonly validation?: number;
  /** Fraction for the final test (ignored when the data set has its own, like MNIST). @default {0.2} */
  readonly test?: number;
  /** Keep class proportions in each part. @default {true} */
  readonly stratify?: boolean;
}

/** An experiment, as declared in `experiments/<name>.ts`. */
export interface ExperimentDefinition<
  G extends Record<string, AxisSpec> = Record<string, AxisSpec>,
> {
  /** Identifier: lower-case letters, digits, `-` and `_`; names the results folder. */
  readonly name: string;
  /** One line on what the study asks. */
  readonly description: string;
  /**
   * Named axes: lists of values (their cartesian product is the grid, in declaration order),
   * or for a random or Sobol `search` also distributions (`{ logUniform: [0.001, 0.5] }`).
   */
  readonly grid?: G;
  /**
   * How cells are chosen: every combination (`grid`, the default), or `trials`
   * configurations drawn at random or from a Sobol sequence with a random digital shift.
   * @default {{ kind: "grid" }}
   */
  readonly search?: SearchSpec;
  /** Extra cells beyond the grid, each giving a value for every axis. */
  readonly cases?: readonly CellParams<G>[];
  /** Seeds each cell runs with: a count n (seeds 1 … n) or a list. @default {3} */
  readonly seeds?: number | readonly number[];
  /** The data set. */
  readonly data: Resolvable<DatasetSpec, CellParams<G>>;
  /** How to split data without its own test set. @default {{ validation: 0.2, test: 0.2 }} */
  readonly split?: Resolvable<SplitSpec | undefined, CellParams<G>>;
  /** Standardise features with training statistics. @default {false} */
  readonly standardize?: Resolvable<boolean | undefined, CellParams<G>>;
  /**
   * The layers: a constant list, or a function of the cell's parameters and the data's
   * shape (its inputs and outputs are known only once the data set is).
   */
  readonly model:
    | readonly LayerSpec[]
    | ((params: CellParams<G>, shape: DataShape) => readonly LayerSpec[]);
  /** The loss. @default {"softmax_cross_entropy" for classification, "mse" for regression} */
  readonly loss?: Resolvable<LossKind | undefined, CellParams<G>>;
  /** The optimiser. */
  readonly optimizer: Resolvable<OptimizerSpec, CellParams<G>>;
  /** Epochs (an upper bound with early stopping). */
  readonly epochs: Resolvable<number, CellParams<G>>;
  /** Examples per minibatch. */
  readonly batchSize: Resolvable<number, CellParams<G>>;
  /** Early-stopping patience in epochs (on the validation loss). @default {no early stopping} */
  readonly patience?: Resolvable<number | undefined, CellParams<G>>;
  /**
   * With `patience`: the final metrics come from the weights of the epoch with the lowest
   * validation loss (recorded as `final_epoch`), not from the last epoch run.
   * @default {true}
   */
  readonly restoreBest?: Resolvable<boolean | undefined, CellParams<G>>;
  /** L2 strength λ (weights only). @default {0} */
  readonly l2?: Resolvable<number | undefined, CellParams<G>>;
  /** The learning rate per epoch, e.g. `{ kind: "cosine" }`. @default {constant} */
  readonly schedule?: Resolvable<ScheduleSpec | undefined, CellParams<G>>;
  /** Metrics shown in summaries and reports. @default {["accuracy", "loss"] or ["mse", "r2", "loss"]} */
  readonly metrics?: readonly MetricName[];
  /**
   * The primary metric: the one the best cell of each data set is chosen by (on
   * validation), the first screen of the report ranks cells by, and the verdict and Holm
   * family of a comparison cover (the other metrics are shown as secondary). One of
   * `metrics`.
   * @default {the first of `metrics`: accuracy for classification, mse for regression}
   */
  readonly primary?: MetricName;
  /**
   * The study's quick mode (`--quick`): fields that replace the definition's for a small,
   * fast run — less data, fewer epochs and seeds — so tests can run every study end to end.
   */
  readonly quick?: Omit<Partial<ExperimentDefinition<G>>, "name" | "description" | "quick">;
}

/**
 * Declares an experiment. The definition is checked when it runs (every problem at once,
 * each with its path); this function only gives it its type.
 *
 * @example
 * ```ts
 * import { defineExperiment } from "../../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const exp = defineExperiment({
 *   name: "tiny",
 *   description: "Learning rates on moons",
 *   grid: { lr: [0.01, 0.1] },
 *   data: { kind: "moons", n: 100 },
 *   model: (_p, shape) => [{ kind: "dense", units: 8 }, { kind: "tanh" }, { kind: "dense", units: shape.outputs }],
 *   optimizer: (p) => ({ kind: "sgd", lr: p.lr }),
 *   epochs: 5,
 *   batchSize: 8,
 * });
 * assert.equal(exp.name, "tiny");
 * ```
 *
 * @param definition The experiment.
 * @returns The same object, typed.
 */
export function defineExperiment<const G extends Record<string, AxisSpec>>(
  definition: ExperimentDefinition<G>,
): ExperimentDefinition<G> {
  return definition;
}

/** Any experiment definition, whatever its grid. */
// deno-lint-ignore no-explicit-any
export type AnyExperiment = ExperimentDefinition<any>;
