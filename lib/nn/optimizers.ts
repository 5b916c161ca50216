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
import { kindSpecProblems, type Path, type Problem, ValidationError } from "../problems.ts";
import type { Parameter } from "./layer.ts";

/** SGD's settings. */
export interface SGDOptions {
  /** Learning rate η > 0. */
  readonly lr: number;
  /** Momentum μ in [0, 1). @default {0} */
  readonly momentum?: number;
  /** Nesterov's look-ahead form (needs μ > 0). @default {false} */
  readonly nesterov?: boolean;
}

/** Adam's settings. */
export interface AdamOptions {
  /** Learning rate η > 0. */
  readonly lr: number;
  /** Decay of the first moment. @default {0.9} */
  readonly beta1?: number;
  /** Decay of the second moment. @default {0.999} */
  readonly beta2?: number;
  /** Added to √v̂. @default {1e-8} */
  readonly epsilon?: number;
}

/** AdamW's settings: Adam's, and the decoupled weight decay. */
export interface AdamWOptions extends AdamOptions {
  /** Decay λ: each step, W ← W − ηλW besides the Adam step (weights only). @default {0.01} */
  readonly weightDecay?: number;
}

/** RMSprop's settings. */
export interface RMSpropOptions {
  /** Learning rate η > 0. */
  readonly lr: number;
  /** Decay of the running mean of g². @default {0.9} */
  readonly rho?: number;
  /** Added to √v. @default {1e-8} */
  readonly epsilon?: number;
}

/**
 * Each optimiser kind's settings: the one list of kinds. {@link OPTIMIZERS} must have an
 * entry for every key, with a rule for every setting (the compiler checks both).
 */
export interface OptimizerSettings {
  /** Stochastic gradient descent. */
  readonly sgd: SGDOptions;
  /** Adam. */
  readonly adam: AdamOptions;
  /** Adam with decoupled weight decay. */
  readonly adamw: AdamWOptions;
  /** RMSprop. */
  readonly rmsprop: RMSpropOptions;
}

/** The optimiser kinds. */
export type OptimizerKind = keyof OptimizerSettings;

/** An optimiser's configuration as JSON-only data: `{ kind }` plus its settings. */
export type OptimizerSpec = {
  [K in OptimizerKind]: { readonly kind: K } & OptimizerSettings[K];
}[OptimizerKind];

/** What a valid value of a setting is, or undefined when `v` is one. */
export type Rule = (v: unknown) => string | undefined;

/** One optimiser: a rule for every setting, a cross-setting check, and its constructor. */
export interface OptimizerEntry<O> {
  /** One line for the docs. */
  readonly doc: string;
  /** A rule for each setting (the compiler checks every setting of `O` has one). */
  readonly fields: { readonly [F in keyof O]-?: Rule };
  /** Problems that involve several settings (messages keyed by setting). */
  readonly relations?: (spec: O) => { field: keyof O & string; message: string }[];
  /** The optimiser. */
  readonly create: (params: readonly Parameter[], options: O & { kernels?: Kernels }) => Optimizer;
}

const positive: Rule = (v) =>
  typeof v === "number" && Number.isFinite(v) && v > 0 ? undefined : "a positive number";
const unit: Rule = (v) =>
  typeof v === "number" && Number.isFinite(v) && v >= 0 && v < 1 ? undefined : "a number in [0, 1)";
const nonNegative: Rule = (v) =>
  typeof v === "number" && Number.isFinite(v) && v >= 0 ? undefined : "a number ≥ 0";
const flag: Rule = (v) => (typeof v === "boolean" ? undefined : "true or false");

/**
 * Every problem with an optimiser spec.
 *
 * @param spec The value to check.
 * @param path Its path. @default {["optimizer"]}
 * @returns The problems (empty when valid).
 */
export function optimizerSpecProblems(spec: unknown, path: Path = ["optimizer"]): Problem[] {
  const problems = kindSpecProblems(spec, path, OPTIMIZERS, {
    noun: "optimiser",
    required: ["lr"],
  });
  if (problems.length > 0) return problems;
  const s = spec as Record<string, unknown>;
  const entry = OPTIMIZERS[s.kind as OptimizerKind] as unknown as OptimizerEntry<
    Record<string, unknown>
  >;
  return (entry.relations?.(s) ?? []).map((r) => ({
    path: [...path, r.field],
    message: r.message,
  }));
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
 * import { SGD } from "../../mod.ts";
 * import { Matrix } from "../../mod.ts";
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
 * import { Adam } from "../../mod.ts";
 * import { Matrix } from "../../mod.ts";
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
 * RMSprop (Hinton): v ← ρv + (1−ρ)g², W ← W − η g / (√v + ε).
 *
 * @example The first step divides by √((1 − ρ)g²)
 * ```ts
 * import { Matrix, RMSprop } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const w = { name: "w", value: Matrix.fromRows([[1]], "float64"), grad: Matrix.fromRows([[2]], "float64"), regularize: true };
 * new RMSprop([w], { lr: 0.1, epsilon: 0 }).step();
 * assert.ok(Math.abs(w.value.get(0, 0) - (1 - 0.1 / Math.sqrt(0.1))) < 1e-12);
 * ```
 */
export class RMSprop extends Optimizer {
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
    super(params, options.lr);
    const { kernels, ...spec } = options;
    const problems = optimizerSpecProblems({ kind: "rmsprop", ...spec });
    if (problems.length > 0) throw new ValidationError("optimiser", problems);
    this.rho = options.rho ?? 0.9;
    this.epsilon = options.epsilon ?? 1e-8;
    const k = kernels ?? defaultKernels();
    this.#v = params.map((p) => k.alloc(1, p.value.data.length, p.value.dtype).data);
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

  /** The running means of g². */
  protected override buffers(): FloatArray[] {
    return this.#v;
  }

  /** The running means as plain numbers. */
  override state(): OptimizerState {
    return { steps: 0, buffers: this.#v.map((v) => Array.from(v)) };
  }

  /** The optimiser's JSON spec. */
  spec(): OptimizerSpec {
    return { kind: "rmsprop", lr: this.lr, rho: this.rho, epsilon: this.epsilon };
  }
}

/**
 * AdamW (Loshchilov & Hutter, 2019): Adam with decoupled weight decay. Each step first
 * shrinks the weights, W ← W − ηλW, then takes the Adam step on the loss gradient alone —
 * unlike L2 (`l2`), whose λW goes through Adam's per-weight scaling. Biases are not
 * decayed, as L2 leaves them alone.
 *
 * @example With a zero gradient, a step is the decay alone
 * ```ts
 * import { AdamW, Matrix } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const w = { name: "w", value: Matrix.fromRows([[2]], "float64"), grad: Matrix.fromRows([[0]], "float64"), regularize: true };
 * new AdamW([w], { lr: 0.1, weightDecay: 0.5 }).step();
 * assert.equal(w.value.get(0, 0), 2 * (1 - 0.1 * 0.5));
 * ```
 */
export class AdamW extends Adam {
  /** The decoupled decay λ. */
  readonly weightDecay: number;
  readonly #kernels: Kernels;

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
    const { weightDecay, ...adam } = options;
    super(params, adam);
    const { kernels: _, ...settings } = adam;
    const problems = optimizerSpecProblems({
      kind: "adamw",
      ...settings,
      ...(weightDecay === undefined ? {} : { weightDecay }),
    });
    if (problems.length > 0) throw new ValidationError("optimiser", problems);
    this.weightDecay = weightDecay ?? 0.01;
    this.#kernels = options.kernels ?? defaultKernels();
  }

  /** Decays the weights, then takes the Adam step. */
  override step(): void {
    const shrink = -this.lr * this.weightDecay;
    if (shrink !== 0) {
      for (const p of this.params) {
        if (p.regularize) this.#kernels.axpy(shrink, p.value.data, p.value.data);
      }
    }
    super.step();
  }

  /** The optimiser's JSON spec. */
  override spec(): OptimizerSpec {
    const { kind: _, ...adam } = super.spec() as AdamOptions & { kind: string };
    return { kind: "adamw", ...adam, weightDecay: this.weightDecay };
  }
}

/**
 * Every optimiser, by kind. Adding one is a class above and an entry here (and its tests):
 * `OptimizerSpec`, `OPTIMIZER_KINDS`, the spec checks and {@link createOptimizer} all read
 * this table.
 */
export const OPTIMIZERS: { readonly [K in OptimizerKind]: OptimizerEntry<OptimizerSettings[K]> } = {
  sgd: {
    doc: "SGD; with momentum, and Nesterov's form",
    fields: { lr: positive, momentum: unit, nesterov: flag },
    relations: (s) =>
      s.nesterov === true && !(typeof s.momentum === "number" && s.momentum > 0)
        ? [{ field: "nesterov" as const, message: "Nesterov momentum needs momentum > 0" }]
        : [],
    create: (params, o) => new SGD(params, o),
  },
  adam: {
    doc: "Adam",
    fields: { lr: positive, beta1: unit, beta2: unit, epsilon: positive },
    create: (params, o) => new Adam(params, o),
  },
  adamw: {
    doc: "Adam with decoupled weight decay",
    fields: { lr: positive, beta1: unit, beta2: unit, epsilon: positive, weightDecay: nonNegative },
    create: (params, o) => new AdamW(params, o),
  },
  rmsprop: {
    doc: "RMSprop",
    fields: { lr: positive, rho: unit, epsilon: nonNegative },
    create: (params, o) => new RMSprop(params, o),
  },
};

/** Every optimiser kind. */
export const OPTIMIZER_KINDS: readonly OptimizerKind[] = Object.keys(OPTIMIZERS) as OptimizerKind[];

/**
 * The optimiser for a spec.
 *
 * @example
 * ```ts
 * import { createOptimizer } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(createOptimizer({ kind: "sgd", lr: 0.1, momentum: 0.9 }, []).spec().kind, "sgd");
 * assert.throws(() => createOptimizer({ kind: "sgd", lr: -1 }, []), /expected a positive number, got -1 → at optimizer\.lr/);
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
  const problems = optimizerSpecProblems(spec);
  if (problems.length > 0) throw new ValidationError("optimiser", problems);
  const { kind, ...options } = spec;
  const entry = OPTIMIZERS[kind] as unknown as OptimizerEntry<Record<string, unknown>>;
  return entry.create(params, { ...options, ...(kernels ? { kernels } : {}) });
}
