/**
 * The `mse` loss: its class and its registry entry.
 *
 * @module
 */

import { Matrix } from "../../numerics/matrix.ts";
import { BaseLoss, type Loss, type LossEntry, matrixOf, type Targets } from "./loss.ts";

/**
 * Mean squared error over every element: ℒ = (1/(m·c)) Σ (ŷ − y)²; ∂ℒ/∂ŷ = 2(ŷ − y)/(m·c).
 *
 * @example
 * ```ts
 * import { MeanSquaredError } from "../../../mod.ts";
 * import { Matrix } from "../../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const loss = new MeanSquaredError();
 * assert.equal(loss.forward(Matrix.fromRows([[1], [3]]), Matrix.fromRows([[0], [1]])), 2.5);
 * ```
 */
export class MeanSquaredError extends BaseLoss implements Loss {
  readonly kind = "mse" as const;
  readonly task = "regression" as const;
  #targets: Matrix | undefined;

  forward(output: Matrix, targets: Targets): number {
    const t = this.#targets = matrixOf(this.kind, output, targets);
    this.output = output;
    let sum = 0;
    for (let i = 0; i < output.data.length; i++) {
      const d = output.data[i]! - t.data[i]!;
      sum += d * d;
    }
    return sum / output.data.length;
  }

  backward(): Matrix {
    const o = this.last(this.kind), g = this.gradBuffer(o), t = this.#targets!;
    const scale = 2 / o.data.length;
    for (let i = 0; i < o.data.length; i++) g.data[i] = scale * (o.data[i]! - t.data[i]!);
    return g;
  }
}

/** The registry entry of {@link MeanSquaredError}. */
export const MSE_ENTRY: LossEntry = {
  task: "regression",
  oneHot: true,
  doc: "mean squared error",
  create: (o) => new MeanSquaredError(o),
};
