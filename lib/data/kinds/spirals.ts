/**
 * Interleaved spiral arms.
 *
 * @module
 */

import { Matrix } from "../../numerics/matrix.ts";
import { classificationSet, type LabeledDataset } from "../dataset.ts";
import { addNoise, check, checkN, checkNoise, shuffleRows } from "./_generate.ts";
import { type DatasetEntry, generated, SHAPE_FIELDS, type ShapeOptions } from "./kind.ts";
import { integerAtLeast, positive } from "../../rules.ts";

/**
 * k interleaved spiral arms, one class each: arm c has radius r = t and angle
 * 2π(turns·t + c/k) for t evenly spaced in (0, 1]; then noise and a shuffle.
 *
 * @example
 * ```ts
 * import { makeSpirals } from "../../../mod.ts";
 * import { Rng } from "../../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const data = makeSpirals({ n: 300, classes: 3, rng: Rng.seeded(3) });
 * assert.deepEqual(data.classNames, ["arm 0", "arm 1", "arm 2"]);
 * ```
 *
 * @param options `n` (300), `classes` (arms, 3), `turns` (1), `noise` (0.02), `rng`.
 * @returns The data set.
 */
export function makeSpirals(
  options: ShapeOptions & { readonly classes?: number; readonly turns?: number },
): LabeledDataset {
  const { n = 300, classes = 3, turns = 1, noise = 0.02, rng } = options;
  checkN(n);
  checkNoise(noise);
  check(Number.isInteger(classes) && classes >= 2, "classes", classes, "an integer ≥ 2");
  check(Number.isFinite(turns) && turns > 0, "turns", turns, "a positive number");
  const x = Matrix.zeros(n, 2);
  const y = new Int32Array(n);
  let row = 0;
  for (let c = 0; c < classes; c++) {
    const size = Math.floor(n / classes) + (c < n % classes ? 1 : 0);
    for (let i = 0; i < size; i++, row++) {
      const t = (i + 1) / size;
      const angle = 2 * Math.PI * (turns * t + c / classes);
      x.set(row, 0, t * Math.cos(angle)), x.set(row, 1, t * Math.sin(angle));
      y[row] = c;
    }
  }
  addNoise(x, noise, rng.derive("noise"));
  shuffleRows(x, y, rng.derive("shuffle"));
  return classificationSet("spirals", x, y, Array.from({ length: classes }, (_, c) => `arm ${c}`));
}

/** The registry entry of the `spirals` kind. */
export const SPIRALS: DatasetEntry<Parameters<typeof makeSpirals>[0]> = {
  fields: { ...SHAPE_FIELDS, classes: integerAtLeast(2), turns: positive },
  load: generated(makeSpirals),
};
