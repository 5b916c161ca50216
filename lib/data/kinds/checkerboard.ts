/**
 * A checkerboard: points spread evenly over a square, labelled by the colour of the
 * square they fall in. Not separable by a line or a few: a test of width and depth.
 *
 * @module
 */

import { Matrix } from "../../numerics/matrix.ts";
import { integerAtLeast, nonNegative, positiveInteger } from "../../rules.ts";
import { classificationSet, type LabeledDataset } from "../dataset.ts";
import { addNoise, check, checkN, checkNoise } from "./_generate.ts";
import { type DatasetEntry, generated, type ShapeOptions } from "./kind.ts";

/** Options of {@link makeCheckerboard}. */
export interface CheckerboardOptions extends ShapeOptions {
  /** Squares along each side (an integer ≥ 2). @default {4} */
  readonly squares?: number;
}

/**
 * A checkerboard on [−1, 1]²: x ~ U(−1, 1)² from the stream `points`, class
 * (⌊(x₀ + 1)k/2⌋ + ⌊(x₁ + 1)k/2⌋) mod 2 for k squares a side, then Gaussian noise of
 * standard deviation `noise` on the coordinates from `noise` (labels stay those of the
 * clean points, so noise blurs the edges).
 *
 * @example
 * ```ts
 * import { makeCheckerboard, Rng } from "../../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const data = makeCheckerboard({ n: 200, squares: 2, noise: 0, rng: Rng.seeded(1) });
 * assert.equal(data.x.shape, "200×2");
 * const [a, b] = [data.x.get(0, 0), data.x.get(0, 1)];
 * assert.equal((data.y as Int32Array)[0], (a < 0) === (b < 0) ? 0 : 1);
 * ```
 *
 * @param options `n` (default 400), `squares` (4), `noise` (0), `rng`.
 * @returns The data set.
 */
export function makeCheckerboard(options: CheckerboardOptions): LabeledDataset {
  const { n = 400, squares = 4, noise = 0, rng } = options;
  checkN(n);
  checkNoise(noise);
  check(Number.isInteger(squares) && squares >= 2, "squares", squares, "an integer ≥ 2");
  const x = Matrix.zeros(n, 2);
  const y = new Int32Array(n);
  const points = rng.derive("points");
  const cell = (v: number) => Math.min(squares - 1, Math.floor(((v + 1) * squares) / 2));
  for (let i = 0; i < n; i++) {
    const a = points.uniform(-1, 1), b = points.uniform(-1, 1);
    x.set(i, 0, a), x.set(i, 1, b);
    y[i] = (cell(a) + cell(b)) % 2;
  }
  addNoise(x, noise, rng.derive("noise"));
  return classificationSet("checkerboard", x, y, ["dark", "light"]);
}

/** The registry entry of the `checkerboard` kind. */
export const CHECKERBOARD: DatasetEntry<CheckerboardOptions> = {
  fields: { n: positiveInteger, noise: nonNegative, squares: integerAtLeast(2) },
  load: generated(makeCheckerboard),
};
