/**
 * Adam: running first and second moments of the gradient, bias-corrected.
 *
 * @module
 */

import type { FloatArray } from "../../numerics/matrix.ts";
import type { Kernels } from "../../numerics/kernels.ts";
import { interval, positive } from "../../rules.ts";
import type { Parameter } from "../layer.ts";
import { Optimizer, type OptimizerEntry } from "./optimizer.ts";
import type { AdamOptions } from "./settings.ts";

/**
 * Adam (Kingma & Ba, 2015): m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g²,
 * W ← W − η m̂ / (√v̂ + ε) with bias-corrected m̂, v̂.
 *
 * @example The first step moves each weight by about η
 * ```ts
 * import { Adam } from "../../../mod.ts";
 * import { Matrix } from "../../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const w = { name: "w", value: Matrix.fromRows([[1]], "float64"), grad: Matrix.fromRows([[5]], "float64"), regularize: true };
 * new Adam([w], { lr: 0.1 }).step();
 * assert.ok(Math.abs(w.value.get(0, 0) - 0.9) < 1e-6);
 * ```
 */
export class Adam extends Optimizer {
  /** The kind's name in specs. */
  static readonly kind: "adam" | "adamw" = "adam";
  /** The kind's registry entry: its rules and constructor. */
  static readonly entry: OptimizerEntry<AdamOptions> = {
    doc: "Adam",
    fields: {
      lr: positive,
      beta1: interval(0, 1, "[)"),
      beta2: interval(0, 1, "[)"),
      epsilon: positive,
    },
    create: (params, o) => new Adam(params, o),
  };

  /** Decay of the first moment. */
  readonly beta1: number;
  /** Decay of the second moment. */
  readonly beta2: number;
  /** Added to the second moment's root for stability. */
  readonly epsilon: number;
  readonly #m: FloatArray[];
  readonly #v: FloatArray[];

  /**
   * Adam over the parameters.
   *
   * @param params The parameters.
   * @param options `lr`, `beta1` (0.9), `beta2` (0.999), `epsilon` (1e-8), and the `kernels`
   * of the network (the moments live in their memory and the update is their `adam`; default:
   * this thread's).
   */
  constructor(params: readonly Parameter[], options: AdamOptions & { readonly kernels?: Kernels }) {
    super(params, options);
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-8;
    this.#m = this.perParameter();
    this.#v = this.perParameter();
  }

  /**
   * For an epoch the kernels run in one call (`train/fused.ts`): each parameter's moments,
   * and the bias corrections 1/(1 − β₁ᵗ), 1/(1 − β₂ᵗ) of the next `count` steps, in pairs —
   * as {@link step} computes them.
   *
   * @param count Steps ahead.
   * @returns The moments and the corrections.
   */
  epochState(count: number): {
    moments: { m: FloatArray; v: FloatArray }[];
    corrections: Float64Array;
  } {
    const { beta1: b1, beta2: b2 } = this, corrections = new Float64Array(2 * count);
    for (let i = 0; i < count; i++) {
      const t = this.steps + i + 1;
      corrections[2 * i] = 1 / (1 - b1 ** t);
      corrections[2 * i + 1] = 1 / (1 - b2 ** t);
    }
    return { moments: this.#m.map((m, i) => ({ m, v: this.#v[i]! })), corrections };
  }

  /**
   * Counts steps taken by an epoch the kernels ran in one call.
   *
   * @param count The steps.
   */
  tookSteps(count: number): void {
    this.steps += count;
  }

  /** One update of every parameter from its gradient and the moments. */
  step(): void {
    const t = ++this.steps;
    const { beta1: b1, beta2: b2, epsilon: eps, lr } = this;
    const c1 = 1 / (1 - b1 ** t), c2 = 1 / (1 - b2 ** t);
    const params = this.params, ms = this.#m, vs = this.#v, k = this.kernels;
    for (let i = 0; i < params.length; i++) {
      const p = params[i]!;
      k.adam(p.value.data, p.grad.data, ms[i]!, vs[i]!, lr, b1, b2, eps, c1, c2);
    }
  }
}
