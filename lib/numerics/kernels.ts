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

/** The element-wise activations a kernel set implements. */
export type ActivationKind = "identity" | "tanh" | "sigmoid" | "relu" | "leaky_relu";

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
  /** Adds the vector v to every row of m, in place. */
  addRowVector(m: Matrix, v: FloatArray): void;
  /** out[j] = Σᵢ m[i, j] — the bias gradient. */
  sumColumns(m: Matrix, out: FloatArray): void;
  /** out[i] = index of the largest element of row i (the first one on ties). */
  argmaxRows(m: Matrix, out: Int32Array): void;
  /** Row-wise softmax, stable: the row maximum is subtracted before exp. */
  softmaxRows(x: Matrix, out: Matrix): void;
  /** out = f(x) element-wise; `alpha` is the negative slope of leaky ReLU. */
  activate(kind: ActivationKind, x: Matrix, out: Matrix, alpha: number): void;
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

/**
 * Returns `m` if it already has the shape and dtype, else a new matrix from the kernels:
 * layers reuse their buffers from batch to batch instead of allocating.
 *
 * @param kernels The backend that allocates.
 * @param m The buffer from the last call, if any.
 * @param rows Rows wanted.
 * @param cols Columns wanted.
 * @param dtype Element type wanted.
 * @returns A matrix of that shape and dtype.
 */
export function reuseFrom(
  kernels: Kernels,
  m: Matrix | undefined,
  rows: number,
  cols: number,
  dtype: DType,
): Matrix {
  return m !== undefined && m.rows === rows && m.cols === cols && m.dtype === dtype
    ? m
    : kernels.alloc(rows, cols, dtype);
}
