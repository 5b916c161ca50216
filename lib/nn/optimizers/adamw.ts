/**
 * AdamW: Adam with decoupled weight decay.
 *
 * @module
 */

import type { Kernels } from "../../numerics/kernels.ts";
import { nonNegative } from "../../rules.ts";
import type { Parameter } from "../layer.ts";
import { Adam } from "./adam.ts";
import type { OptimizerEntry } from "./optimizer.ts";
import type { AdamWOptions } from "./settings.ts";

/**
 * AdamW (Loshchilov & Hutter, 2019): Adam with decoupled weight decay. Each step first
 * shrinks the weights, W ← W − ηλW, then takes the Adam step on the loss gradient alone —
 * unlike L2 (`l2`), whose λW goes through Adam's per-weight scaling. Biases are not
 * decayed, as L2 leaves them alone.
 *
 * @example With a zero gradient, a step is the decay alone
 * ```ts
 * import { AdamW, Matrix } from "../../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const w = { name: "w", value: Matrix.fromRows([[2]], "float64"), grad: Matrix.fromRows([[0]], "float64"), regularize: true };
 * new AdamW([w], { lr: 0.1, weightDecay: 0.5 }).step();
 * assert.equal(w.value.get(0, 0), 2 * (1 - 0.1 * 0.5));
 * ```
 */
export class AdamW extends Adam {
  /** The kind's name in specs. */
  static override readonly kind = "adamw";
  /** The kind's registry entry: Adam's rules and the decay's. */
  static override readonly entry: OptimizerEntry<AdamWOptions> = {
    doc: "Adam with decoupled weight decay",
    fields: { ...Adam.entry.fields, weightDecay: nonNegative },
    create: (params, o) => new AdamW(params, o),
  };

  /** The decoupled decay λ. */
  readonly weightDecay: number;

  /**
   * AdamW over the parameters.
   *
   * @param params The parameters.
   * @param options Adam's (`lr`, `beta1`, `beta2`, `epsilon`) and `weightDecay` (0.01).
   */
  constructor(
    params: readonly Parameter[],
    options: AdamWOptions & { readonly kernels?: Kernels },
  ) {
    super(params, options);
    this.weightDecay = options.weightDecay ?? 0.01;
  }

  /** Decays the weights, then takes the Adam step. */
  override step(): void {
    const shrink = -this.lr * this.weightDecay;
    if (shrink !== 0) {
      for (const p of this.params) {
        if (p.regularize) this.kernels.axpy(shrink, p.value.data, p.value.data);
      }
    }
    super.step();
  }
}
