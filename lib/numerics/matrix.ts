/**
 * Dense row-major matrices over `Float32Array` (training) or `Float64Array` (gradient
 * checks and references).
 *
 * @module
 */

/** The element types a matrix can hold. */
export type DType = "float32" | "float64";

/** The typed arrays behind a matrix. */
export type FloatArray = Float32Array | Float64Array;

/**
 * Allocates a zero-filled typed array of a dtype.
 *
 * @param dtype The element type.
 * @param length The number of elements.
 * @returns The array.
 */
export function allocFloats(dtype: DType, length: number): FloatArray {
  return dtype === "float64" ? new Float64Array(length) : new Float32Array(length);
}

/**
 * A dense row-major matrix: element (i, j) is `data[i * cols + j]`.
 *
 * @example Build, read and reshape-free views
 * ```ts
 * import { Matrix } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const m = Matrix.fromRows([[1, 2, 3], [4, 5, 6]]);
 * assert.equal(m.shape, "2×3");
 * assert.equal(m.get(1, 2), 6);
 * assert.deepEqual(Array.from(m.row(0)), [1, 2, 3]);
 * ```
 */
export class Matrix {
  /** Number of rows. */
  readonly rows: number;
  /** Number of columns. */
  readonly cols: number;
  /** The elements, row-major. */
  readonly data: FloatArray;
  /** The element type (a field, not a getter: it is read on every kernel call). */
  readonly dtype: DType;

  /**
   * Wraps (or allocates) row-major storage.
   *
   * @param rows Number of rows.
   * @param cols Number of columns.
   * @param data Storage of length rows × cols; a zero-filled `Float32Array` if omitted.
   */
  constructor(rows: number, cols: number, data?: FloatArray) {
    if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(cols) || cols < 0) {
      throw new RangeError(
        `Cannot make a matrix of shape ${rows}×${cols}: expected non-negative integers`,
      );
    }
    const storage = data ?? new Float32Array(rows * cols);
    if (storage.length !== rows * cols) {
      throw new TypeError(
        `Cannot make a ${rows}×${cols} matrix: expected ${
          rows * cols
        } elements, got ${storage.length}`,
      );
    }
    this.rows = rows;
    this.cols = cols;
    this.data = storage;
    this.dtype = storage instanceof Float64Array ? "float64" : "float32";
  }

  /**
   * A zero matrix.
   *
   * @param rows Number of rows.
   * @param cols Number of columns.
   * @param dtype The element type. @default {"float32"}
   * @returns The matrix.
   */
  static zeros(rows: number, cols: number, dtype: DType = "float32"): Matrix {
    return new Matrix(rows, cols, allocFloats(dtype, rows * cols));
  }

  /**
   * A matrix from nested arrays (all rows of equal length).
   *
   * @param rows The rows.
   * @param dtype The element type. @default {"float32"}
   * @returns The matrix.
   */
  static fromRows(rows: readonly (readonly number[])[], dtype: DType = "float32"): Matrix {
    const cols = rows[0]?.length ?? 0;
    const m = Matrix.zeros(rows.length, cols, dtype);
    rows.forEach((row, i) => {
      if (row.length !== cols) {
        throw new TypeError(
          `Cannot build a matrix: row ${i} has ${row.length} values, expected ${cols}`,
        );
      }
      m.data.set(row, i * cols);
    });
    return m;
  }

  /** The shape as text, e.g. `32×784`, for messages. */
  get shape(): string {
    return `${this.rows}×${this.cols}`;
  }

  /**
   * Element (i, j).
   *
   * @param i Row.
   * @param j Column.
   * @returns The value.
   */
  get(i: number, j: number): number {
    return this.data[i * this.cols + j]!;
  }

  /**
   * Sets element (i, j).
   *
   * @param i Row.
   * @param j Column.
   * @param value The value.
   */
  set(i: number, j: number, value: number): void {
    this.data[i * this.cols + j] = value;
  }

  /**
   * A view of row i (shares storage).
   *
   * @param i Row.
   * @returns The row's elements.
   */
  row(i: number): FloatArray {
    return this.data.subarray(i * this.cols, (i + 1) * this.cols);
  }

  /**
   * A copy, optionally converted to another dtype.
   *
   * @param dtype The element type of the copy. @default {this.dtype}
   * @returns The copy.
   */
  clone(dtype: DType = this.dtype): Matrix {
    const out = Matrix.zeros(this.rows, this.cols, dtype);
    out.data.set(this.data);
    return out;
  }

  /** The matrix as an array of rows (for printing and tests). @returns The rows as nested plain arrays. */
  toRows(): number[][] {
    return Array.from({ length: this.rows }, (_, i) => Array.from(this.row(i)));
  }
}

/**
 * Copies rows `order[start … end)` of `src` into the first rows of `out` (a minibatch).
 *
 * @example
 * ```ts
 * import { gatherRows, Matrix } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const out = Matrix.zeros(2, 1);
 * gatherRows(Matrix.fromRows([[10], [20], [30]]), Uint32Array.of(2, 0, 1), 0, 2, out);
 * assert.deepEqual(Array.from(out.data), [30, 10]);
 * ```
 *
 * @param src The full matrix.
 * @param order Row indices.
 * @param start First position in `order`.
 * @param end One past the last position.
 * @param out Destination with `end − start` rows and `src.cols` columns.
 */
export function gatherRows(
  src: Matrix,
  order: ArrayLike<number>,
  start: number,
  end: number,
  out: Matrix,
): void {
  if (out.rows !== end - start || out.cols !== src.cols) {
    throw new TypeError(`Cannot gather ${end - start} rows of ${src.shape} into ${out.shape}`);
  }
  const n = src.cols, s = src.data, o = out.data;
  for (let r = start; r < end; r++) {
    const from = order[r]! * n, to = (r - start) * n;
    // Narrow rows element by element: a subarray per row would cost more than the copy.
    if (n <= 32) { for (let j = 0; j < n; j++) o[to + j] = s[from + j]!; }
    else o.set(s.subarray(from, from + n), to);
  }
}
