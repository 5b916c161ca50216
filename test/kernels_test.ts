import assert from "node:assert/strict";
import { createWasmKernels, defaultKernels, typescriptKernels, wasmSimdAvailable } from "../mod.ts";
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
