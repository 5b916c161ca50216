/**
 * L2 regularisation exactly as in the lesson's companion notes (LESSON §4): for a batch
 * of m examples, D = (1/m)(Δ + λΘ) for weights and D = (1/m)Δ for biases — **the bias is
 * not regularised**. Our gradients already hold (1/m)Δ, so the penalty adds (λ/m)Θ,
 * the gradient of (λ / 2m) Σ Θ².
 *
 * @module
 */

import type { Parameter } from "./layer.ts";

function checkLambda(lambda: number, m: number): void {
  if (!Number.isFinite(lambda) || lambda < 0) {
    throw new RangeError(`Invalid L2 strength: expected a number ≥ 0, got ${lambda}`);
  }
  if (!Number.isInteger(m) || m < 1) {
    throw new RangeError(`Invalid batch size for L2: expected a positive integer, got ${m}`);
  }
}

/**
 * The penalty (λ / 2m) Σ Θ² over the regularised parameters (weights only).
 *
 * @example Biases do not count
 * ```ts
 * import { l2Penalty } from "../../mod.ts";
 * import { Matrix } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const w = { name: "weight", value: Matrix.fromRows([[3, 4]]), grad: Matrix.zeros(1, 2), regularize: true };
 * const b = { name: "bias", value: Matrix.fromRows([[100]]), grad: Matrix.zeros(1, 1), regularize: false };
 * assert.equal(l2Penalty([w, b], 0.1, 5), (0.1 / 10) * 25);
 * ```
 *
 * @param params The parameters.
 * @param lambda λ ≥ 0.
 * @param m The number of examples in the batch.
 * @returns The penalty to add to the loss.
 */
export function l2Penalty(params: readonly Parameter[], lambda: number, m: number): number {
  checkLambda(lambda, m);
  if (lambda === 0) return 0;
  let sum = 0;
  for (const p of params) {
    if (!p.regularize) continue;
    for (const v of p.value.data) sum += v * v;
  }
  return (lambda / (2 * m)) * sum;
}

/**
 * Adds (λ/m)·Θ to the gradient of every regularised parameter, in place.
 *
 * @example
 * ```ts
 * import { addL2Gradient } from "../../mod.ts";
 * import { Matrix } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const w = { name: "weight", value: Matrix.fromRows([[2]]), grad: Matrix.fromRows([[1]]), regularize: true };
 * addL2Gradient([w], 0.5, 4);
 * assert.equal(w.grad.get(0, 0), 1 + (0.5 / 4) * 2);
 * ```
 *
 * @param params The parameters.
 * @param lambda λ ≥ 0.
 * @param m The number of examples in the batch.
 */
export function addL2Gradient(params: readonly Parameter[], lambda: number, m: number): void {
  checkLambda(lambda, m);
  if (lambda === 0) return;
  const scale = lambda / m;
  for (const p of params) {
    if (!p.regularize) continue;
    const g = p.grad.data, w = p.value.data;
    for (let i = 0; i < g.length; i++) g[i]! += scale * w[i]!;
  }
}
