/**
 * Optimisers. One base with `zeroGrad()` and `step()`; SGD covers the lesson's plain
 * update, momentum and Nesterov momentum as presets of one rule; Adam keeps running
 * moments.
 *
 * @module
 */

import { defaultKernels } from "../numerics/backends.ts";
import type { Kernels } from "../numerics/kernels.ts";
import { allocFloats, type FloatArray } from "../numerics/matrix.ts";
import { describe, type Problem, ValidationError } from "../problems.ts";
import type { Parameter } from "./layer.ts";

/** An optimiser's configuration as JSON-only data. */
export type OptimizerSpec =
  | {
    readonly kind: "sgd";
    /** Learning rate η > 0. */
    readonly lr: number;
    /** Momentum μ in [0, 1). @default {0} */
    readonly momentum?: number;
    /** Nesterov's look-ahead form (needs μ > 0). @default {false} */
    readonly nesterov?: boolean;
  }
  | {
    readonly kind: "adam";
    /** Learning rate η > 0. */
    readonly lr: number;
    /** Decay of the first moment. @default {0.9} */
    readonly beta1?: number;
    /** Decay of the second moment. @default {0.999} */
    readonly beta2?: number;
    /** Added to √v̂. @default {1e-8} */
    readonly epsilon?: number;
  };

/** The optimiser kinds. */
export const OPTIMIZER_KINDS: readonly OptimizerSpec["kind"][] = ["sgd", "adam"];

function inRange(v: unknown, lo: number, hi: number): boolean {
  return typeof v === "number" && Number.isFinite(v) && v >= lo && v < hi;
}

/**
 * Every problem with an optimiser spec.
 *
 * @param spec The value to check.
 * @param path Its path. @default {"optimizer"}
 * @returns The problems (empty when valid).
 */
export function optimizerSpecProblems(spec: unknown, path = "optimizer"): Problem[] {
  if (typeof spec !== "object" || spec === null) {
    return [{ path, message: `expected an optimiser object, got ${describe(spec)}` }];
  }
  const s = spec as Record<string, unknown>;
  if (!(OPTIMIZER_KINDS as readonly unknown[]).includes(s.kind)) {
    return [{
      path: `${path}.kind`,
      message: `unknown optimiser ${describe(s.kind)}; expected one of ${
        OPTIMIZER_KINDS.join(", ")
      }`,
    }];
  }
  const problems: Problem[] = [];
  const allowed = s.kind === "sgd"
    ? ["kind", "lr", "momentum", "nesterov"]
    : ["kind", "lr", "beta1", "beta2", "epsilon"];
  for (const key of Object.keys(s)) {
    if (!allowed.includes(key)) {
      problems.push({ path: `${path}.${key}`, message: `unknown field for ${s.kind}` });
    }
  }
  if (typeof s.lr !== "number" || !Number.isFinite(s.lr) || s.lr <= 0) {
    problems.push({
      path: `${path}.lr`,
      message: `expected a positive number, got ${describe(s.lr)}`,
    });
  }
  const check = (key: string, ok: (v: unknown) => boolean, expected: string) => {
    if (s[key] !== undefined && !ok(s[key])) {
      problems.push({
        path: `${path}.${key}`,
        message: `expected ${expected}, got ${describe(s[key])}`,
      });
    }
  };
  check("momentum", (v) => inRange(v, 0, 1), "a number in [0, 1)");
  check("nesterov", (v) => typeof v === "boolean", "true or false");
  check("beta1", (v) => inRange(v, 0, 1), "a number in [0, 1)");
  check("beta2", (v) => inRange(v, 0, 1), "a number in [0, 1)");
  check(
    "epsilon",
    (v) => typeof v === "number" && v > 0 && Number.isFinite(v),
    "a positive number",
  );
  if (s.nesterov === true && !(typeof s.momentum === "number" && s.momentum > 0)) {
    problems.push({ path: `${path}.nesterov`, message: "Nesterov momentum needs momentum > 0" });
  }
  return problems;
}

/** An optimiser's state between steps, as plain numbers. */
export interface OptimizerState {
  /** Steps taken (Adam's bias correction depends on it). */
  readonly steps: number;
  /** Its buffers (velocity; first and second moments), one per parameter and kind. */
  readonly buffers: readonly (readonly number[])[];
}

/** What every optimiser does: clear gradients, and step the parameters. */
export abstract class Optimizer {
  /** The parameters updated by {@link step}. */
  readonly params: readonly Parameter[];
  /** The learning rate η. */
  lr: number;

  /**
   * The parameters and learning rate every optimiser has.
   *
   * @param params The parameters to update.
   * @param lr Learning rate η > 0.
   */
  constructor(params: readonly Parameter[], lr: number) {
    if (!Number.isFinite(lr) || lr <= 0) {
      throw new RangeError(`Invalid learning rate: expected a positive number, got ${lr}`);
    }
    this.params = params;
    this.lr = lr;
  }

  /** Sets every gradient to zero. */
  zeroGrad(): void {
    for (const p of this.params) p.grad.data.fill(0);
  }

  /** Updates every parameter from its gradient. */
  abstract step(): void;

  /**
   * What the optimiser carries between steps (momentum, moments, step count), as plain
   * numbers: with the parameters and the data order, enough to continue training exactly.
   *
   * @returns The state.
   */
  state(): OptimizerState {
    return { steps: 0, buffers: [] };
  }

  /**
   * Puts back a state saved by {@link state}.
   *
   * @param state The saved state; its buffers must match this optimiser's in count and length.
   */
  loadState(state: OptimizerState): void {
    const own = this.buffers();
    if (
      state.buffers.length !== own.length ||
      state.buffers.some((b, i) => b.length !== own[i]!.length)
    ) {
      throw new RangeError(
        `Cannot load the optimiser state: expected ${own.length} buffers of lengths ${
          own.map((b) => b.length).join(", ") || "-"
        }, got ${state.buffers.length} of ${state.buffers.map((b) => b.length).join(", ") || "-"}`,
      );
    }
    state.buffers.forEach((b, i) => own[i]!.set(b));
  }

  /** The optimiser's own buffers, in a fixed order (for {@link state}). */
  protected buffers(): FloatArray[] {
    return [];
  }

  /** The optimiser's JSON spec (what {@link createOptimizer} takes). @returns The configuration as JSON-only data. */
  abstract spec(): OptimizerSpec;
}

/**
 * Stochastic gradient descent. With μ = 0 it is the lesson's update W ← W − η·∂ℒ/∂W;
 * with momentum v ← μv + g, W ← W − ηv; with Nesterov, W ← W − η(g + μv).
 *
 * @example One plain step
 * ```ts
 * import { SGD } from "@mlp/lab";
 * import { Matrix } from "@mlp/lab";
 * import assert from "node:assert/strict";
 *
 * const w = { name: "w", value: Matrix.fromRows([[1]]), grad: Matrix.fromRows([[2]]), regularize: true };
 * new SGD([w], { lr: 0.25 }).step();
 * assert.equal(w.value.get(0, 0), 0.5);
 * ```
 */
export class SGD extends Optimizer {
  /** Momentum μ (0: plain SGD). */
  readonly momentum: number;
  /** Whether the momentum step is Nesterov's. */
  readonly nesterov: boolean;
  readonly #velocity: FloatArray[];
  readonly #kernels: Kernels;

  /**
   * SGD over the parameters.
   *
   * @param params The parameters.
   * @param options `lr`, `momentum` (default 0), `nesterov` (default false), and the
   * `kernels` of the network (the plain update runs as their `axpy`; default: this thread's).
   */
  constructor(
    params: readonly Parameter[],
    options: {
      readonly lr: number;
      readonly momentum?: number;
      readonly nesterov?: boolean;
      readonly kernels?: Kernels;
    },
  ) {
    super(params, options.lr);
    const { kernels, ...spec } = options;
    this.#kernels = kernels ?? defaultKernels();
    const problems = optimizerSpecProblems({ kind: "sgd", ...spec });
    if (problems.length > 0) throw new ValidationError("optimiser", problems);
    this.momentum = options.momentum ?? 0;
    this.nesterov = options.nesterov ?? false;
    this.#velocity = this.momentum > 0
      ? params.map((p) => allocFloats(p.value.dtype, p.value.data.length))
      : [];
  }

  /** One update of every parameter from its gradient. */
  step(): void {
    const lr = this.lr, mu = this.momentum;
    this.params.forEach((p, k) => {
      const w = p.value.data, g = p.grad.data, n = w.length;
      if (mu === 0) {
        this.#kernels.axpy(-lr, g, w);
        return;
      }
      const v = this.#velocity[k]!;
      for (let i = 0; i < n; i++) {
        const vi = v[i] = mu * v[i]! + g[i]!;
        w[i]! -= lr * (this.nesterov ? g[i]! + mu * vi : vi);
      }
    });
  }

  /** The optimiser's JSON spec. */
  spec(): OptimizerSpec {
    return { kind: "sgd", lr: this.lr, momentum: this.momentum, nesterov: this.nesterov };
  }

  /** The velocity buffers. */
  protected override buffers(): FloatArray[] {
    return this.#velocity;
  }

  /** The velocity buffers as plain numbers. */
  override state(): OptimizerState {
    return { steps: 0, buffers: this.#velocity.map((v) => Array.from(v)) };
  }
}

/**
 * Adam (Kingma & Ba, 2015): m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g²,
 * W ← W − η m̂ / (√v̂ + ε) with bias-corrected m̂, v̂.
 *
 * @example The first step moves each weight by about η
 * ```ts
 * import { Adam } from "@mlp/lab";
 * import { Matrix } from "@mlp/lab";
 * import assert from "node:assert/strict";
 *
 * const w = { name: "w", value: Matrix.fromRows([[1]], "float64"), grad: Matrix.fromRows([[5]], "float64"), regularize: true };
 * new Adam([w], { lr: 0.1 }).step();
 * assert.ok(Math.abs(w.value.get(0, 0) - 0.9) < 1e-6);
 * ```
 */
export class Adam extends Optimizer {
  /** Decay of the first moment. */
  readonly beta1: number;
  /** Decay of the second moment. */
  readonly beta2: number;
  /** Added to the second moment's root for stability. */
  readonly epsilon: number;
  readonly #m: FloatArray[];
  readonly #v: FloatArray[];
  readonly #kernels: Kernels;
  #t = 0;

  /**
   * Adam over the parameters.
   *
   * @param params The parameters.
   * @param options `lr`, `beta1` (0.9), `beta2` (0.999), `epsilon` (1e-8), and the `kernels`
   * of the network (the moments live in their memory and the update is their `adam`; default:
   * this thread's).
   */
  constructor(
    params: readonly Parameter[],
    options: {
      readonly lr: number;
      readonly beta1?: number;
      readonly beta2?: number;
      readonly epsilon?: number;
      readonly kernels?: Kernels;
    },
  ) {
    super(params, options.lr);
    const { kernels, ...spec } = options;
    const k = this.#kernels = kernels ?? defaultKernels();
    const problems = optimizerSpecProblems({ kind: "adam", ...spec });
    if (problems.length > 0) throw new ValidationError("optimiser", problems);
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-8;
    const zeros = (p: Parameter) => k.alloc(1, p.value.data.length, p.value.dtype).data;
    this.#m = params.map(zeros);
    this.#v = params.map(zeros);
  }

  /** One update of every parameter from its gradient and the moments. */
  step(): void {
    this.#t++;
    const { beta1: b1, beta2: b2, epsilon: eps, lr } = this;
    const c1 = 1 / (1 - b1 ** this.#t), c2 = 1 / (1 - b2 ** this.#t);
    const params = this.params, ms = this.#m, vs = this.#v, k = this.#kernels;
    for (let i = 0; i < params.length; i++) {
      const p = params[i]!;
      k.adam(p.value.data, p.grad.data, ms[i]!, vs[i]!, lr, b1, b2, eps, c1, c2);
    }
  }

  /** The first- and second-moment buffers. */
  protected override buffers(): FloatArray[] {
    return [...this.#m, ...this.#v];
  }

  /** The moments and the step count as plain numbers. */
  override state(): OptimizerState {
    return { steps: this.#t, buffers: this.buffers().map((b) => Array.from(b)) };
  }

  /** Puts back saved moments and the step count. */
  override loadState(state: OptimizerState): void {
    super.loadState(state);
    this.#t = state.steps;
  }

  /** The optimiser's JSON spec. */
  spec(): OptimizerSpec {
    return {
      kind: "adam",
      lr: this.lr,
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
    };
  }
}

/**
 * The optimiser for a spec.
 *
 * @example
 * ```ts
 * import { createOptimizer } from "@mlp/lab";
 * import assert from "node:assert/strict";
 *
 * assert.equal(createOptimizer({ kind: "sgd", lr: 0.1, momentum: 0.9 }, []).spec().kind, "sgd");
 * assert.throws(() => createOptimizer({ kind: "sgd", lr: -1 }, []), /learning rate.*-1/);
 * ```
 *
 * @param spec The configuration.
 * @param params The parameters to update.
 * @param kernels The network's kernels (for the updates, and Adam's moments).
 * @returns The optimiser.
 */
export function createOptimizer(
  spec: OptimizerSpec,
  params: readonly Parameter[],
  kernels?: Kernels,
): Optimizer {
  const { kind, ...options } = spec;
  switch (kind) {
    case "sgd":
      return new SGD(params, {
        ...(options as Extract<OptimizerSpec, { kind: "sgd" }>),
        ...(kernels ? { kernels } : {}),
      });
    case "adam":
      return new Adam(params, {
        ...(options as Extract<OptimizerSpec, { kind: "adam" }>),
        ...(kernels ? { kernels } : {}),
      });
    default:
      throw new ValidationError("optimiser", optimizerSpecProblems(spec));
  }
}
