/**
 * The BLAS backend runs the shared kernel suite where OpenBLAS is installed (CI installs
 * libopenblas0); where it is not, loading must fail with a message that says what to do.
 */
import assert from "node:assert/strict";
import { type BlasKernels, loadBlasKernels, Matrix, Rng } from "../mod.ts";
import { kernelSuite } from "./kernel_suite.ts";
import { assertAllClose } from "./_helpers.ts";

let blas: BlasKernels | undefined, failure: Error | undefined;
try {
  blas = loadBlasKernels();
} catch (e) {
  failure = e as Error;
}

if (blas) {
  kernelSuite(blas);
  const kernels = blas;
  Deno.test("blas kernels are deterministic run to run and agree with the reference", () => {
    const rng = Rng.seeded(9);
    const a = Matrix.zeros(64, 784), b = Matrix.zeros(128, 784);
    for (const m of [a, b]) for (let i = 0; i < m.data.length; i++) m.data[i] = rng.normal();
    const c1 = Matrix.zeros(64, 128), c2 = Matrix.zeros(64, 128), ref = Matrix.zeros(64, 128);
    kernels.matmulNT(a, b, c1);
    kernels.matmulNT(a, b, c2);
    assert.deepEqual(c1.data, c2.data);
    a.clone("float64");
    const a64 = a.clone("float64"),
      b64 = b.clone("float64"),
      r64 = Matrix.zeros(64, 128, "float64");
    kernels.matmulNT(a64, b64, r64); // dgemm
    for (let i = 0; i < ref.data.length; i++) ref.data[i] = r64.data[i]!;
    assertAllClose(c1.data, ref.data, { rtol: 1e-4, atol: 1e-4, what: "sgemm vs dgemm" });
    // Operands that are views into larger arrays (as the fit loop's minibatches are not, but users' may be).
    const big = new Float32Array(10 + 64 * 784);
    big.set(a.data, 10);
    const view = new Matrix(64, 784, big.subarray(10));
    const c3 = Matrix.zeros(64, 128);
    kernels.matmulNT(view, b, c3);
    assert.deepEqual(c3.data, c1.data);
  });
} else {
  Deno.test("without OpenBLAS, the blas backend says what to install", () => {
    assert.match(
      failure!.message,
      /Cannot load the BLAS backend: no OpenBLAS library could be opened/,
    );
    assert.match(failure!.message, /apt-get install libopenblas0/);
  });
}

Deno.test("a missing library is named in the error", () => {
  assert.throws(
    () => loadBlasKernels({ library: "/nonexistent/libopenblas.so" }),
    /\/nonexistent\/libopenblas\.so/,
  );
});
