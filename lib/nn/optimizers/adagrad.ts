/**
 * Adagrad: each weight's step divided by the root of its summed squared gradients.
 *
 * @module
 */

import type { FloatArray } from "../../numerics/matrix.ts";
import type { Kernels } from "../../numerics/kernels.ts";
import { nonNegative, positive } from "../../rules.ts";
import type { Parameter } from "../layer.ts";
import { Optimizer, type OptimizerEntry } from "./optimizer.ts";
import type { AdagradOptions } from "./settings.ts";

/**
 * Adagrad (Duchi, Hazan & Singer, 2011): G ← G + g², W ← W − η g / (√G + ε). Weights
 * with large past gradients take smaller steps; the rate only ever shrinks.
 *
 * @example The first step moves each weight by η (less ε's share)
 * ```ts
 * import { Adagrad, Matrix } from "../../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const w = { name: "w", value: Matrix.fromRows([[1]], "float64"), grad: Matrix.fromRows([[4]], "float64"), regularize: true };
 * const opt = new Adagrad([w], { lr: 0.5, epsilon: 0 });
 * opt.step();
 * assert.equal(w.value.get(0, 0), 0.5);
 * opt.step(); // G = 32: the second step is 0.5 · 4 / √32
 * assert.ok(Math.abs(w.value.get(0, 0) - (0.5 - 2 / Math.sqrt(32))) < 1e-12);
 * ```
 */
export class Adagrad extends Optimizer {
  /** The kind's name in specs. */
  static readonly kind = "adagrad";
  /** The kind's registry entry: its rules and constructor. */
  static readonly entry: OptimizerEntry<AdagradOptions> = {
    doc: "Adagrad",
    fields: { lr: positive, epsilon: nonNegative, initial: nonNegative },
    create: (params, o) => new Adagrad(params, o),
  };

  /** Added to √G. */
  readonly epsilon: number;
  /** The value every sum of squares starts from. */
  readonly initial: number;
  readonly #sum: FloatArray[];

  /**
   * Adagrad over the parameters.
   *
   * @param params The parameters.
   * @param options `lr`, `epsilon` (1e-10), `initial` (0); `kernels` allocate the sums.
   */
  constructor(
    params: readonly Parameter[],
    options: AdagradOptions & { readonly kernels?: Kernels },
  ) {
    super(params, options);
    this.epsilon = options.epsilon ?? 1e-10;
    this.initial = options.initial ?? 0;
    this.#sum = this.perParameter();
    for (const s of this.#sum) s.fill(this.initial);
  }

  /** One update of every parameter from its gradient and its summed squares. */
  step(): void {
    const { epsilon: eps, lr } = this;
    this.params.forEach((p, k) => {
      const w = p.value.data, g = p.grad.data, sum = this.#sum[k]!;
      for (let i = 0; i < w.length; i++) {
        const gi = g[i]!;
        const si = sum[i] = sum[i]! + gi * gi;
        w[i]! -= (lr * gi) / (Math.sqrt(si) + eps);
      }
    });
  }
}
