/**
 * The `binary_cross_entropy` loss: its class and its registry entry.
 *
 * @module
 */

import { Matrix } from "../../numerics/matrix.ts";
import { logitsOf, markThroughActivation } from "../logits.ts";
import {
  BaseLoss,
  labelsOf,
  type Loss,
  type LossEntry,
  oneColumn,
  type Targets,
  TINY,
} from "./loss.ts";

/**
 * Binary cross-entropy over a probability p = P(class 1) (one output column, e.g. from
 * a sigmoid layer): ℒ = −(1/m) Σ [y log p + (1 − y) log(1 − p)];
 * ∂ℒ/∂p = (p − y) / (m p (1 − p)).
 *
 * @example
 * ```ts
 * import { BinaryCrossEntropy } from "../../../mod.ts";
 * import { Matrix } from "../../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const loss = new BinaryCrossEntropy();
 * assert.equal(loss.forward(Matrix.fromRows([[0.5]], "float64"), Int32Array.of(1)), Math.log(2));
 * ```
 */
export class BinaryCrossEntropy extends BaseLoss implements Loss {
  readonly kind = "binary_cross_entropy" as const;
  readonly task = "classification" as const;
  #labels: Int32Array = new Int32Array(0);
  #logits: Matrix | undefined;

  forward(p: Matrix, targets: Targets): number {
    oneColumn(this.kind, p);
    const labels = this.#labels = labelsOf(this.kind, p, targets, 2);
    this.output = p;
    const z = this.#logits = logitsOf(p);
    let sum = 0;
    if (z !== undefined) {
      // −log σ(z) or −log(1 − σ(z)), from the logit: max(z, 0) − yz + log(1 + e^−|z|).
      for (let i = 0; i < p.rows; i++) {
        const v = z.data[i]!;
        sum += Math.max(v, 0) - labels[i]! * v + Math.log1p(Math.exp(-Math.abs(v)));
      }
      return sum / p.rows;
    }
    for (let i = 0; i < p.rows; i++) {
      const q = Math.min(Math.max(p.data[i]!, TINY), 1 - TINY);
      sum -= labels[i] === 1 ? Math.log(q) : Math.log(1 - q);
    }
    return sum / p.rows;
  }

  backward(): Matrix {
    const p = this.last(this.kind), g = this.gradBuffer(p), m = p.rows;
    if (this.#logits !== undefined) {
      // With respect to the logit: (σ(z) − y) / m, passed through the sigmoid layer.
      for (let i = 0; i < m; i++) g.data[i] = (p.data[i]! - this.#labels[i]!) / m;
      return markThroughActivation(g);
    }
    for (let i = 0; i < m; i++) {
      const q = Math.min(Math.max(p.data[i]!, TINY), 1 - TINY);
      g.data[i] = (q - this.#labels[i]!) / (m * q * (1 - q));
    }
    return g;
  }

  probabilities(output: Matrix): Matrix {
    return output.clone();
  }
}

/** The registry entry of {@link BinaryCrossEntropy}. */
export const BINARY_CROSS_ENTROPY_ENTRY: LossEntry = {
  task: "classification",
  outputs: "binary",
  threshold: 0.5,
  doc: "two classes, one probability column (after a sigmoid layer)",
  create: (o) => new BinaryCrossEntropy(o),
};
