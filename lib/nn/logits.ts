/**
 * Exact losses over probabilities. A softmax or sigmoid layer records the logits its output
 * came from; `cross_entropy` and `binary_cross_entropy` then compute their value from the
 * logits (log-sum-exp, softplus) and hand back the gradient with respect to the logits
 * directly, marked so the layer passes it through. Without this, probabilities clamped
 * near 0 make a confidently wrong prediction stop teaching: at logits ±50 the gradient
 * through the clamp is ~1e-32 instead of ~1.
 *
 * @module
 */

import type { Matrix } from "../numerics/matrix.ts";

const LOGITS = new WeakMap<Matrix, Matrix>();
const THROUGH = new WeakSet<Matrix>();

/**
 * Records that `output` (a softmax's or sigmoid's) was computed from `logits`.
 *
 * @param output The layer's output.
 * @param logits Its input.
 */
export function rememberLogits(output: Matrix, logits: Matrix): void {
  LOGITS.set(output, logits);
}

/**
 * The logits `output` was computed from, if a softmax or sigmoid layer made it.
 *
 * @param output Probabilities.
 * @returns The logits, or undefined.
 */
export function logitsOf(output: Matrix): Matrix | undefined {
  return LOGITS.get(output);
}

/**
 * Marks a gradient as already taken with respect to the logits: the softmax or sigmoid
 * layer it reaches passes it on unchanged.
 *
 * @param grad The gradient.
 * @returns The same matrix.
 */
export function markThroughActivation(grad: Matrix): Matrix {
  THROUGH.add(grad);
  return grad;
}

/**
 * Whether a gradient is already with respect to the logits (see {@link markThroughActivation}).
 *
 * @param grad The gradient.
 * @returns True when marked.
 */
export function isThroughActivation(grad: Matrix): boolean {
  return THROUGH.has(grad);
}
