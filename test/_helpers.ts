/** Test helpers: explicit-tolerance comparisons that name the first bad index. */
import assert from "node:assert/strict";

/**
 * Asserts |a − e| ≤ atol + rtol·|e| element-wise, after checking the lengths.
 */
export function assertAllClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  { rtol = 1e-9, atol = 1e-12, what = "values" } = {},
): void {
  assert.equal(
    actual.length,
    expected.length,
    `${what}: length ${actual.length} ≠ ${expected.length}`,
  );
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!, e = expected[i]!;
    if (!(Math.abs(a - e) <= atol + rtol * Math.abs(e))) {
      assert.fail(`${what}[${i}]: got ${a}, expected ${e} (rtol ${rtol}, atol ${atol})`);
    }
  }
}

/** A seeded non-linear 2-D two-class set (two interleaved half-moons) for learning tests. */
import { Matrix } from "../lib/numerics/matrix.ts";
import { Rng } from "../lib/numerics/random.ts";

export function twoMoons(n: number, seed: number): { x: Matrix; y: Int32Array } {
  const rng = Rng.seeded(seed, "moons");
  const x = Matrix.zeros(n, 2);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const cls = i % 2, t = Math.PI * rng.uniform();
    const [cx, cy] = cls === 0 ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 0.5 - Math.sin(t)];
    x.set(i, 0, cx + 0.1 * rng.normal());
    x.set(i, 1, cy + 0.1 * rng.normal());
    y[i] = cls;
  }
  return { x, y };
}
