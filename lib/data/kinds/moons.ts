/**
 * Two interleaving half circles.
 *
 * @module
 */

import { Matrix } from "../../numerics/matrix.ts";
import { classificationSet, type LabeledDataset } from "../dataset.ts";
import { addNoise, checkN, checkNoise, shuffleRows } from "./_generate.ts";
import { type DatasetEntry, generated, SHAPE_FIELDS, type ShapeOptions } from "./kind.ts";

/**
 * Two interleaving half circles (scikit-learn's `make_moons`): the first ⌊n/2⌋ examples on
 * the upper moon (cos t, sin t), the rest on the lower one (1 − cos t, ½ − sin t), t evenly
 * spaced in [0, π]; then noise and a shuffle.
 *
 * @example
 * ```ts
 * import { makeMoons } from "../../../mod.ts";
 * import { Rng } from "../../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const data = makeMoons({ n: 200, noise: 0.1, rng: Rng.seeded(1) });
 * assert.equal(data.x.shape, "200×2");
 * ```
 *
 * @param options `n` (default 100), `noise` (default 0.1), `rng`.
 * @returns The data set.
 */
export function makeMoons(options: ShapeOptions): LabeledDataset {
  const { n = 100, noise = 0.1, rng } = options;
  checkN(n);
  checkNoise(noise);
  const outer = Math.floor(n / 2), inner = n - outer;
  const x = Matrix.zeros(n, 2);
  const y = new Int32Array(n);
  const step = (m: number) => (m > 1 ? Math.PI / (m - 1) : 0);
  for (let i = 0; i < outer; i++) {
    const t = i * step(outer);
    x.set(i, 0, Math.cos(t)), x.set(i, 1, Math.sin(t));
  }
  for (let i = 0; i < inner; i++) {
    const t = i * step(inner);
    x.set(outer + i, 0, 1 - Math.cos(t)), x.set(outer + i, 1, 0.5 - Math.sin(t));
    y[outer + i] = 1;
  }
  addNoise(x, noise, rng.derive("noise"));
  shuffleRows(x, y, rng.derive("shuffle"));
  return classificationSet("moons", x, y, ["upper", "lower"]);
}

/** The registry entry of the `moons` kind. */
export const MOONS: DatasetEntry<ShapeOptions> = {
  fields: SHAPE_FIELDS,
  load: generated(makeMoons),
};
