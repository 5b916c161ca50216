/**
 * RMSprop: each weight's step scaled by a running mean of its squared gradient.
 *
 * @module
 */

import type { FloatArray } from "../../numerics/matrix.ts";
import type { Kernels } from "../../numerics/kernels.ts";
import { interval, nonNegative, positive } from "../../rules.ts";
import type { Parameter } from "../layer.ts";
import { Optimizer, type OptimizerEntry } from "./optimizer.ts";
import type { RMSpropOptions } from "./settings.ts";

/**
 * RMSprop (Hinton): v ← ρv + (1−ρ)g², W ← W − η g / (√v + ε).
 *
 * @example The first step divides by √((1 − ρ)g²)
 * ```ts
 * import { Matrix, RMSprop } from "../../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const w = { name: "w", value: Matrix.fromRows([[1]], "float64"), grad: Matrix.fromRows([[2]], "float64"), regularize: true };
 * new RMSprop([w], { lr: 0.1, epsilon: 0 }).step();
 * assert.ok(Math.abs(w.value.get(0, 0) - (1 - 0.1 / Math.sqrt(0.1))) < 1e-12);
 * ```
 */
export class RMSprop extends Optimizer {
  /** The kind's name in specs. */
  static readonly kind = "rmsprop";
  /** The kind's registry entry: its rules and constructor. */
  static readonly entry: OptimizerEntry<RMSpropOptions> = {
    doc: "RMSprop",
    fields: { lr: positive, rho: interval(0, 1, "[)"), epsilon: nonNegative },
    create: (params, o) => new RMSprop(params, o),
  };

  /** Decay of the running mean of g². */
  readonly rho: number;
  /** Added to √v. */
  readonly epsilon: number;
  readonly #v: FloatArray[];

  /**
   * RMSprop over the parameters.
   *
   * @param params The parameters.
   * @param options `lr`, `rho` (0.9), `epsilon` (1e-8); `kernels` allocate the running means.
   */
  constructor(
    params: readonly Parameter[],
    options: RMSpropOptions & { readonly kernels?: Kernels },
  ) {
    super(params, options);
    this.rho = options.rho ?? 0.9;
    this.epsilon = options.epsilon ?? 1e-8;
    this.#v = this.perParameter();
  }

  /** One update of every parameter from its gradient and the running mean of g². */
  step(): void {
    const { rho, epsilon: eps, lr } = this;
    this.params.forEach((p, k) => {
      const w = p.value.data, g = p.grad.data, v = this.#v[k]!;
      for (let i = 0; i < w.length; i++) {
        const gi = g[i]!;
        const vi = v[i] = rho * v[i]! + (1 - rho) * gi * gi;
        w[i]! -= (lr * gi) / (Math.sqrt(vi) + eps);
      }
    });
  }
}
