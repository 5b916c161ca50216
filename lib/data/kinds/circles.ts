/**
 * A circle inside a circle.
 *
 * @module
 */

import { Matrix } from "../../numerics/matrix.ts";
import { classificationSet, type LabeledDataset } from "../dataset.ts";
import { addNoise, check, checkN, checkNoise, shuffleRows } from "./_generate.ts";
import { type DatasetEntry, generated, SHAPE_FIELDS, type ShapeOptions } from "./kind.ts";
import { interval } from "../../rules.ts";

/**
 * A circle inside a larger one (scikit-learn's `make_circles`): ⌊n/2⌋ evenly spaced points
 * on the unit circle (class 0), the rest on a circle of radius `factor` (class 1).
 *
 * @example
 * ```ts
 * import { makeCircles } from "../../../mod.ts";
 * import { Rng } from "../../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const data = makeCircles({ n: 100, noise: 0, rng: Rng.seeded(1) });
 * const r = Math.hypot(data.x.get(0, 0), data.x.get(0, 1));
 * assert.ok(Math.abs(r - 1) < 1e-6 || Math.abs(r - 0.5) < 1e-6);
 * ```
 *
 * @param options `n` (100), `noise` (0.05), `factor` (0.5, in (0, 1)), `rng`.
 * @returns The data set.
 */
export function makeCircles(options: ShapeOptions & { readonly factor?: number }): LabeledDataset {
  const { n = 100, noise = 0.05, factor = 0.5, rng } = options;
  checkN(n);
  checkNoise(noise);
  check(factor > 0 && factor < 1, "factor", factor, "a number in (0, 1)");
  const outer = Math.floor(n / 2), inner = n - outer;
  const x = Matrix.zeros(n, 2);
  const y = new Int32Array(n);
  for (let i = 0; i < outer; i++) {
    const t = (2 * Math.PI * i) / outer;
    x.set(i, 0, Math.cos(t)), x.set(i, 1, Math.sin(t));
  }
  for (let i = 0; i < inner; i++) {
    const t = (2 * Math.PI * i) / inner;
    x.set(outer + i, 0, factor * Math.cos(t)), x.set(outer + i, 1, factor * Math.sin(t));
    y[outer + i] = 1;
  }
  addNoise(x, noise, rng.derive("noise"));
  shuffleRows(x, y, rng.derive("shuffle"));
  return classificationSet("circles", x, y, ["outer", "inner"]);
}

/** The registry entry of the `circles` kind. */
export const CIRCLES: DatasetEntry<Parameters<typeof makeCircles>[0]> = {
  fields: { ...SHAPE_FIELDS, factor: interval(0, 1, "()") },
  load: generated(makeCircles),
};
