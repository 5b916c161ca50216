/**
 * The `mae` loss: its class and its registry entry.
 *
 * @module
 */

import { Matrix } from "../../numerics/matrix.ts";
import { BaseLoss, type Loss, type LossEntry, matrixOf, type Targets } from "./loss.ts";

/**
 * Mean absolute error over every element: ℒ = (1/(m·c)) Σ |ŷ − y|;
 * ∂ℒ/∂ŷ = sign(ŷ − y)/(m·c) (0 where ŷ = y).
 *
 * @example
 * ```ts
 * import { MeanAbsoluteError } from "../../../mod.ts";
 * import { Matrix } from "../../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const loss = new MeanAbsoluteError();
 * assert.equal(loss.forward(Matrix.fromRows([[1], [3]]), Matrix.fromRows([[0], [1]])), 1.5);
 * ```
 */
export class MeanAbsoluteError extends BaseLoss implements Loss {
  readonly kind = "mae" as const;
  readonly task = "regression" as const;
  #targets: Matrix | undefined;

  forward(output: Matrix, targets: Targets): number {
    const t = this.#targets = matrixOf(this.kind, output, targets);
    this.output = output;
    let sum = 0;
    for (let i = 0; i < output.data.length; i++) sum += Math.abs(output.data[i]! - t.data[i]!);
    return sum / output.data.length;
  }

  backward(): Matrix {
    const o = this.last(this.kind), g = this.gradBuffer(o), t = this.#targets!;
    const scale = 1 / o.data.length;
    for (let i = 0; i < o.data.length; i++) g.data[i] = scale * Math.sign(o.data[i]! - t.data[i]!);
    return g;
  }
}

/** The registry entry of {@link MeanAbsoluteError}. */
export const MAE_ENTRY: LossEntry = {
  task: "regression",
  oneHot: true,
  doc: "mean absolute error",
  create: (o) => new MeanAbsoluteError(o),
};
