/**
 * The `logistic` loss: its class and its registry entry.
 *
 * @module
 */

import { Matrix } from "../../numerics/matrix.ts";
import { BaseLoss, labelsOf, type Loss, type LossEntry, oneColumn, type Targets } from "./loss.ts";

/**
 * The binary logistic loss over a logit s (one output column), with y ∈ {0, 1}:
 * ℒ = (1/m) Σ log(1 + e^{−(2y−1)s}), computed stably as max(s, 0) − y s + log(1 + e^{−|s|});
 * ∂ℒ/∂s = (σ(s) − y) / m.
 *
 * @example
 * ```ts
 * import { Logistic } from "../../../mod.ts";
 * import { Matrix } from "../../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const loss = new Logistic();
 * assert.equal(loss.forward(Matrix.fromRows([[0]], "float64"), Int32Array.of(1)), Math.log(2));
 * assert.equal(loss.backward().get(0, 0), -0.5);
 * ```
 */
export class Logistic extends BaseLoss implements Loss {
  readonly kind = "logistic" as const;
  readonly task = "classification" as const;
  #labels: Int32Array = new Int32Array(0);

  forward(s: Matrix, targets: Targets): number {
    oneColumn(this.kind, s);
    const labels = this.#labels = labelsOf(this.kind, s, targets, 2);
    this.output = s;
    let sum = 0;
    for (let i = 0; i < s.rows; i++) {
      const v = s.data[i]!;
      sum += Math.max(v, 0) - labels[i]! * v + Math.log1p(Math.exp(-Math.abs(v)));
    }
    return sum / s.rows;
  }

  backward(): Matrix {
    const s = this.last(this.kind), g = this.gradBuffer(s), m = s.rows;
    for (let i = 0; i < m; i++) {
      g.data[i] = (1 / (1 + Math.exp(-s.data[i]!)) - this.#labels[i]!) / m;
    }
    return g;
  }

  probabilities(output: Matrix): Matrix {
    const p = output.clone();
    for (let i = 0; i < p.data.length; i++) p.data[i] = 1 / (1 + Math.exp(-output.data[i]!));
    return p;
  }
}

/** The registry entry of {@link Logistic}. */
export const LOGISTIC_ENTRY: LossEntry = {
  task: "classification",
  outputs: "binary",
  threshold: 0,
  doc: "two classes, one logit column: log(1 + e^−ys)",
  create: (o) => new Logistic(o),
};
