/**
 * Stochastic gradient descent: the lesson's update, with momentum and Nesterov's form as
 * presets of one rule.
 *
 * @module
 */

import type { FloatArray } from "../../numerics/matrix.ts";
import { flag, interval, positive } from "../../rules.ts";
import type { Parameter } from "../layer.ts";
import type { Kernels } from "../../numerics/kernels.ts";
import { Optimizer, type OptimizerEntry } from "./optimizer.ts";
import type { SGDOptions } from "./settings.ts";

/**
 * Stochastic gradient descent. With μ = 0 it is the lesson's update W ← W − η·∂ℒ/∂W;
 * with momentum v ← μv + g, W ← W − ηv; with Nesterov, W ← W − η(g + μv).
 *
 * @example One plain step
 * ```ts
 * import { SGD } from "../../../mod.ts";
 * import { Matrix } from "../../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const w = { name: "w", value: Matrix.fromRows([[1]]), grad: Matrix.fromRows([[2]]), regularize: true };
 * new SGD([w], { lr: 0.25 }).step();
 * assert.equal(w.value.get(0, 0), 0.5);
 * ```
 */
export class SGD extends Optimizer {
  /** The kind's name in specs. */
  static readonly kind = "sgd";
  /** The kind's registry entry: its rules and constructor. */
  static readonly entry: OptimizerEntry<SGDOptions> = {
    doc: "SGD; with momentum, and Nesterov's form",
    fields: { lr: positive, momentum: interval(0, 1, "[)"), nesterov: flag },
    relations: (s) =>
      s.nesterov === true && !(typeof s.momentum === "number" && s.momentum > 0)
        ? [{ field: "nesterov" as const, message: "Nesterov momentum needs momentum > 0" }]
        : [],
    create: (params, o) => new SGD(params, o),
  };

  /** Momentum μ (0: plain SGD). */
  readonly momentum: number;
  /** Whether the momentum step is Nesterov's. */
  readonly nesterov: boolean;
  readonly #velocity: FloatArray[];

  /**
   * SGD over the parameters.
   *
   * @param params The parameters.
   * @param options `lr`, `momentum` (default 0), `nesterov` (default false), and the
   * `kernels` of the network (the plain update runs as their `axpy`; default: this thread's).
   */
  constructor(params: readonly Parameter[], options: SGDOptions & { readonly kernels?: Kernels }) {
    super(params, options);
    this.momentum = options.momentum ?? 0;
    this.nesterov = options.nesterov ?? false;
    this.#velocity = this.momentum > 0 ? this.perParameter("plain") : [];
  }

  /** One update of every parameter from its gradient. */
  step(): void {
    const lr = this.lr, mu = this.momentum;
    this.params.forEach((p, k) => {
      const w = p.value.data, g = p.grad.data, n = w.length;
      if (mu === 0) {
        this.kernels.axpy(-lr, g, w);
        return;
      }
      const v = this.#velocity[k]!;
      for (let i = 0; i < n; i++) {
        const vi = v[i] = mu * v[i]! + g[i]!;
        w[i]! -= lr * (this.nesterov ? g[i]! + mu * vi : vi);
      }
    });
  }
}
