/**
 * Gaussian clusters.
 *
 * @module
 */

import { Matrix } from "../../numerics/matrix.ts";
import type { Rng } from "../../numerics/random.ts";
import { classificationSet, type LabeledDataset } from "../dataset.ts";
import { check, checkN, shuffleRows } from "./_generate.ts";
import { type DatasetEntry, generated } from "./kind.ts";
import { integerAtLeast, nonNegative, positiveInteger } from "../../rules.ts";

/**
 * Gaussian blobs (scikit-learn's `make_blobs`): k centres uniform in [−10, 10]^features,
 * an equal share of examples around each with standard deviation `std`.
 *
 * @example
 * ```ts
 * import { makeBlobs } from "../../../mod.ts";
 * import { Rng } from "../../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const data = makeBlobs({ n: 90, classes: 3, features: 4, rng: Rng.seeded(4) });
 * assert.equal(data.x.shape, "90×4");
 * assert.equal(data.task, "multiclass");
 * ```
 *
 * @param options `n` (100), `classes` (3), `features` (2), `std` (1), `rng`.
 * @returns The data set.
 */
export function makeBlobs(options: {
  readonly n?: number;
  readonly classes?: number;
  readonly features?: number;
  readonly std?: number;
  readonly rng: Rng;
}): LabeledDataset {
  const { n = 100, classes = 3, features = 2, std = 1, rng } = options;
  checkN(n);
  check(Number.isInteger(classes) && classes >= 2, "classes", classes, "an integer ≥ 2");
  check(Number.isInteger(features) && features >= 1, "features", features, "a positive integer");
  check(Number.isFinite(std) && std >= 0, "std", std, "a number ≥ 0");
  const centres = rng.derive("centres");
  const centre = Array.from({ length: classes * features }, () => centres.uniform(-10, 10));
  const x = Matrix.zeros(n, features);
  const y = new Int32Array(n);
  const points = rng.derive("points");
  for (let i = 0; i < n; i++) {
    const c = i % classes;
    for (let f = 0; f < features; f++) {
      x.set(i, f, centre[c * features + f]! + std * points.normal());
    }
    y[i] = c;
  }
  shuffleRows(x, y, rng.derive("shuffle"));
  return classificationSet("blobs", x, y, Array.from({ length: classes }, (_, c) => `blob ${c}`));
}

/** The registry entry of the `blobs` kind. */
export const BLOBS: DatasetEntry<Parameters<typeof makeBlobs>[0]> = {
  fields: {
    n: positiveInteger,
    classes: integerAtLeast(2),
    features: positiveInteger,
    std: nonNegative,
  },
  load: generated(makeBlobs),
};
