/**
 * The `huber` loss: its class and its registry entry.
 *
 * @module
 */

import { Matrix } from "../../numerics/matrix.ts";
import { BaseLoss, type Loss, type LossEntry, matrixOf, type Targets } from "./loss.ts";

/**
 * Huber loss over every element, δ = 1: ½r² where |r| ≤ δ, δ(|r| − ½δ) beyond, r = ŷ − y,
 * averaged; ∂ℒ/∂ŷ = r (clipped to ±δ) / (m·c). Squared error near the target, absolute
 * error far from it: robust to outliers, smooth at 0.
 *
 * @example
 * ```ts
 * import { HuberLoss, Matrix } from "../../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const loss = new HuberLoss();
 * assert.equal(loss.forward(Matrix.fromRows([[0.5], [3]]), Matrix.fromRows([[0], [0]])), (0.125 + 2.5) / 2);
 * assert.deepEqual(Array.from(loss.backward().data), [0.25, 0.5]);
 * ```
 */
export class HuberLoss extends BaseLoss implements Loss {
  /** The kind. */
  readonly kind = "huber" as const;
  /** A regression loss. */
  readonly task = "regression" as const;
  /** Where the loss turns from squared to absolute. */
  readonly delta = 1;
  #targets: Matrix | undefined;

  /** The mean Huber loss; remembers the residuals for `backward`. */
  forward(output: Matrix, targets: Targets): number {
    const t = this.#targets = matrixOf(this.kind, output, targets);
    this.output = output;
    const d = this.delta;
    let sum = 0;
    for (let i = 0; i < output.data.length; i++) {
      const r = Math.abs(output.data[i]! - t.data[i]!);
      sum += r <= d ? 0.5 * r * r : d * (r - 0.5 * d);
    }
    return sum / output.data.length;
  }

  /** ∂ℒ/∂ŷ: the residual clipped to ±δ, over the element count. */
  backward(): Matrix {
    const o = this.last(this.kind), g = this.gradBuffer(o), t = this.#targets!, d = this.delta;
    const scale = 1 / o.data.length;
    for (let i = 0; i < o.data.length; i++) {
      const r = o.data[i]! - t.data[i]!;
      g.data[i] = scale * (r > d ? d : r < -d ? -d : r);
    }
    return g;
  }
}

/** The registry entry of {@link HuberLoss}. */
export const HUBER_ENTRY: LossEntry = {
  task: "regression",
  oneHot: true,
  doc: "Huber loss, δ = 1: squared near the target, absolute beyond",
  create: (o) => new HuberLoss(o),
};
