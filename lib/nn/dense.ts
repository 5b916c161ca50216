/**
 * The dense (fully connected) layer — the lesson's `Linear`.
 *
 * @module
 */

import { defaultKernels } from "../numerics/backends.ts";
import { BufferPool, type Kernels } from "../numerics/kernels.ts";
import type { Matrix } from "../numerics/matrix.ts";
import type { Rng } from "../numerics/random.ts";
import { initialize } from "./init.ts";
import type { Layer, LayerOptions, Parameter } from "./layer.ts";
import type { InitKind, LayerSpec } from "./spec.ts";

/** Options of a {@link Dense} layer. */
export interface DenseOptions extends LayerOptions {
  /** Weight initialiser. @default {"lecun"} */
  readonly init?: InitKind;
  /** Stream for the initial weights; required unless `init` is `"zeros"`. */
  readonly rng?: Rng;
}

/**
 * z = x·Wᵀ + b, with W of shape (units × inputs) and b of length units.
 *
 * Backward, for dz = ∂ℒ/∂z: dW = dzᵀ·x, db = Σ_rows dz, dx = dz·W.
 *
 * @example Forward and backward on one example
 * ```ts
 * import { Dense } from "../../mod.ts";
 * import { Matrix } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const layer = new Dense(2, 1, { init: "zeros" });
 * layer.weight.value.data.set([2, 3]);
 * layer.bias.value.data.set([1]);
 * const z = layer.forward(Matrix.fromRows([[1, 1]]));
 * assert.equal(z.get(0, 0), 6);
 * const dx = layer.backward(Matrix.fromRows([[1]]))!;
 * assert.deepEqual(Array.from(dx.data), [2, 3]);
 * assert.deepEqual(Array.from(layer.weight.grad.data), [1, 1]);
 * ```
 */
export class Dense implements Layer {
  readonly kind = "dense" as const;
  /** W, shape (units × inputs). */
  readonly weight: Parameter;
  /** b, shape (1 × units). */
  readonly bias: Parameter;
  readonly #init: InitKind;
  readonly #kernels: Kernels;
  #x: Matrix | undefined;
  readonly #z: BufferPool;
  readonly #dx: BufferPool;

  /**
   * A dense layer with weights drawn by its initialiser.
   *
   * @param inputs Input width.
   * @param units Output width.
   * @param options Initialiser, stream, kernels, dtype.
   */
  constructor(inputs: number, units: number, options: DenseOptions = {}) {
    for (const [name, v] of [["inputs", inputs], ["units", units]] as const) {
      if (!Number.isInteger(v) || v < 1) {
        throw new RangeError(
          `Cannot make a dense layer: ${name} must be a positive integer, got ${v}`,
        );
      }
    }
    const dtype = options.dtype ?? "float32";
    this.#init = options.init ?? "lecun";
    const k = this.#kernels = options.kernels ?? defaultKernels();
    this.#z = new BufferPool(k);
    this.#dx = new BufferPool(k);
    this.weight = {
      name: "weight",
      value: k.alloc(units, inputs, dtype),
      grad: k.alloc(units, inputs, dtype),
      regularize: true,
    };
    this.bias = {
      name: "bias",
      value: k.alloc(1, units, dtype),
      grad: k.alloc(1, units, dtype),
      regularize: false,
    };
    if (this.#init !== "zeros") {
      if (options.rng === undefined) {
        throw new TypeError(`Cannot initialise a dense layer with "${this.#init}": no rng given`);
      }
      initialize(this.weight.value, this.#init, options.rng);
    }
  }

  /** Input width. */
  get inputs(): number {
    return this.weight.value.cols;
  }

  /** Output width. */
  get units(): number {
    return this.weight.value.rows;
  }

  forward(x: Matrix): Matrix {
    const z = this.forwardUnbiased(x);
    this.#kernels.addRowVector(z, this.bias.value.data);
    return z;
  }

  /**
   * x·Wᵀ without the bias, which the caller must add: a network hands it to the next
   * element-wise layer, which adds it in the same pass as its activation
   * ({@link ElementWise.forwardWithBias}).
   *
   * @param x A batch, `inputs` columns.
   * @returns x·Wᵀ, in a buffer this layer reuses (and backward reads as its output).
   */
  forwardUnbiased(x: Matrix): Matrix {
    if (x.cols !== this.inputs) {
      throw new TypeError(
        `Cannot run a dense layer of ${this.inputs} inputs on a batch of shape ${x.shape}`,
      );
    }
    this.#x = x;
    const z = this.#z.get(x.rows, this.units, this.weight.value.dtype);
    this.#kernels.matmulNT(x, this.weight.value, z);
    return z;
  }

  backward(dz: Matrix, inputGrad = true): Matrix | null {
    const x = this.#x;
    if (x === undefined) throw new TypeError("Cannot run backward before forward on a dense layer");
    if (dz.rows !== x.rows || dz.cols !== this.units) {
      throw new TypeError(
        `Cannot backpropagate ${dz.shape} through a dense layer whose output was ${x.rows}×${this.units}`,
      );
    }
    const k = this.#kernels;
    k.matmulTN(dz, x, this.weight.grad);
    k.sumColumns(dz, this.bias.grad.data);
    if (!inputGrad) return null;
    const dx = this.#dx.get(dz.rows, this.inputs, dz.dtype);
    k.matmul(dz, this.weight.value, dx);
    return dx;
  }

  parameters(): Parameter[] {
    return [this.weight, this.bias];
  }

  spec(): LayerSpec {
    return { kind: "dense", units: this.units, init: this.#init };
  }
}
