/**
 * A data set with what a report needs to describe it: the task kind, feature names and
 * class names.
 *
 * @module
 */

import { Matrix } from "../numerics/matrix.ts";
import type { Targets } from "../nn/losses/mod.ts";

/** Inputs (one example a row) and their targets. */
export interface Dataset {
  /** Features, one example a row. */
  readonly x: Matrix;
  /** Class indices or a target matrix, one per row of `x`. */
  readonly y: Targets;
}

/** What the targets are. */
export type Task = "binary" | "multiclass" | "regression";

/** Features, targets and their description. */
export interface LabeledDataset extends Dataset {
  /** A short name, e.g. `moons` or `mnist`. */
  readonly name: string;
  /** Binary or multi-class classification (targets are class indices) or regression. */
  readonly task: Task;
  /** One name per feature column. */
  readonly featureNames: readonly string[];
  /** Class names by index (classification only). */
  readonly classNames?: readonly string[];
  /** Name of each target column (regression only). */
  readonly targetNames?: readonly string[];
}

/**
 * A classification data set from features and class indices; the task is binary for
 * two classes, multi-class otherwise.
 *
 * @param name Short name.
 * @param x Features.
 * @param y Class indices in [0, classNames.length).
 * @param classNames Names by index.
 * @param featureNames Names of the columns (default `x0`, `x1`, …).
 * @returns The data set.
 */
export function classificationSet(
  name: string,
  x: Matrix,
  y: Int32Array,
  classNames: readonly string[],
  featureNames: readonly string[] = defaultNames("x", x.cols),
): LabeledDataset {
  return {
    name,
    task: classNames.length === 2 ? "binary" : "multiclass",
    x,
    y,
    featureNames,
    classNames,
  };
}

/**
 * A regression data set.
 *
 * @param name Short name.
 * @param x Features.
 * @param y Targets, one row per example.
 * @param featureNames Names of the feature columns.
 * @param targetNames Names of the target columns.
 * @returns The data set.
 */
export function regressionSet(
  name: string,
  x: Matrix,
  y: Matrix,
  featureNames: readonly string[] = defaultNames("x", x.cols),
  targetNames: readonly string[] = defaultNames("y", y.cols),
): LabeledDataset {
  return { name, task: "regression", x, y, featureNames, targetNames };
}

/**
 * `x0, x1, …`.
 *
 * @param prefix The prefix.
 * @param n How many.
 * @returns The names.
 */
export function defaultNames(prefix: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}${i}`);
}

/**
 * The rows of a data set at the given indices, in that order.
 *
 * @example
 * ```ts
 * import { classificationSet, takeRows } from "../../mod.ts";
 * import { Matrix } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const data = classificationSet("t", Matrix.fromRows([[1], [2], [3]]), Int32Array.of(0, 1, 0), ["a", "b"]);
 * const sub = takeRows(data, [2, 0]);
 * assert.deepEqual(Array.from(sub.x.data), [3, 1]);
 * assert.deepEqual(Array.from(sub.y as Int32Array), [0, 0]);
 * ```
 *
 * @param data The data set.
 * @param indices Row indices.
 * @returns A new data set (copies).
 */
export function takeRows(data: LabeledDataset, indices: ArrayLike<number>): LabeledDataset {
  const take = (m: Matrix) => {
    const out = Matrix.zeros(indices.length, m.cols, m.dtype);
    for (let r = 0; r < indices.length; r++) {
      const i = indices[r]!;
      out.data.set(m.data.subarray(i * m.cols, (i + 1) * m.cols), r * m.cols);
    }
    return out;
  };
  const y = data.y instanceof Int32Array
    ? Int32Array.from({ length: indices.length }, (_, r) => (data.y as Int32Array)[indices[r]!]!)
    : take(data.y);
  return { ...data, x: take(data.x), y };
}

/**
 * Counts examples per class.
 *
 * @param data A classification data set.
 * @returns One count per class name.
 */
export function classCounts(data: LabeledDataset): number[] {
  if (!(data.y instanceof Int32Array) || data.classNames === undefined) {
    throw new TypeError(`Cannot count classes of the ${data.task} data set ${data.name}`);
  }
  const counts = new Array<number>(data.classNames.length).fill(0);
  for (const c of data.y) counts[c]!++;
  return counts;
}
