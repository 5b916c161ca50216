import assert from "node:assert/strict";
import {
  createWasmKernels,
  defaultKernels,
  Rng,
  typescriptKernels,
  wasmSimdAvailable,
} from "../mod.ts";
import { kernelSuite } from "./kernel_suite.ts";
import { REPO } from "./_runs.ts";

kernelSuite(typescriptKernels);
kernelSuite(createWasmKernels());

Deno.test("WebAssembly SIMD is the default backend where it exists", () => {
  assert.ok(wasmSimdAvailable());
  assert.equal(defaultKernels().name, "wasm");
});

Deno.test("the committed wasm module is the build of its source", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["task", "build:wasm", "--check"],
    cwd: REPO,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  assert.equal(out.code, 0, text);
  assert.match(text, /matches its source/);
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
