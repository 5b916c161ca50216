import assert from "node:assert/strict";
import {
  createWasmKernels,
  defaultKernels,
  Rng,
  typescriptKernels,
  wasmSimdAvailable,
} from "../mod.ts";
import { kernelSuite } from "./kernel_suite.ts";
import { assertBuildMatches } from "./_runs.ts";

kernelSuite(typescriptKernels);
kernelSuite(createWasmKernels());

Deno.test("WebAssembly SIMD is the default backend where it exists", () => {
  assert.ok(wasmSimdAvailable());
  assert.equal(defaultKernels().name, "wasm");
});

Deno.test("the committed wasm module is the build of its source", () =>
  assertBuildMatches("build:wasm"));

// The module keeps constants (tanh's coefficients) in a static data segment, which every
// helper thread's instance writes again when it starts: the heap must begin above it.
Deno.test("wasm matrices never overlap the module's static data", async () => {
  const ks = createWasmKernels({ threads: 2 });
  const first = ks.alloc(64, 64, "float32");
  first.data.fill(1e30);
  const x = ks.alloc(3, 5, "float32"), y = ks.alloc(3, 5, "float32");
  x.data.set(Array.from({ length: 15 }, (_, i) => (i - 7) / 2));
  await new Promise((resolve) => setTimeout(resolve, 200)); // let the helper start
  ks.activate("tanh", x, y, 0);
  for (let i = 0; i < 15; i++) {
    assert.ok(Math.abs(y.data[i]! - Math.tanh(x.data[i]!)) < 1e-6, `tanh(${x.data[i]})`);
  }
  assert.ok(
    first.data.every((v) => v === Math.fround(1e30)),
    "a helper thread wrote into a matrix",
  );
  const a = ks.alloc(256, 256, "float32"), c = ks.alloc(256, 256, "float32");
  a.data.fill(1);
  ks.matmul(a, a, c); // large enough to be split between the threads
  assert.ok(c.data.every((v) => v === 256));
});

kernelSuite(createWasmKernels({ threads: 2 }), "wasm, 2 threads");

Deno.test("wasm products are bit-identical with 1, 2 and 3 threads", () => {
  const kernels = [1, 2, 3].map((threads) => createWasmKernels({ threads }));
  for (const [m, k, n] of [[64, 784, 128], [128, 128, 784], [37, 300, 90]] as const) {
    const results = kernels.map((ks) => {
      const fill = (r: number, c: number) => {
        const x = ks.alloc(r, c, "float32");
        const stream = Rng.seeded(m * n + r * c);
        for (let i = 0; i < x.data.length; i++) x.data[i] = stream.normal();
        return x;
      };
      const a = fill(m, k), b = fill(n, k), at = fill(k, m), bb = fill(k, n);
      const c1 = ks.alloc(m, n, "float32"), c2 = ks.alloc(m, n, "float32");
      ks.matmulNT(a, b, c1);
      ks.matmulTN(at, bb, c2);
      return [Array.from(c1.data), Array.from(c2.data)];
    });
    assert.deepEqual(results[1], results[0]);
    assert.deepEqual(results[2], results[0]);
  }
});

Deno.test("wasm bias + activation passes are bit-identical with 1, 2 and 3 threads", () => {
  const kernels = [1, 2, 3].map((threads) => createWasmKernels({ threads }));
  for (const kind of ["tanh", "sigmoid"] as const) {
    for (const [rows, cols] of [[128, 128], [37, 300], [8, 1024]] as const) {
      const results = kernels.map((ks) => {
        const stream = Rng.seeded(rows * cols);
        const z = ks.alloc(rows, cols, "float32"), y = ks.alloc(rows, cols, "float32");
        const b = ks.alloc(1, cols, "float32").data;
        for (let i = 0; i < z.data.length; i++) z.data[i] = 3 * stream.normal();
        for (let j = 0; j < cols; j++) b[j] = stream.normal();
        ks.activate(kind, z, y, 0, b);
        return [Array.from(z.data), Array.from(y.data)];
      });
      assert.deepEqual(results[1], results[0], `${kind} ${rows}×${cols}, 2 threads`);
      assert.deepEqual(results[2], results[0], `${kind} ${rows}×${cols}, 3 threads`);
      const [z, y] = results[0]!;
      for (let i = 0; i < z!.length; i += 97) {
        const exact = kind === "tanh" ? Math.tanh(z![i]!) : 1 / (1 + Math.exp(-z![i]!));
        assert.ok(Math.abs(y![i]! - exact) < 1e-6, `${kind}(${z![i]}) = ${y![i]}`);
      }
    }
  }
});
