/**
 * Four quadrants, diagonal ones alike.
 *
 * @module
 */

import { Matrix } from "../../numerics/matrix.ts";
import { classificationSet, type LabeledDataset } from "../dataset.ts";
import { addNoise, checkN, checkNoise } from "./_generate.ts";
import { type DatasetEntry, generated, SHAPE_FIELDS, type ShapeOptions } from "./kind.ts";

/**
 * XOR: points uniform in [−1, 1]², class 1 where exactly one coordinate is positive;
 * noise is added after labelling, so it blurs the boundary.
 *
 * @example
 * ```ts
 * import { makeXor } from "../../../mod.ts";
 * import { Rng } from "../../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const data = makeXor({ n: 50, noise: 0, rng: Rng.seeded(2) });
 * const [a, b] = [data.x.get(0, 0), data.x.get(0, 1)];
 * assert.equal((data.y as Int32Array)[0], (a > 0) !== (b > 0) ? 1 : 0);
 * ```
 *
 * @param options `n` (100), `noise` (0.05), `rng`.
 * @returns The data set.
 */
export function makeXor(options: ShapeOptions): LabeledDataset {
  const { n = 100, noise = 0.05, rng } = options;
  checkN(n);
  checkNoise(noise);
  const x = Matrix.zeros(n, 2);
  const y = new Int32Array(n);
  const points = rng.derive("points");
  for (let i = 0; i < n; i++) {
    const a = points.uniform(-1, 1), b = points.uniform(-1, 1);
    x.set(i, 0, a), x.set(i, 1, b);
    y[i] = (a > 0) !== (b > 0) ? 1 : 0;
  }
  addNoise(x, noise, rng.derive("noise"));
  return classificationSet("xor", x, y, ["same sign", "opposite sign"]);
}

/** The registry entry of the `xor` kind. */
export const XOR: DatasetEntry<ShapeOptions> = { fields: SHAPE_FIELDS, load: generated(makeXor) };
