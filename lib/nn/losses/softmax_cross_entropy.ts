/**
 * The `softmax_cross_entropy` loss: its class and its registry entry.
 *
 * @module
 */

import { BufferPool } from "../../numerics/kernels.ts";
import { Matrix } from "../../numerics/matrix.ts";
import { typescriptKernels } from "../../numerics/typescript_kernels.ts";
import { BaseLoss, labelsOf, type Loss, type LossEntry, type Targets } from "./loss.ts";

/**
 * Softmax and cross-entropy fused, over logits z: ℒ = (1/m) Σᵢ (log Σⱼ e^{zᵢⱼ} − z[i, yᵢ]);
 * ∂ℒ/∂z = (softmax(z) − onehot(y)) / m. Stabler and cheaper than a softmax layer
 * followed by {@link CrossEntropy}.
 *
 * @example
 * ```ts
 * import { SoftmaxCrossEntropy } from "../../../mod.ts";
 * import { Matrix } from "../../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const loss = new SoftmaxCrossEntropy();
 * const value = loss.forward(Matrix.fromRows([[3, 3]], "float64"), Int32Array.of(0));
 * assert.ok(Math.abs(value - Math.log(2)) < 1e-12);
 * assert.deepEqual(Array.from(loss.backward().data), [-0.5, 0.5]);
 * ```
 */
export class SoftmaxCrossEntropy extends BaseLoss implements Loss {
  readonly kind = "softmax_cross_entropy" as const;
  readonly task = "classification" as const;
  #labels: Int32Array = new Int32Array(0);
  #p: Matrix | undefined;
  readonly #probabilities = new BufferPool(this.kernels);
  #logSumExp = new Float64Array(0);

  forward(z: Matrix, targets: Targets): number {
    const labels = this.#labels = labelsOf(this.kind, z, targets, z.cols);
    this.output = z;
    const p = this.#p = this.#probabilities.get(z.rows, z.cols, z.dtype);
    if (this.#logSumExp.length < z.rows) this.#logSumExp = new Float64Array(z.rows);
    const lse = this.#logSumExp, zd = z.data, n = z.cols;
    // −log p[i, y] = log Σⱼ exp z[i, j] − z[i, y]: exact where p[i, y] itself underflows.
    this.kernels.softmaxRows(z, p, lse);
    let sum = 0;
    for (let i = 0; i < z.rows; i++) sum += lse[i]! - zd[i * n + labels[i]!]!;
    return sum / z.rows;
  }

  backward(): Matrix {
    const z = this.last(this.kind), g = this.gradBuffer(z), p = this.#p!;
    const m = z.rows, n = z.cols, inv = 1 / m, gd = g.data, pd = p.data;
    for (let i = 0, o = 0; i < m; i++, o += n) {
      for (let j = 0; j < n; j++) gd[o + j] = pd[o + j]! * inv;
      gd[o + this.#labels[i]!]! -= inv;
    }
    return g;
  }

  probabilities(output: Matrix): Matrix {
    const p = Matrix.zeros(output.rows, output.cols, output.dtype);
    typescriptKernels.softmaxRows(output, p);
    return p;
  }
}

/** The registry entry of {@link SoftmaxCrossEntropy}. */
export const SOFTMAX_CROSS_ENTROPY_ENTRY: LossEntry = {
  task: "classification",
  outputs: "classes",
  doc: "softmax and cross-entropy fused, on logits",
  create: (o) => new SoftmaxCrossEntropy(o),
};
