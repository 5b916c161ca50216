/**
 * The `cross_entropy` loss: its class and its registry entry.
 *
 * @module
 */

import { type FloatArray, Matrix } from "../../numerics/matrix.ts";
import { logitsOf, markThroughActivation } from "../logits.ts";
import { BaseLoss, labelsOf, type Loss, type LossEntry, type Targets, TINY } from "./loss.ts";

/**
 * One example's cross-entropy from its logits: −log softmax(z)[y] = log Σ e^z − z_y,
 * exactly, however confident the mistake (the row maximum taken out first).
 *
 * @param z Logits, row-major.
 * @param o Where the example's row starts.
 * @param n Classes (the row's length).
 * @param y The example's class.
 * @returns Its loss.
 */
export function logitsRowLoss(z: FloatArray, o: number, n: number, y: number): number {
  let max = -Infinity;
  for (let j = 0; j < n; j++) max = Math.max(max, z[o + j]!);
  let s = 0;
  for (let j = 0; j < n; j++) s += Math.exp(z[o + j]! - max);
  return max + Math.log(s) - z[o + y]!;
}

/**
 * The lesson's `CrossEntropyLoss` over probabilities p (the output of a softmax layer):
 * ℒ = −(1/m) Σᵢ log p[i, yᵢ]; ∂ℒ/∂p[i, yᵢ] = −1 / (m p[i, yᵢ]), zero elsewhere.
 *
 * @example
 * ```ts
 * import { CrossEntropy } from "../../../mod.ts";
 * import { Matrix } from "../../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const loss = new CrossEntropy();
 * const value = loss.forward(Matrix.fromRows([[0.5, 0.5]], "float64"), Int32Array.of(1));
 * assert.equal(value, Math.log(2));
 * ```
 */
export class CrossEntropy extends BaseLoss implements Loss {
  readonly kind = "cross_entropy" as const;
  readonly task = "classification" as const;
  #labels: Int32Array = new Int32Array(0);
  #logits: Matrix | undefined;

  forward(p: Matrix, targets: Targets): number {
    const labels = this.#labels = labelsOf(this.kind, p, targets, p.cols);
    this.output = p;
    const z = this.#logits = logitsOf(p);
    let sum = 0;
    if (z !== undefined) {
      const n = z.cols, zd = z.data;
      for (let i = 0, o = 0; i < z.rows; i++, o += n) sum += logitsRowLoss(zd, o, n, labels[i]!);
      return sum / p.rows;
    }
    for (let i = 0; i < p.rows; i++) sum -= Math.log(Math.max(p.get(i, labels[i]!), TINY));
    return sum / p.rows;
  }

  backward(): Matrix {
    const p = this.last(this.kind), g = this.gradBuffer(p), m = p.rows;
    if (this.#logits !== undefined) {
      // With respect to the logits: (p − onehot) / m, passed through the softmax layer.
      const n = p.cols, inv = 1 / m, gd = g.data, pd = p.data;
      for (let i = 0, o = 0; i < m; i++, o += n) {
        for (let j = 0; j < n; j++) gd[o + j] = pd[o + j]! * inv;
        gd[o + this.#labels[i]!]! -= inv;
      }
      return markThroughActivation(g);
    }
    g.data.fill(0);
    for (let i = 0; i < m; i++) {
      const y = this.#labels[i]!;
      g.set(i, y, -1 / (m * Math.max(p.get(i, y), TINY)));
    }
    return g;
  }

  probabilities(output: Matrix): Matrix {
    return output.clone();
  }
}

/** The registry entry of {@link CrossEntropy}. */
export const CROSS_ENTROPY_ENTRY: LossEntry = {
  task: "classification",
  outputs: "classes",
  doc: "−log p(class) of a softmax layer's probabilities",
  create: (o) => new CrossEntropy(o),
};
