/**
 * Element-wise activation layers and the row-wise softmax. Each backward pass sits next
 * to its forward pass; the derivatives are the lesson's: tanh′ = 1 − y², σ′ = y(1 − y).
 *
 * @module
 */

import { defaultKernels } from "../../numerics/backends.ts";
import { type ActivationEntry, type ActivationKind, ACTIVATIONS } from "./registry.ts";
import { BufferPool, type Kernels } from "../../numerics/kernels.ts";
import type { FloatArray, Matrix } from "../../numerics/matrix.ts";
import type { Layer, LayerOptions, Parameter } from "../layer.ts";
import { isThroughActivation, rememberLogits } from "../logits.ts";
import type { LayerSpec } from "../spec.ts";

/** A layer y = f(x) applied to each element; `kind` picks f. */
export class ElementWise implements Layer {
  readonly kind: ActivationKind;
  /** The kind's parameter (leaky ReLU's slope α; 0 for kinds without one). */
  protected readonly alpha: number;
  readonly #kernels: Kernels;
  #x: Matrix | undefined;
  #y: Matrix | undefined;
  readonly #out: BufferPool;
  readonly #dx: BufferPool;

  /**
   * An element-wise activation of one kind ({@link ACTIVATIONS}).
   *
   * @param kind The activation.
   * @param param Its parameter, for kinds that take one (else ignored). @default {the kind's default}
   * @param options Kernels.
   */
  constructor(kind: ActivationKind, param?: number, options: LayerOptions = {}) {
    const entry = ACTIVATIONS[kind] as ActivationEntry | undefined;
    if (entry === undefined) {
      throw new TypeError(
        `Unknown activation ${JSON.stringify(kind)}; expected one of ${
          Object.keys(ACTIVATIONS).join(", ")
        }`,
      );
    }
    const value = entry.param ? param ?? entry.param.default : 0;
    const wrong = entry.param?.check(value);
    if (wrong !== undefined) {
      throw new RangeError(
        `Cannot make a ${kind} layer: ${entry.param!.name} must be ${wrong}, got ${value}`,
      );
    }
    this.kind = kind;
    this.alpha = value;
    this.#kernels = options.kernels ?? defaultKernels();
    this.#out = new BufferPool(this.#kernels);
    this.#dx = new BufferPool(this.#kernels);
  }

  forward(x: Matrix): Matrix {
    return this.forwardWithBias(x, undefined);
  }

  /**
   * forward(x + bias) for the output x of a dense layer that left its bias out
   * ({@link Dense.forwardUnbiased}): x's rows get `bias` added in place, then y = f(x), in one
   * pass where the kernels fuse the two.
   *
   * @param x The dense layer's x·Wᵀ; holds x·Wᵀ + b afterwards.
   * @param bias One value a column (none: plain forward).
   * @returns f(x + bias), in a buffer this layer reuses.
   */
  forwardWithBias(x: Matrix, bias: FloatArray | undefined): Matrix {
    this.#x = x;
    const y = this.#y = this.#out.get(x.rows, x.cols, x.dtype);
    this.#kernels.activate(this.kind, x, y, this.alpha, bias);
    if (this.kind === "sigmoid") rememberLogits(y, x);
    return y;
  }

  backward(dy: Matrix, inputGrad = true): Matrix | null {
    if (!inputGrad) return null;
    if (this.#x === undefined || this.#y === undefined) {
      throw new TypeError(`Cannot run backward before forward on a ${this.kind} layer`);
    }
    // binary_cross_entropy took its gradient with respect to the logit already.
    if (this.kind === "sigmoid" && isThroughActivation(dy)) return dy;
    const dx = this.#dx.get(dy.rows, dy.cols, dy.dtype);
    this.#kernels.activateBackward(this.kind, this.#x, this.#y, dy, dx, this.alpha);
    return dx;
  }

  parameters(): Parameter[] {
    return [];
  }

  spec(): LayerSpec {
    const param = (ACTIVATIONS[this.kind] as ActivationEntry).param;
    return (param
      ? { kind: this.kind, [param.name]: this.alpha }
      : { kind: this.kind }) as LayerSpec;
  }
}

/**
 * y = tanh(x); backward dx = (1 − y²) ⊙ dy.
 *
 * @example
 * ```ts
 * import { Tanh } from "../../../mod.ts";
 * import { Matrix } from "../../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const layer = new Tanh();
 * assert.equal(layer.forward(Matrix.fromRows([[0]])).get(0, 0), 0);
 * assert.equal(layer.backward(Matrix.fromRows([[2]]))!.get(0, 0), 2);
 * ```
 */
export class Tanh extends ElementWise {
  /** The identity activation. @param options Kernels. */
  constructor(options: LayerOptions = {}) {
    super("tanh", 0, options);
  }
}

/**
 * y = σ(x) = 1 / (1 + e⁻ˣ); backward dx = y(1 − y) ⊙ dy.
 *
 * @example
 * ```ts
 * import { Sigmoid } from "../../../mod.ts";
 * import { Matrix } from "../../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(new Sigmoid().forward(Matrix.fromRows([[0]])).get(0, 0), 0.5);
 * ```
 */
export class Sigmoid extends ElementWise {
  /** tanh. @param options Kernels. */
  constructor(options: LayerOptions = {}) {
    super("sigmoid", 0, options);
  }
}

/**
 * y = max(0, x); backward passes dy where x > 0.
 *
 * @example
 * ```ts
 * import { ReLU } from "../../../mod.ts";
 * import { Matrix } from "../../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(Array.from(new ReLU().forward(Matrix.fromRows([[-1, 2]])).data), [0, 2]);
 * ```
 */
export class ReLU extends ElementWise {
  /** The logistic sigmoid. @param options Kernels. */
  constructor(options: LayerOptions = {}) {
    super("relu", 0, options);
  }
}

/**
 * y = x for x > 0, else αx; backward likewise.
 *
 * @example
 * ```ts
 * import { LeakyReLU } from "../../../mod.ts";
 * import { Matrix } from "../../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(Array.from(new LeakyReLU({ alpha: 0.5 }).forward(Matrix.fromRows([[-2, 2]])).data), [-1, 2]);
 * ```
 */
export class LeakyReLU extends ElementWise {
  /** Leaky ReLU with slope α below 0. @param options The negative slope `alpha` (default 0.01) and kernels. */
  constructor(options: LayerOptions & { readonly alpha?: number } = {}) {
    super("leaky_relu", options.alpha, options);
  }
}

/**
 * y = x: an explicit linear output, e.g. for regression.
 *
 * @example
 * ```ts
 * import { Identity } from "../../../mod.ts";
 * import { Matrix } from "../../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(new Identity().forward(Matrix.fromRows([[-3]])).get(0, 0), -3);
 * ```
 */
export class Identity extends ElementWise {
  /** ReLU. @param options Kernels. */
  constructor(options: LayerOptions = {}) {
    super("identity", 0, options);
  }
}

/**
 * Row-wise softmax σ(z)ᵢ = e^{zᵢ − max z} / Σⱼ e^{zⱼ − max z} (the max is subtracted for
 * stability, as in the lesson). Backward: dxᵢ = yᵢ (dyᵢ − Σⱼ dyⱼ yⱼ).
 *
 * For training a classifier prefer a linear output with the fused
 * `SoftmaxCrossEntropy` loss: same maths, fewer roundings, no division by p.
 *
 * @example Rows sum to one
 * ```ts
 * import { Softmax } from "../../../mod.ts";
 * import { Matrix } from "../../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const y = new Softmax().forward(Matrix.fromRows([[1, 2, 3]], "float64"));
 * assert.ok(Math.abs(Array.from(y.data).reduce((a, b) => a + b, 0) - 1) < 1e-12);
 * ```
 */
export class Softmax implements Layer {
  readonly kind = "softmax" as const;
  readonly #kernels: Kernels;
  #y: Matrix | undefined;
  readonly #out: BufferPool;
  readonly #dx: BufferPool;

  /** Row-wise softmax. @param options Kernels. */
  constructor(options: LayerOptions = {}) {
    this.#kernels = options.kernels ?? defaultKernels();
    this.#out = new BufferPool(this.#kernels);
    this.#dx = new BufferPool(this.#kernels);
  }

  forward(x: Matrix): Matrix {
    const y = this.#y = this.#out.get(x.rows, x.cols, x.dtype);
    this.#kernels.softmaxRows(x, y);
    rememberLogits(y, x);
    return y;
  }

  backward(dy: Matrix, inputGrad = true): Matrix | null {
    if (!inputGrad) return null;
    const y = this.#y;
    if (y === undefined) {
      throw new TypeError("Cannot run backward before forward on a softmax layer");
    }
    if (dy.rows !== y.rows || dy.cols !== y.cols) {
      throw new TypeError(
        `Cannot backpropagate ${dy.shape} through a softmax whose output was ${y.shape}`,
      );
    }
    // cross_entropy took its gradient with respect to the logits already.
    if (isThroughActivation(dy)) return dy;
    const dx = this.#dx.get(dy.rows, dy.cols, dy.dtype);
    const yd = y.data, g = dy.data, o = dx.data, n = y.cols;
    for (let r = 0, off = 0; r < y.rows; r++, off += n) {
      let s = 0;
      for (let j = 0; j < n; j++) s += g[off + j]! * yd[off + j]!;
      for (let j = 0; j < n; j++) o[off + j] = yd[off + j]! * (g[off + j]! - s);
    }
    return dx;
  }

  parameters(): Parameter[] {
    return [];
  }

  spec(): LayerSpec {
    return { kind: "softmax" };
  }
}
