/**
 * Choosing a kernel backend: WebAssembly SIMD by default wherever it exists, the
 * TypeScript reference otherwise; native BLAS on request.
 *
 * @module
 */

import type { Kernels } from "./kernels.ts";
import { typescriptKernels } from "./typescript_kernels.ts";
import { loadBlasKernels } from "./blas_kernels.ts";
import { createWasmKernels, wasmSimdAvailable } from "./wasm_kernels.ts";

/** The backends by name. */
export type BackendName = "typescript" | "wasm" | "blas";

/** Every backend name. */
export const BACKEND_NAMES: readonly BackendName[] = ["wasm", "typescript", "blas"];

let fallback: Kernels | undefined;

/**
 * The default kernels of this thread: WebAssembly SIMD where available (sharing large
 * products among {@link defaultThreads} threads; results do not depend on the count), else
 * TypeScript. Created once per thread (each worker has its own).
 *
 * @example
 * ```ts
 * import { defaultKernels } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.ok(["wasm", "typescript"].includes(defaultKernels().name));
 * assert.equal(defaultKernels(), defaultKernels());
 * ```
 *
 * @returns The kernels.
 */
export function defaultKernels(): Kernels {
  return fallback ??= wasmSimdAvailable()
    ? createWasmKernels({ threads: defaultThreads() })
    : typescriptKernels;
}

/**
 * Threads for this thread's default kernels: on the main thread up to four of the cores;
 * inside a worker one, since the runner already runs one worker per core.
 *
 * @returns The thread count.
 */
export function defaultThreads(): number {
  const scope =
    (globalThis as { WorkerGlobalScope?: abstract new () => unknown }).WorkerGlobalScope;
  const inWorker = scope !== undefined && globalThis instanceof scope;
  return inWorker ? 1 : Math.max(1, Math.min(4, navigator.hardwareConcurrency));
}

let blas: Kernels | undefined;

/** @returns The name of this runtime's default backend, without starting it. */
export function defaultBackendName(): BackendName {
  return wasmSimdAvailable() ? "wasm" : "typescript";
}

/**
 * Throws the reason a backend cannot be used here, without starting it where that can be
 * avoided (the wasm backend's helper threads are only started by {@link kernelsByName}).
 *
 * @param name The backend.
 */
export function checkBackend(name: BackendName): void {
  if (name === "typescript" || (name === "wasm" && wasmSimdAvailable())) return;
  kernelsByName(name); // loads blas, or throws the reason (no SIMD, unknown name)
}

/**
 * The kernels for a backend name: `wasm` (this thread's default instance), `typescript`,
 * or `blas` (OpenBLAS through FFI, loaded once per thread; needs `--allow-ffi`).
 *
 * @example
 * ```ts
 * import { kernelsByName } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(kernelsByName("typescript").name, "typescript");
 * assert.throws(() => kernelsByName("cuda" as never), /unknown backend "cuda"; expected one of wasm, typescript, blas/);
 * ```
 *
 * @param name The backend.
 * @returns Its kernels.
 */
export function kernelsByName(name: BackendName): Kernels {
  switch (name) {
    case "typescript":
      return typescriptKernels;
    case "wasm":
      if (!wasmSimdAvailable()) {
        throw new TypeError("Cannot use the wasm backend: this runtime has no WebAssembly SIMD");
      }
      return defaultKernels();
    case "blas":
      return blas ??= loadBlasKernels();
    default:
      throw new TypeError(
        `Cannot use backend: unknown backend "${name}"; expected one of ${
          BACKEND_NAMES.join(", ")
        }`,
      );
  }
}
