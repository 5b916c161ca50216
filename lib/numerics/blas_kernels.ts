/**
 * The native BLAS backend: matrix products by the system's OpenBLAS (`cblas_sgemm`,
 * `cblas_dgemm`) through Deno FFI, on the matrices' own memory (no copies). Opt-in: it
 * needs `--allow-ffi`. Everything else is the WebAssembly backend's: matrices live in its
 * shared memory (FFI reads them in place) and the element-wise kernels are its SIMD ones
 * (the TypeScript ones where WebAssembly SIMD is missing).
 *
 * OpenBLAS picks its kernels from the CPU at load time; Debian's 0.3.21 does not know some
 * recent CPUs and falls back to slow generic ones ("Prescott"). `OPENBLAS_CORETYPE` in the
 * environment overrides the choice (e.g. `Haswell`, `SkylakeX`); this backend never sets it
 * (a core type the CPU cannot run computes wrong results or crashes) and reports the core in
 * use as `corename`. The shared kernel suite checks the results against the reference.
 *
 * @module
 */

import { checkAxpy, type Kernels, productShape } from "./kernels.ts";
import type { FloatArray, Matrix } from "./matrix.ts";
import { typescriptKernels } from "./typescript_kernels.ts";
import { createWasmKernels, wasmSimdAvailable } from "./wasm_kernels.ts";
import { BLAS_PATHS } from "./blas_paths.ts";

/** Library names tried in order, after the absolute paths of {@link BLAS_PATHS}, when none is given. */
export const BLAS_LIBRARIES = [
  "libopenblas.so.0",
  "libopenblas.so",
  "libopenblas.dylib",
  "libopenblas.dll",
];

const ROW_MAJOR = 101, NO_TRANS = 111, TRANS = 112;

// cblas_?gemm(order, transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc)
const gemm = <T extends "f32" | "f64">(scalar: T) =>
  ({
    parameters: [
      "i32",
      "i32",
      "i32",
      "i32",
      "i32",
      "i32",
      scalar,
      "buffer",
      "i32",
      "buffer",
      "i32",
      scalar,
      "buffer",
      "i32",
    ],
    result: "void",
  }) as const;
const SYMBOLS = {
  cblas_sgemm: gemm("f32"),
  cblas_dgemm: gemm("f64"),
  // cblas_?axpy(n, alpha, x, incx, y, incy)
  cblas_saxpy: { parameters: ["i32", "f32", "buffer", "i32", "buffer", "i32"], result: "void" },
  cblas_daxpy: { parameters: ["i32", "f64", "buffer", "i32", "buffer", "i32"], result: "void" },
  openblas_get_corename: { parameters: [], result: "pointer", optional: true },
  openblas_set_num_threads: { parameters: ["i32"], result: "void", optional: true },
} as const;

/** Options of {@link loadBlasKernels}. */
export interface BlasOptions {
  /**
   * The shared library to load. @default {the first of `BLAS_PATHS`, then of
   * {@link BLAS_LIBRARIES}, that Deno may open and that loads}
   */
  readonly library?: string;
  /** OpenBLAS threads. @default {OpenBLAS's own choice} */
  readonly threads?: number;
}

/** The BLAS kernels, with what was loaded. */
export interface BlasKernels extends Kernels {
  /** The library file that was loaded. */
  readonly library: string;
  /** The kernel family OpenBLAS chose (e.g. `SkylakeX`), when it says. */
  readonly corename: string | null;
}

function open(options: BlasOptions) {
  // Absolute paths first: a task's --allow-ffi names the library by its path.
  const candidates = options.library ? [options.library] : [...BLAS_PATHS, ...BLAS_LIBRARIES];
  const failures: string[] = [];
  let allowed = 0;
  for (const path of candidates) {
    if (Deno.permissions.querySync({ name: "ffi", path }).state !== "granted") continue;
    allowed++;
    try {
      return { lib: Deno.dlopen(path, SYMBOLS), path };
    } catch (e) {
      failures.push(`${path}: ${(e as Error).message.split("\n")[0]}`);
    }
  }
  if (allowed === 0) {
    throw new TypeError(
      "Cannot load the BLAS backend: Deno needs --allow-ffi to call a native library " +
        `(deno task experiment grants it for OpenBLAS alone; with deno run, --allow-ffi=${
          BLAS_PATHS[0]
        } or wherever libopenblas is)`,
    );
  }
  throw new Deno.errors.NotFound(
    `Cannot load the BLAS backend: no OpenBLAS library could be opened (${failures.join("; ")}). ` +
      "On Debian or Ubuntu: apt-get install libopenblas0. The default wasm backend needs nothing.",
  );
}

/** OpenBLAS's kernel family, when it says and Deno may read it (a C string needs --allow-ffi for every library; narrowed to OpenBLAS, the name stays unread). */
function coreName(core: Deno.PointerValue): string | null {
  try {
    return core ? Deno.UnsafePointerView.getCString(core) : null;
  } catch {
    return null;
  }
}

/**
 * Loads OpenBLAS and returns kernels that use it.
 *
 * @param options Library path, threads.
 * @returns The kernels, with the library and core name.
 */
export function loadBlasKernels(options: BlasOptions = {}): BlasKernels {
  const { lib, path } = open(options);
  const blas = lib.symbols;
  if (options.threads !== undefined) blas.openblas_set_num_threads?.(options.threads);
  const corename = coreName(blas.openblas_get_corename?.() ?? null);
  const ts = typescriptKernels;
  const base = wasmSimdAvailable() ? createWasmKernels() : ts;

  // C = op(A)·op(B); float32 by sgemm, float64 by dgemm, mixed types by the reference.
  const gemm = (
    a: Matrix,
    b: Matrix,
    c: Matrix,
    ta: boolean,
    tb: boolean,
    m: number,
    n: number,
    k: number,
  ): boolean => {
    const f32 = [a, b, c].every((x) => x.data instanceof Float32Array);
    const f64 = [a, b, c].every((x) => x.data instanceof Float64Array);
    if (!f32 && !f64) return false;
    if (m === 0 || n === 0) return true;
    if (k === 0) {
      c.data.fill(0);
      return true;
    }
    const args = [
      ROW_MAJOR,
      ta ? TRANS : NO_TRANS,
      tb ? TRANS : NO_TRANS,
      m,
      n,
      k,
      1,
      a.data as FloatArray,
      a.cols,
      b.data as FloatArray,
      b.cols,
      0,
      c.data as FloatArray,
      c.cols,
    ] as const;
    if (f32) blas.cblas_sgemm(...(args as unknown as Parameters<typeof blas.cblas_sgemm>));
    else blas.cblas_dgemm(...(args as unknown as Parameters<typeof blas.cblas_dgemm>));
    return true;
  };

  // The one-call epoch is the wasm products' arithmetic, not OpenBLAS's: not for this backend.
  const { mlpEpoch: _wasmOnly, ...shared } = base;
  return {
    ...shared,
    name: "blas",
    library: path,
    corename,
    // OpenBLAS splits long vectors between its threads, where the products left the data.
    axpy(alpha, x, y) {
      checkAxpy(x, y);
      if (x instanceof Float32Array && y instanceof Float32Array) {
        blas.cblas_saxpy(x.length, alpha, x, 1, y, 1);
      } else if (x instanceof Float64Array && y instanceof Float64Array) {
        blas.cblas_daxpy(x.length, alpha, x, 1, y, 1);
      } else base.axpy(alpha, x, y);
    },
    matmul(a, b, c) {
      const [m, k, n] = productShape("nn", a, b, c);
      if (!gemm(a, b, c, false, false, m, n, k)) base.matmul(a, b, c);
    },
    matmulNT(a, b, c) {
      const [m, k, n] = productShape("nt", a, b, c);
      if (!gemm(a, b, c, false, true, m, n, k)) base.matmulNT(a, b, c);
    },
    matmulTN(a, b, c) {
      const [m, k, n] = productShape("tn", a, b, c);
      if (!gemm(a, b, c, true, false, m, n, k)) base.matmulTN(a, b, c);
    },
  };
}
