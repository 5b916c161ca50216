/**
 * The WebAssembly SIMD backend: matrix products and the tanh activation run in a module
 * built from `wasm/kernels.as.ts` (tanh by a rational approximation within a
 * few float32 ulps); the other element-wise kernels are the TypeScript ones, working in
 * place on the same memory. Matrices allocated through {@link Kernels.alloc} live in the module's
 * linear memory, so weights and activations stay there across steps and products need no
 * copies; other operands (float64, or arrays from elsewhere) are copied in and out of a
 * scratch area, or fall back to the TypeScript kernels for float64.
 *
 * The memory is shared (a `SharedArrayBuffer`): growing it never detaches arrays already
 * handed out. Storage is reclaimed when the array that views it is garbage-collected.
 *
 * @module
 */

import { type Exports, Heap, MAX_PAGES, Scratch } from "./_wasm_heap.ts";
import { mlpEpochKernel } from "./_wasm_mlp.ts";
import { ThreadPool } from "./_wasm_pool.ts";
import { WASM_KERNELS_BASE64 } from "./_wasm_module.ts";
import { checkAxpy, checkLogSumExp, checkShapes, type Kernels, productShape } from "./kernels.ts";
import { type DType, type FloatArray, Matrix } from "./matrix.ts";
import { typescriptKernels } from "./typescript_kernels.ts";

// Products smaller than this many multiply-adds are not worth waking another thread for.
const PARALLEL_MIN = 1 << 18;
// Nor a bias and activation over fewer elements than this.
const ELEMENTWISE_PARALLEL_MIN = 1 << 13;

// A tiny wasm module using one SIMD instruction: validates only where SIMD exists.
const SIMD_PROBE = Uint8Array.from([
  0,
  97,
  115,
  109,
  1,
  0,
  0,
  0,
  1,
  5,
  1,
  96,
  0,
  1,
  123,
  3,
  2,
  1,
  0,
  10,
  10,
  1,
  8,
  0,
  65,
  0,
  253,
  15,
  253,
  98,
  11,
]);

/**
 * Whether this runtime runs WebAssembly SIMD (and shared memory, which the backend needs).
 *
 * @returns True where the wasm backend can load.
 */
export function wasmSimdAvailable(): boolean {
  try {
    return typeof SharedArrayBuffer === "function" && WebAssembly.validate(SIMD_PROBE);
  } catch {
    return false;
  }
}

/** Options of {@link createWasmKernels}. */
export interface WasmOptions {
  /**
   * Threads that share large matrix products (bands of output rows), the calling one
   * included. Results are identical for any count. Helper threads need the module to be
   * loaded from a `file:` URL with read permission for it; elsewhere one thread is used.
   * @default {1}
   */
  readonly threads?: number;
}

/**
 * A new WebAssembly SIMD kernel set, with its own memory.
 *
 * @example The same product as the TypeScript reference
 * ```ts
 * import { createWasmKernels } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const k = createWasmKernels();
 * const a = k.alloc(2, 2, "float32"), c = k.alloc(2, 2, "float32");
 * a.data.set([1, 2, 3, 4]);
 * k.matmulNT(a, a, c);
 * assert.deepEqual(Array.from(c.data), [5, 11, 11, 25]);
 * ```
 *
 * @returns The kernels.
 */
export function createWasmKernels(options: WasmOptions = {}): Kernels {
  if (!wasmSimdAvailable()) {
    throw new TypeError(
      "Cannot load the wasm kernels: this runtime has no WebAssembly SIMD or SharedArrayBuffer",
    );
  }
  const bytes = Uint8Array.from(atob(WASM_KERNELS_BASE64), (c) => c.charCodeAt(0));
  const memory = new WebAssembly.Memory({ initial: 256, maximum: MAX_PAGES, shared: true });
  const module = new WebAssembly.Module(bytes);
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  const wasm = instance.exports as unknown as Exports;
  const heap = new Heap(memory, Math.max(wasm.heap_base(), 1024));
  const scratch = new Scratch(heap);
  const ts = typescriptKernels;
  const pool = ThreadPool.start(options.threads ?? 1, memory, module, heap, wasm);
  let stats: Float32Array = new Float32Array(0); // softmax's row maxima and sums, kept between calls

  // Address of an operand, copying it into scratch slot `slot` unless it lives in memory.
  const input = (m: Matrix, slot: number): number => {
    if (heap.owns(m.data)) return m.data.byteOffset;
    const ptr = scratch.address(slot, m.data.length * 4);
    new Float32Array(heap.memory.buffer, ptr, m.data.length).set(m.data);
    return ptr;
  };
  const run = (
    f: "matmul_nn" | "matmul_tn" | "matmul_nt",
    a: Matrix,
    b: Matrix,
    c: Matrix,
    m: number,
    k: number,
    n: number,
  ) => {
    const pa = input(a, 0), pb = input(b, 1);
    const owned = heap.owns(c.data);
    const pc = owned ? c.data.byteOffset : scratch.address(2, c.data.length * 4);
    if (pool === undefined || m * k * n < PARALLEL_MIN || m < 8) {
      wasm[f](pa, pb, pc, m, k, n, m);
    } else {
      inBands(pool, f, pa, pb, pc, m, k, n);
    }
    if (!owned) c.data.set(new Float32Array(heap.memory.buffer, pc, c.data.length));
  };
  // Apart from run: closures capture their variables in a context allocated on every call of
  // the function that declares them, and run is called several times a training step.
  const inBands = (
    pool: ThreadPool,
    f: "matmul_nn" | "matmul_tn" | "matmul_nt",
    pa: number,
    pb: number,
    pc: number,
    m: number,
    k: number,
    n: number,
  ) => {
    // Bands of C's rows, multiples of 4 so every band keeps the 4-row blocks.
    pool.run(f, m, (i0, i1) => {
      const band = i1 - i0;
      return f === "matmul_tn"
        ? [pa + 4 * i0, pb, pc + 4 * i0 * n, band, k, n, m]
        : [pa + 4 * i0 * k, pb, pc + 4 * i0 * n, band, k, n, 0];
    });
  };
  const activateInBands = (
    pool: ThreadPool,
    job: "bias_tanh_f32" | "bias_sigmoid_f32",
    x: Matrix,
    bias: FloatArray,
    out: Matrix,
  ) => {
    const pz = x.data.byteOffset, pb = bias.byteOffset, py = out.data.byteOffset;
    const row = 4 * x.cols;
    pool.run(job, x.rows, (i0, i1) => [pz + row * i0, pb, py + row * i0, i1 - i0, x.cols]);
  };
  const f64 = (a: Matrix, b: Matrix, c: Matrix = a) =>
    a.data instanceof Float64Array || b.data instanceof Float64Array ||
    c.data instanceof Float64Array;
  const elementwise = (f: "tanh_f32" | "sigmoid_f32", x: Matrix, out: Matrix) => {
    const px = input(x, 0), n = x.data.length;
    if (heap.owns(out.data)) {
      wasm[f](px, out.data.byteOffset, n);
    } else {
      const po = scratch.address(2, n * 4);
      wasm[f](px, po, n);
      out.data.set(new Float32Array(heap.memory.buffer, po, n));
    }
  };

  // Fixed arity (no rest arrays): these run several times a step.
  const own = (a: ArrayBufferView, b: ArrayBufferView = a, c: ArrayBufferView = a) =>
    heap.owns(a) && heap.owns(b) && heap.owns(c);
  const addRowVector = (m: Matrix, v: FloatArray) => {
    if (v.length !== m.cols || !own(m.data, v)) return ts.addRowVector(m, v);
    wasm.add_rows_f32(m.data.byteOffset, v.byteOffset, m.rows, m.cols);
  };

  return {
    ...ts,
    name: "wasm",
    mlpEpoch: mlpEpochKernel(heap, wasm),
    axpy(alpha, x, y) {
      checkAxpy(x, y);
      if (own(x, y)) wasm.axpy_f32(alpha, x.byteOffset, y.byteOffset, x.length);
      else ts.axpy(alpha, x, y);
    },
    adam(w, g, m, v, lr, b1, b2, eps, c1, c2) {
      const n = w.length;
      if (g.length !== n || m.length !== n || v.length !== n || !own(w, g, m) || !own(v)) {
        return ts.adam(w, g, m, v, lr, b1, b2, eps, c1, c2);
      }
      wasm.adam_f32(
        w.byteOffset,
        g.byteOffset,
        m.byteOffset,
        v.byteOffset,
        n,
        lr,
        b1,
        1 - b1,
        b2,
        1 - b2,
        eps,
        c1,
        c2,
      );
    },
    firstNonFinite(x) {
      return own(x) ? wasm.first_nonfinite_f32(x.byteOffset, x.length) : ts.firstNonFinite(x);
    },
    addRowVector,
    sumColumns(m, out) {
      if (out.length !== m.cols || !own(m.data, out)) return ts.sumColumns(m, out);
      wasm.sum_rows_f32(m.data.byteOffset, out.byteOffset, m.rows, m.cols);
    },
    activateBackward(kind, x, y, dy, dx, alpha) {
      const same = y.rows === dy.rows && y.cols === dy.cols && dx.rows === dy.rows &&
        dx.cols === dy.cols;
      if (kind !== "tanh" || !same || !own(y.data, dy.data, dx.data)) {
        return ts.activateBackward(kind, x, y, dy, dx, alpha);
      }
      wasm.tanh_grad_f32(y.data.byteOffset, dy.data.byteOffset, dx.data.byteOffset, dy.data.length);
    },
    alloc(rows: number, cols: number, dtype: DType): Matrix {
      return dtype === "float32"
        ? new Matrix(rows, cols, heap.floats(rows * cols))
        : Matrix.zeros(rows, cols, dtype);
    },
    softmaxRows(x, out, logSumExp) {
      if (f64(x, out)) return ts.softmaxRows(x, out, logSumExp);
      if (x.rows !== out.rows || x.cols !== out.cols) checkShapes(false, "take a softmax", x, out);
      checkLogSumExp(x, logSumExp);
      const px = input(x, 0), n = x.data.length, owned = heap.owns(out.data);
      const po = owned ? out.data.byteOffset : scratch.address(2, n * 4);
      if (stats.length < 2 * x.rows) stats = heap.floats(4 * x.rows);
      wasm.softmax_rows_f32(px, po, x.rows, x.cols, stats.byteOffset);
      if (!owned) out.data.set(new Float32Array(heap.memory.buffer, po, n));
      if (logSumExp) {
        for (let i = 0; i < x.rows; i++) logSumExp[i] = stats[2 * i]! + Math.log(stats[2 * i + 1]!);
      }
    },
    activate(kind, x, out, alpha, bias) {
      if ((kind !== "tanh" && kind !== "sigmoid") || f64(x, out)) {
        return ts.activate(kind, x, out, alpha, bias);
      }
      if (x.rows !== out.rows || x.cols !== out.cols) checkShapes(false, `apply ${kind}`, x, out);
      const tanh = kind === "tanh";
      if (bias === undefined) return elementwise(tanh ? "tanh_f32" : "sigmoid_f32", x, out);
      if (bias.length !== x.cols || !own(x.data, out.data, bias)) {
        addRowVector(x, bias);
        return elementwise(tanh ? "tanh_f32" : "sigmoid_f32", x, out);
      }
      const job = tanh ? "bias_tanh_f32" : "bias_sigmoid_f32";
      if (pool !== undefined && x.data.length >= ELEMENTWISE_PARALLEL_MIN && x.rows >= 8) {
        return activateInBands(pool, job, x, bias, out);
      }
      wasm[job](
        x.data.byteOffset,
        bias.byteOffset,
        out.data.byteOffset,
        x.rows,
        x.cols,
      );
    },
    matmul(a, b, c) {
      if (f64(a, b, c)) return ts.matmul(a, b, c);
      const [m, k, n] = productShape("nn", a, b, c);
      run("matmul_nn", a, b, c, m, k, n);
    },
    matmulNT(a, b, c) {
      if (f64(a, b, c)) return ts.matmulNT(a, b, c);
      const [m, k, n] = productShape("nt", a, b, c);
      run("matmul_nt", a, b, c, m, k, n);
    },
    matmulTN(a, b, c) {
      if (f64(a, b, c)) return ts.matmulTN(a, b, c);
      const [m, k, n] = productShape("tn", a, b, c);
      run("matmul_tn", a, b, c, m, k, n);
    },
  };
}
