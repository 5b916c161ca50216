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
import { describe, type Path, type Problem, ValidationError } from "../../problems.ts";
import {
  type AxisSpec,
  type Distribution,
  type Json,
  METRIC_NAMES,
  type MetricName,
  type SearchSpec,
} from "../records.ts";
import { distributionProblems, isDistribution, searchProblems } from "./search.ts";

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
   * configurations drawn at random or from a scrambled Sobol sequence.
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

const NAME = /^[a-z0-9][a-z0-9_-]*$/;

/** Every field of a definition (the compiler checks this matches {@link ExperimentDefinition}). */
const DEFINITION_FIELDS: { readonly [K in keyof ExperimentDefinition]-?: true } = {
  name: true,
  description: true,
  grid: true,
  cases: true,
  seeds: true,
  data: true,
  split: true,
  standardize: true,
  model: true,
  loss: true,
  optimizer: true,
  epochs: true,
  batchSize: true,
  patience: true,
  restoreBest: true,
  l2: true,
  schedule: true,
  metrics: true,
  quick: true,
  search: true,
};

/**
 * Problems with the parts of a definition that do not depend on the cells.
 *
 * @param def The value to check.
 * @returns The problems.
 */
export function definitionProblems(def: unknown): Problem[] {
  if (typeof def !== "object" || def === null) {
    return [{
      path: [],
      message: `expected an experiment object (defineExperiment({...})), got ${describe(def)}`,
    }];
  }
  const d = def as Record<string, unknown>;
  return [
    ...fieldProblems(d),
    ...gridProblems(d),
    ...caseProblems(d),
    ...seedProblems(d.seeds, ["seeds"]),
    ...searchProblems(d.search),
    ...metricProblems(d),
  ];
}

/** The name, description and model's form; required and unknown fields. */
function fieldProblems(d: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  const need = (ok: boolean, field: string, expected: string) => {
    if (!ok) {
      problems.push({ path: [field], message: `expected ${expected}, got ${describe(d[field])}` });
    }
  };
  need(
    typeof d.name === "string" && NAME.test(d.name),
    "name",
    "a name of lower-case letters, digits, - and _",
  );
  need(typeof d.description === "string", "description", "a string");
  need(
    typeof d.model === "function" || Array.isArray(d.model),
    "model",
    "a list of layers or a function (params, shape) => layers",
  );
  for (const key of ["data", "optimizer", "epochs", "batchSize"]) {
    if (d[key] === undefined) problems.push({ path: [key], message: "required" });
  }
  const known = new Set(Object.keys(DEFINITION_FIELDS));
  for (const key of Object.keys(d)) {
    if (!known.has(key)) problems.push({ path: [key], message: "unknown field" });
  }
  return problems;
}

/** The grid: named axes, each a non-empty list of JSON values or (in a search) a distribution. */
function gridProblems(d: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  if (d.grid === undefined) return problems;
  if (typeof d.grid !== "object" || d.grid === null || Array.isArray(d.grid)) {
    return [{
      path: ["grid"],
      message: `expected an object of named axes, got ${describe(d.grid)}`,
    }];
  }
  for (const [axis, values] of Object.entries(d.grid)) {
    if (isReservedAxis(axis)) {
      problems.push({
        path: ["grid", axis],
        message:
          `"${axis}" is a column of the run's files; name the axis differently (e.g. "${axis}_")`,
      });
    }
    problems.push(...axisProblems(axis, values, d.search));
  }
  return problems;
}

function axisProblems(axis: string, values: unknown, search: unknown): Problem[] {
  if (isDistribution(values)) {
    const problems = distributionProblems(values as Record<string, unknown>, ["grid", axis]);
    const kind = (search as { kind?: unknown } | undefined)?.kind ?? "grid";
    if (kind === "grid") {
      problems.push({
        path: ["grid", axis],
        message:
          'a distribution needs search: { kind: "random" | "sobol", trials: n }; a grid takes a list of values',
      });
    }
    return problems;
  }
  if (!Array.isArray(values) || values.length === 0) {
    return [{
      path: ["grid", axis],
      message: `expected a non-empty array of values, got ${describe(values)}`,
    }];
  }
  return values.flatMap((v, i) => {
    const why = notJson(v);
    return why === undefined
      ? []
      : [{ path: ["grid", axis, i], message: `expected a JSON value, got ${why}` }];
  });
}

/** The extra cases: objects with exactly the grid's axes, JSON values. */
function caseProblems(d: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  if (d.cases !== undefined) {
    if (!Array.isArray(d.cases)) {
      problems.push({
        path: ["cases"],
        message: `expected an array of parameter objects, got ${describe(d.cases)}`,
      });
    } else {
      const axes = Object.keys((d.grid as object | undefined) ?? {}).sort().join(",");
      d.cases.forEach((c, i) => {
        if (typeof c !== "object" || c === null) {
          problems.push({ path: ["cases", i], message: `expected an object, got ${describe(c)}` });
        } else if (Object.keys(c).sort().join(",") !== axes) {
          problems.push({
            path: ["cases", i],
            message: `expected exactly the grid's axes (${axes || "none"})`,
          });
        } else {
          for (const [axis, v] of Object.entries(c)) {
            const why = notJson(v);
            if (why !== undefined) {
              problems.push({
                path: ["cases", i, axis],
                message: `expected a JSON value, got ${why}`,
              });
            }
          }
        }
      });
    }
  }
  return problems;
}

/** The metrics: a non-empty list of known names. */
function metricProblems(d: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  if (d.metrics !== undefined) {
    if (!Array.isArray(d.metrics) || d.metrics.length === 0) {
      problems.push({
        path: ["metrics"],
        message: `expected a non-empty array, got ${describe(d.metrics)}`,
      });
    } else {
      d.metrics.forEach((m, i) => {
        if (!(METRIC_NAMES as readonly unknown[]).includes(m)) {
          problems.push({
            path: ["metrics", i],
            message: `unknown metric ${describe(m)}; expected one of ${METRIC_NAMES.join(", ")}`,
          });
        }
      });
    }
  }
  return problems;
}

/** Columns of cells.csv, summary.csv and epochs.csv that a grid axis would collide with. */
const RESERVED_AXES = new Set([
  "cell_id",
  "cell_index",
  "label",
  "seed",
  "seeds",
  "status",
  "epoch",
  "epochs_run",
  "best_epoch",
  "final_epoch",
  "diverged",
  "seconds",
]);

/**
 * Whether an axis name is taken by a column of the run's files (`cell_id`, `seed`,
 * `train_loss`, `max_abs_weight_1` …).
 *
 * @param axis The axis name.
 * @returns True when reserved.
 */
export function isReservedAxis(axis: string): boolean {
  return RESERVED_AXES.has(axis) || /^(train|validation|test)_/.test(axis) ||
    /^max_abs_weight_\d+$/.test(axis);
}

/**
 * Why a value is not plain JSON (undefined when it is): functions, BigInts, `undefined`,
 * non-finite numbers, class instances and cycles are not.
 *
 * @example
 * ```ts
 * import { notJson } from "./define.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(notJson({ a: [1, "x", null] }), undefined);
 * assert.equal(notJson(() => 1), "a function");
 * const loop: Record<string, unknown> = {};
 * loop.self = loop;
 * assert.equal(notJson(loop), "a circular value (at .self)");
 * ```
 *
 * @param value The value.
 * @returns What it is instead, or undefined.
 */
export function notJson(value: unknown): string | undefined {
  const walk = (v: unknown, path: string, seen: object[]): string | undefined => {
    const at = path ? ` (at ${path})` : "";
    switch (typeof v) {
      case "string":
      case "boolean":
        return undefined;
      case "number":
        return Number.isFinite(v) ? undefined : `${v}${at}`;
      case "function":
        return `a function${at}`;
      case "bigint":
        return `a BigInt${at}`;
      case "undefined":
        return `undefined${at}`;
      case "symbol":
        return `a symbol${at}`;
    }
    if (v === null) return undefined;
    if (seen.includes(v as object)) return `a circular value${at}`;
    const proto = Object.getPrototypeOf(v);
    if (!Array.isArray(v) && proto !== Object.prototype && proto !== null) {
      return `a ${proto?.constructor?.name ?? "class"} object${at}`;
    }
    const inner = [...seen, v as object];
    for (const [k, item] of Object.entries(v as object)) {
      const why = walk(item, Array.isArray(v) ? `${path}[${k}]` : `${path}.${k}`, inner);
      if (why !== undefined) return why;
    }
    return undefined;
  };
  return walk(value, "", []);
}

/**
 * Problems with a seeds value: a positive count or a non-empty list of distinct integers in
 * [0, 2³² − 1].
 *
 * @param seeds The value.
 * @param path Its path.
 * @returns The problems.
 */
export function seedProblems(seeds: unknown, path: Path): Problem[] {
  if (seeds === undefined) return [];
  if (typeof seeds === "number") {
    return Number.isInteger(seeds) && seeds >= 1 && seeds <= 1000 ? [] : [{
      path,
      message: `expected a count from 1 to 1000 or a list of seeds, got ${describe(seeds)}`,
    }];
  }
  if (!Array.isArray(seeds) || seeds.length === 0) {
    return [{
      path,
      message: `expected a count or a non-empty list of seeds, got ${describe(seeds)}`,
    }];
  }
  const problems: Problem[] = [];
  seeds.forEach((s, i) => {
    if (!(Number.isInteger(s) && s >= 0 && s <= 0xffffffff)) {
      problems.push({
        path: [...path, i],
        message: `expected an integer in [0, 4294967295], got ${describe(s)}`,
      });
    } else if (seeds.indexOf(s) !== i) {
      problems.push({ path: [...path, i], message: `seed ${s} is listed twice` });
    }
  });
  return problems;
}

/**
 * The seed list of a seeds value: a count n means 1 … n.
 *
 * @param seeds A count or a list. @default {3}
 * @returns The seeds.
 */
export function seedList(seeds: number | readonly number[] = 3): number[] {
  return typeof seeds === "number" ? Array.from({ length: seeds }, (_, i) => i + 1) : [...seeds];
}

/**
 * Throws a {@link ValidationError} listing every problem, if any.
 *
 * @param problems The problems.
 * @param subject What was checked.
 */
export function throwIfProblems(problems: readonly Problem[], subject = "experiment"): void {
  if (problems.length > 0) throw new ValidationError(subject, problems);
}
