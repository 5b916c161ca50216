/**
 * Choosing a kernel backend: WebAssembly SIMD by default wherever it exists, the
 * TypeScript reference otherwise; native BLAS on request.
 *
 * @module
 */

import type { Kernels } from "./kernels.ts";
import { typescriptKernels } from "./typescript_kernels.ts";
import { createWasmKernels, wasmSimdAvailable } from "./wasm_kernels.ts";

/** The backends by name. */
export type BackendName = "typescript" | "wasm" | "blas";

/** Every backend name. */
export const BACKEND_NAMES: readonly BackendName[] = ["wasm", "typescript", "blas"];

let fallback: Kernels | undefined;

/**
 * The default kernels of this thread: WebAssembly SIMD where available, else TypeScript.
 * Created once per thread (each worker has its own).
 *
 * @example
 * ```ts
 * import { defaultKernels } from "./backends.ts";
 * import assert from "node:assert/strict";
 *
 * assert.ok(["wasm", "typescript"].includes(defaultKernels().name));
 * assert.equal(defaultKernels(), defaultKernels());
 * ```
 *
 * @returns The kernels.
 */
export function defaultKernels(): Kernels {
  return fallback ??= wasmSimdAvailable() ? createWasmKernels() : typescriptKernels;
}
