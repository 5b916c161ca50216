/**
 * The benchmark's workload is the peers' to the bit: same initial weights, same sample
 * order — and so, for every backend, the same test accuracy after one epoch (0.9386 at
 * batch 32, 0.9126 at batch 128, ±0.002). This checks the maths, not the speed.
 */
import assert from "node:assert/strict";
import { type BackendName, kernelsByName, Rng } from "../mod.ts";
import { mnistMlp, peersWeights, permuteRowsInPlace } from "../bench/mnist_mlp.ts";

Deno.test("the peers' initial weights and sample order (checksums from ../shared/peers/common.py)", () => {
  const [w1, w2] = peersWeights(42);
  assert.equal(w1!.length, 128 * 784);
  assert.equal(w2!.length, 10 * 128);
  let sum = 0;
  for (const w of [w1!, w2!]) for (const v of w) sum += v;
  assert.equal(sum.toFixed(6), "15.040215");
  assert.deepEqual(Array.from(Rng.mulberry32(43).permutation(60000).subarray(0, 5)), [
    14324,
    14041,
    44309,
    53585,
    28701,
  ]);
});

Deno.test("rows are permuted in place exactly as a gather would", () => {
  const n = 1000, d = 3, perm = Rng.seeded(4).permutation(n);
  const x = Float32Array.from({ length: n * d }, (_, i) => i),
    y = Int32Array.from({ length: n }, (_, i) => i);
  const want = Float32Array.from(
    { length: n * d },
    (_, i) => perm[Math.floor(i / d)]! * d + (i % d),
  );
  permuteRowsInPlace(x, y, d, perm);
  assert.deepEqual(x, want);
  assert.deepEqual(Array.from(y), Array.from(perm));
});

const cases: [BackendName, number, number][] = [
  ["wasm", 32, 0.9386],
  ["wasm", 128, 0.9126],
  ["typescript", 128, 0.9126],
];
let blasLoads = true;
try {
  kernelsByName("blas");
} catch {
  blasLoads = false; // test/blas_test.ts asserts the explanation in that case
}
if (blasLoads) cases.push(["blas", 32, 0.9386], ["blas", 128, 0.9126]);

for (const [backend, batch, expected] of cases) {
  Deno.test(`mnist-mlp on ${backend} at batch ${batch} reaches the peers' test accuracy ${expected}`, async () => {
    const result = await mnistMlp(kernelsByName(backend), batch);
    assert.ok(Math.abs(result.test_acc - expected) <= 0.002, `test accuracy ${result.test_acc}`);
    assert.equal(result.w_sum, 15.040215);
  });
}
