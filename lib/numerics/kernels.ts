/**
 * The kernel interface: every numeric loop the layers run goes through one object of
 * this shape, so a faster implementation (WebAssembly SIMD, a native BLAS) can replace
 * the plain-TypeScript reference without touching the layers. Every implementation
 * runs the same shared test suite (`test/kernel_suite.ts`).
 *
 * All kernels write into an output the caller owns and allocate nothing.
 *
 * @module
 */

import type { DType, FloatArray, Matrix } from "./matrix.ts";

import type { ActivationKind } from "../nn/activations/registry.ts";

export type { ActivationKind } from "../nn/activations/registry.ts";

/** The kernels backpropagation needs. */
export interface Kernels {
  /** A short name: `"typescript"`, `"wasm"`, `"blas"`. */
  readonly name: string;
  /**
   * A zero matrix in the backend's own memory (the wasm backend's linear memory), so that
   * weights and activations stay there across steps.
   */
  alloc(rows: number, cols: number, dtype: DType): Matrix;
  /** C = A·B, shapes (m×k)·(k×n). */
  matmul(a: Matrix, b: Matrix, c: Matrix): void;
  /** C = A·Bᵀ, shapes (m×k)·(n×k)ᵀ — the dense forward pass x·Wᵀ. */
  matmulNT(a: Matrix, b: Matrix, c: Matrix): void;
  /** C = Aᵀ·B, shapes (k×m)ᵀ·(k×n) — the weight gradient dzᵀ·x. */
  matmulTN(a: Matrix, b: Matrix, c: Matrix): void;
  /** y += alpha · x element-wise (the SGD update), in place. */
  axpy(alpha: number, x: FloatArray, y: FloatArray): void;
  /** The index of the first NaN or ±Infinity in x, or −1. */
  firstNonFinite(x: FloatArray): number;
  /**
   * One Adam step, in place: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², then
   * w ← w − lr·m·c1 / (√(v·c2) + ε), where c1 and c2 are the bias corrections 1/(1 − βᵗ).
   */
  adam(
    w: FloatArray,
    g: FloatArray,
    m: FloatArray,
    v: FloatArray,
    lr: number,
    beta1: number,
    beta2: number,
    epsilon: number,
    c1: number,
    c2: number,
  ): void;
  /** Adds the vector v to every row of m, in place. */
  addRowVector(m: Matrix, v: FloatArray): void;
  /** out[j] = Σᵢ m[i, j] — the bias gradient. */
  sumColumns(m: Matrix, out: FloatArray): void;
  /** out[i] = index of the largest element of row i (the first one on ties). */
  argmaxRows(m: Matrix, out: Int32Array): void;
  /**
   * Row-wise softmax, stable: the row maximum is subtracted before exp. With `logSumExp`
   * (at least one slot a row), also logSumExp[i] = log Σⱼ exp(x[i, j]), computed as
   * max + log Σ exp(x − max) — what a cross-entropy needs without taking log p.
   */
  softmaxRows(x: Matrix, out: Matrix, logSumExp?: Float64Array): void;
  /**
   * out = f(x) element-wise; `alpha` is the negative slope of leaky ReLU. With `bias` (one
   * value a column: a dense layer's), x's rows first get it added in place, so that x holds
   * the pre-activation and out the activation — one pass where a backend fuses the two.
   */
  activate(kind: ActivationKind, x: Matrix, out: Matrix, alpha: number, bias?: FloatArray): void;
  /**
   * dx = f′(x) ⊙ dy element-wise, given the forward input x and output y (tanh and
   * sigmoid use y: 1 − y² and y(1 − y)).
   */
  activateBackward(
    kind: ActivationKind,
    x: Matrix,
    y: Matrix,
    dy: Matrix,
    dx: Matrix,
    alpha: number,
  ): void;
  /**
   * One epoch of a small multi-layer perceptron's minibatch SGD or Adam in one call, bit for
   * bit as the layers run it kernel by kernel (the wasm backend has it; the others do not).
   *
   * @returns −1 when every batch ran, else the first batch whose loss is not finite (its
   *   update not made).
   */
  mlpEpoch?(epoch: MlpEpoch): number;
}

/**
 * A {@link Kernels.mlpEpoch} call: the network's float32 dense layers (each but the last
 * optionally followed by tanh or ReLU; softmax and cross-entropy after the last), the
 * training examples and the epoch's order, the batch size and the update — SGD at `lr`, or
 * Adam; the logits and probabilities of every example come back in `logits` and `probs`, at
 * its position in the order.
 */
export interface MlpEpoch {
  /** The dense layers, first to last. */
  readonly layers: readonly {
    readonly weight: Matrix;
    readonly bias: FloatArray;
    readonly weightGrad: Matrix;
    readonly biasGrad: FloatArray;
    /** The activation after the layer (never after the last). */
    readonly activation: "none" | "tanh" | "relu";
  }[];
  /** The examples, one a row. */
  readonly x: Matrix;
  /** Each example's class. */
  readonly labels: Int32Array;
  /** The epoch's order of the examples. */
  readonly order: Uint32Array;
  /** Examples per batch (the last batch takes what is left). */
  readonly batch: number;
  /** The learning rate (of SGD, or Adam's). */
  readonly lr: number;
  /**
   * Adam instead of SGD: its β₁, β₂ and ε, each parameter's moments (in the network's
   * parameter order: W₁, b₁, W₂, …), and the bias corrections 1/(1 − β₁ᵗ), 1/(1 − β₂ᵗ) of
   * each step of the epoch, in pairs.
   */
  readonly adam?: {
    readonly beta1: number;
    readonly beta2: number;
    readonly epsilon: number;
    readonly moments: readonly { readonly m: FloatArray; readonly v: FloatArray }[];
    readonly corrections: Float64Array;
  };
  /** Out: each batch's logits, n × classes. */
  readonly logits: Matrix;
  /** Out: each batch's probabilities, n × classes. */
  readonly probs: Matrix;
  /**
   * Out, when given: each example's softmax row maximum and sum of exponentials (n × 2),
   * from which a loss on logits takes log Σ exp as the kernels' `softmaxRows` gives it.
   */
  readonly stats?: Matrix;
}

/** The three products backprop needs: A·B, A·Bᵀ, Aᵀ·B. */
export type Product = "nn" | "nt" | "tn";

const PRODUCT_NAMES: Record<Product, string> = { nn: "A·B", nt: "A·Bᵀ", tn: "Aᵀ·B" };

/**
 * Checks the operands of C = op(A)·op(B) and returns its dimensions [m, k, n]: C is m×n and
 * k is the shared dimension. Every backend uses this one rule.
 *
 * @example
 * ```ts
 * import { productShape } from "../../mod.ts";
 * import { Matrix } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(productShape("nt", Matrix.zeros(32, 784), Matrix.zeros(128, 784), Matrix.zeros(32, 128)), [32, 784, 128]);
 * assert.throws(() => productShape("nn", Matrix.zeros(2, 3), Matrix.zeros(2, 3), Matrix.zeros(2, 3)), /multiply A·B: shapes 2×3, 2×3, 2×3/);
 * ```
 *
 * @param op Which product.
 * @param a A.
 * @param b B.
 * @param c C, the output.
 * @returns [m, k, n].
 */
export function productShape(
  op: Product,
  a: Matrix,
  b: Matrix,
  c: Matrix,
): [number, number, number] {
  const m = op === "tn" ? a.cols : a.rows, k = op === "tn" ? a.rows : a.cols;
  const kb = op === "nt" ? b.cols : b.rows, n = op === "nt" ? b.rows : b.cols;
  if (k !== kb || c.rows !== m || c.cols !== n) {
    checkShapes(false, `multiply ${PRODUCT_NAMES[op]}`, a, b, c);
  }
  return [m, k, n];
}

/**
 * Throws a `TypeError` naming both shapes unless `ok`.
 *
 * @param ok Whether the shapes fit.
 * @param what The operation, e.g. `"multiply"`.
 * @param shapes The shapes involved.
 */
export function checkShapes(ok: boolean, what: string, ...shapes: Matrix[]): void {
  if (!ok) {
    throw new TypeError(
      `Cannot ${what}: shapes ${shapes.map((m) => m.shape).join(", ")} do not fit`,
    );
  }
}

/** Throws unless x and y (of an axpy) have the same length. */
export function checkAxpy(x: FloatArray, y: FloatArray): void {
  if (x.length !== y.length) throw new TypeError(`Cannot add ${x.length} values to ${y.length}`);
}

/** Throws unless `logSumExp`, when given, has a slot for every row of x. */
export function checkLogSumExp(x: Matrix, logSumExp: Float64Array | undefined): void {
  if (logSumExp !== undefined && logSumExp.length < x.rows) {
    throw new TypeError(
      `Cannot take a softmax: ${logSumExp.length} log-sum-exp slots for ${x.rows} rows`,
    );
  }
}

function same(m: Matrix, rows: number, cols: number, dtype: DType): boolean {
  return m.rows === rows && m.cols === cols && m.dtype === dtype;
}

/**
 * A layer's working buffers: one matrix per shape, the few most recent kept, so that
 * alternating between the training batch, the last smaller batch and evaluation chunks
 * allocates nothing after the first pass.
 *
 * @example
 * ```ts
 * import { BufferPool } from "../../mod.ts";
 * import { typescriptKernels } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const pool = new BufferPool(typescriptKernels);
 * const a = pool.get(32, 10, "float32"), b = pool.get(7, 10, "float32");
 * assert.equal(pool.get(32, 10, "float32"), a);
 * assert.equal(pool.get(7, 10, "float32"), b);
 * ```
 */
export class BufferPool {
  readonly #kernels: Kernels;
  readonly #size: number;
  #buffers: Matrix[] = [];

  /**
   * A pool of reusable buffers.
   *
   * @param kernels The backend that allocates.
   * @param size How many shapes to keep. @default {4}
   */
  constructor(kernels: Kernels, size = 4) {
    this.#kernels = kernels;
    this.#size = size;
  }

  /**
   * A matrix of this shape and dtype: the kept one, or a new one.
   *
   * @param rows Rows.
   * @param cols Columns.
   * @param dtype Element type.
   * @returns The buffer (its contents are whatever was left in it).
   */
  get(rows: number, cols: number, dtype: DType): Matrix {
    const list = this.#buffers; // most recently used first; one matrix a shape
    if (list.length > 0 && same(list[0]!, rows, cols, dtype)) return list[0]!;
    let i = 1;
    while (i < list.length && !same(list[i]!, rows, cols, dtype)) i++;
    const m = i < list.length ? list.splice(i, 1)[0]! : this.#kernels.alloc(rows, cols, dtype);
    list.unshift(m);
    if (list.length > this.#size) list.pop();
    return m;
  }
}
