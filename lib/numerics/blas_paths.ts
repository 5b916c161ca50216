/**
 * Where OpenBLAS's shared library lives on common systems, by absolute path. `deno task
 * experiment` grants `--allow-ffi` for the first of these that exists (the first when none
 * does, so the backend can say OpenBLAS is missing) — deno.json spells the same list, and a
 * test checks they agree — and the BLAS backend opens it by that path: FFI permission
 * narrowed to the one library.
 *
 * @module
 */

/** Absolute paths of OpenBLAS's library, most common first. */
export const BLAS_PATHS: readonly string[] = [
  "/usr/lib/x86_64-linux-gnu/libopenblas.so.0", // Debian, Ubuntu (amd64)
  "/usr/lib/aarch64-linux-gnu/libopenblas.so.0", // Debian, Ubuntu (arm64)
  "/usr/lib64/libopenblas.so.0", // Fedora, RHEL
  "/usr/lib/libopenblas.so.0", // Arch, Alpine
  "/usr/local/lib/libopenblas.so.0", // built from source
  "/opt/homebrew/opt/openblas/lib/libopenblas.dylib", // macOS, Apple silicon
  "/usr/local/opt/openblas/lib/libopenblas.dylib", // macOS, Intel
];

/**
 * The library path this process may open (the one a task granted `--allow-ffi` for), else
 * the first of {@link BLAS_PATHS}.
 *
 * @returns An absolute path.
 */
export function grantedBlasPath(): string {
  return BLAS_PATHS.find((path) =>
    Deno.permissions.querySync({ name: "ffi", path }).state === "granted"
  ) ?? BLAS_PATHS[0]!;
}
