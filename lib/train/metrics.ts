/**
 * Metrics: accuracy (one minus the lesson's 0-1 loss), confusion matrix, log-loss, MSE,
 * MAE and R².
 *
 * @module
 */

import type { Matrix } from "../numerics/matrix.ts";

function sameLength(what: string, a: ArrayLike<number>, b: ArrayLike<number>): void {
  if (a.length !== b.length) {
    throw new TypeError(`Cannot compute ${what}: ${a.length} predictions for ${b.length} targets`);
  }
  if (a.length === 0) throw new RangeError(`Cannot compute ${what} of zero examples`);
}

function sameShape(what: string, a: Matrix, b: Matrix): void {
  if (a.rows !== b.rows || a.cols !== b.cols) {
    throw new TypeError(`Cannot compute ${what}: predictions ${a.shape} vs targets ${b.shape}`);
  }
  if (a.data.length === 0) throw new RangeError(`Cannot compute ${what} of zero examples`);
}

/**
 * The fraction of predictions equal to the labels.
 *
 * @example
 * ```ts
 * import { accuracy } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(accuracy(Int32Array.of(0, 1, 1, 2), Int32Array.of(0, 1, 2, 2)), 0.75);
 * ```
 *
 * @param predicted Predicted class indices.
 * @param labels True class indices.
 * @returns Accuracy in [0, 1].
 */
export function accuracy(predicted: ArrayLike<number>, labels: ArrayLike<number>): number {
  sameLength("accuracy", predicted, labels);
  let hits = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) hits++;
  return hits / labels.length;
}

/**
 * Counts, row = true class, column = predicted class.
 *
 * @example
 * ```ts
 * import { confusionMatrix } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(confusionMatrix(Int32Array.of(0, 1, 1), Int32Array.of(0, 0, 1), 2), [[1, 1], [0, 1]]);
 * ```
 *
 * @param predicted Predicted class indices.
 * @param labels True class indices.
 * @param classes Number of classes.
 * @returns A classes × classes table of counts.
 */
export function confusionMatrix(
  predicted: ArrayLike<number>,
  labels: ArrayLike<number>,
  classes: number,
): number[][] {
  sameLength("a confusion matrix", predicted, labels);
  const table = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < labels.length; i++) {
    const t = labels[i]!, p = predicted[i]!;
    if (t < 0 || t >= classes || p < 0 || p >= classes) {
      throw new RangeError(
        `Cannot count example ${i}: class ${t} or ${p} outside [0, ${classes - 1}]`,
      );
    }
    table[t]![p]!++;
  }
  return table;
}

/**
 * Mean negative log-likelihood of the true class. For one column, the column is
 * P(class 1); otherwise one column per class. Probabilities are clamped to [1e-15, 1].
 *
 * @example
 * ```ts
 * import { logLoss } from "../../mod.ts";
 * import { Matrix } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(logLoss(Matrix.fromRows([[0.5, 0.5]]), Int32Array.of(0)), Math.log(2));
 * ```
 *
 * @param probabilities One row per example.
 * @param labels True class indices.
 * @returns The log-loss.
 */
export function logLoss(probabilities: Matrix, labels: ArrayLike<number>): number {
  sameLength("log-loss", { length: probabilities.rows }, labels);
  let sum = 0;
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i]!;
    const p = probabilities.cols === 1
      ? (y === 1 ? probabilities.get(i, 0) : 1 - probabilities.get(i, 0))
      : probabilities.get(i, y);
    sum -= Math.log(Math.max(p, 1e-15));
  }
  return sum / labels.length;
}

/**
 * Mean squared error over every element.
 *
 * @example
 * ```ts
 * import { meanSquaredError } from "../../mod.ts";
 * import { Matrix } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(meanSquaredError(Matrix.fromRows([[1], [2]]), Matrix.fromRows([[1], [4]])), 2);
 * ```
 *
 * @param predicted Predictions.
 * @param targets Targets of the same shape.
 * @returns The MSE.
 */
export function meanSquaredError(predicted: Matrix, targets: Matrix): number {
  sameShape("MSE", predicted, targets);
  let s = 0;
  for (let i = 0; i < predicted.data.length; i++) s += (predicted.data[i]! - targets.data[i]!) ** 2;
  return s / predicted.data.length;
}

/**
 * Mean absolute error over every element.
 *
 * @example
 * ```ts
 * import { meanAbsoluteError } from "../../mod.ts";
 * import { Matrix } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(meanAbsoluteError(Matrix.fromRows([[1], [2]]), Matrix.fromRows([[1], [4]])), 1);
 * ```
 *
 * @param predicted Predictions.
 * @param targets Targets of the same shape.
 * @returns The MAE.
 */
export function meanAbsoluteError(predicted: Matrix, targets: Matrix): number {
  sameShape("MAE", predicted, targets);
  let s = 0;
  for (let i = 0; i < predicted.data.length; i++) {
    s += Math.abs(predicted.data[i]! - targets.data[i]!);
  }
  return s / predicted.data.length;
}

/**
 * Coefficient of determination 1 − SS_res / SS_tot, over all elements (column means
 * taken per column). 1 is perfect; 0 is no better than predicting the mean.
 *
 * @example
 * ```ts
 * import { r2Score } from "../../mod.ts";
 * import { Matrix } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const y = Matrix.fromRows([[1], [2], [3]]);
 * assert.equal(r2Score(y, y), 1);
 * assert.equal(r2Score(Matrix.fromRows([[2], [2], [2]]), y), 0);
 * ```
 *
 * @param predicted Predictions.
 * @param targets Targets of the same shape.
 * @returns R².
 */
export function r2Score(predicted: Matrix, targets: Matrix): number {
  sameShape("R²", predicted, targets);
  const n = targets.rows, c = targets.cols;
  let res = 0, tot = 0;
  for (let j = 0; j < c; j++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += targets.get(i, j);
    mean /= n;
    for (let i = 0; i < n; i++) {
      res += (targets.get(i, j) - predicted.get(i, j)) ** 2;
      tot += (targets.get(i, j) - mean) ** 2;
    }
  }
  return tot === 0 ? (res === 0 ? 1 : 0) : 1 - res / tot;
}
