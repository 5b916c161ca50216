/**
 * Evaluation: a network's metrics on a data set, in chunks, without training — and the
 * check that data fits a network, shared with `fit`.
 *
 * @module
 */

import type { Dataset } from "../data/dataset.ts";
import { Matrix } from "../numerics/matrix.ts";
import { classify, type Loss, type Targets } from "../nn/losses/mod.ts";
import type { Network } from "../nn/network.ts";
import { meanAbsoluteError, meanSquaredError, r2Score } from "./metrics.ts";

/** Metrics of one pass over a data set: `loss` plus `accuracy` or `mse`, `mae`, `r2`. */
export interface Metrics {
  /** The mean loss (without the L2 penalty). */
  readonly loss: number;
  /** Classification: the fraction classified right (1 − the 0-1 loss). */
  readonly accuracy?: number;
  /** Regression: mean squared error. */
  readonly mse?: number;
  /** Regression: mean absolute error. */
  readonly mae?: number;
  /** Regression: coefficient of determination. */
  readonly r2?: number;
}

function rowsOf(y: Targets): number {
  return y instanceof Int32Array ? y.length : y.rows;
}

export function checkData(what: string, net: Network, data: Dataset): void {
  if (data.x.cols !== net.inputs) {
    throw new TypeError(
      `Cannot use the ${what} data: the network takes ${net.inputs} features, the data has ${data.x.cols} (shape ${data.x.shape})`,
    );
  }
  if (rowsOf(data.y) !== data.x.rows) {
    throw new TypeError(
      `Cannot use the ${what} data: ${data.x.rows} examples but ${rowsOf(data.y)} targets`,
    );
  }
  if (data.x.rows === 0) throw new RangeError(`Cannot use the ${what} data: it has no examples`);
}

/**
 * Loss and metrics of a network over a data set, computed in chunks.
 *
 * @example
 * ```ts
 * import { evaluate } from "../../mod.ts";
 * import { Network } from "../../mod.ts";
 * import { MeanSquaredError } from "../../mod.ts";
 * import { Matrix } from "../../mod.ts";
 * import { Rng } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const net = Network.build({ inputs: 1, layers: [{ kind: "dense", units: 1, init: "zeros" }] }, { rng: Rng.seeded(0) });
 * const m = evaluate(net, new MeanSquaredError(), { x: Matrix.fromRows([[1], [2]]), y: Matrix.fromRows([[1], [3]]) });
 * assert.equal(m.mse, 5);
 * assert.equal(m.loss, 5);
 * ```
 *
 * @param net The network.
 * @param loss The loss (its task picks the metrics).
 * @param data Inputs and targets.
 * @param options `chunk`: rows per forward pass (default 1024).
 * @returns `loss` and `accuracy` (classification) or `mse`, `mae`, `r2` (regression).
 */
export function evaluate(
  net: Network,
  loss: Loss,
  data: Dataset,
  options: { readonly chunk?: number } = {},
): Metrics {
  checkData("evaluation", net, data);
  const n = data.x.rows, chunk = options.chunk ?? 1024;
  const x = data.x.dtype === net.dtype ? data.x : data.x.clone(net.dtype);
  let lossSum = 0, hits = 0;
  const classes = new Int32Array(Math.min(chunk, n));
  // Regression metrics for real-valued targets; class labels (also under MSE on one-hot
  // targets) get accuracy.
  const outputs = data.y instanceof Int32Array
    ? undefined
    : Matrix.zeros(n, net.outputs, net.dtype);
  for (let start = 0; start < n; start += chunk) {
    const end = Math.min(n, start + chunk);
    const xb = new Matrix(end - start, x.cols, x.data.subarray(start * x.cols, end * x.cols));
    const out = net.forward(xb);
    if (data.y instanceof Int32Array) {
      const yb = data.y.subarray(start, end);
      lossSum += loss.forward(out, yb) * (end - start);
      const cls = classes.subarray(0, end - start);
      classify(loss, out, cls);
      for (let i = 0; i < cls.length; i++) if (cls[i] === yb[i]) hits++;
    } else {
      const y = data.y;
      const yb = new Matrix(end - start, y.cols, y.data.subarray(start * y.cols, end * y.cols));
      lossSum += loss.forward(out, yb) * (end - start);
      outputs!.data.set(out.data, start * out.cols);
    }
  }
  if (outputs !== undefined) {
    const y = data.y as Matrix;
    return {
      loss: lossSum / n,
      mse: meanSquaredError(outputs, y),
      mae: meanAbsoluteError(outputs, y),
      r2: r2Score(outputs, y),
    };
  }
  return { loss: lossSum / n, accuracy: hits / n };
}
