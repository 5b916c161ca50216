/**
 * Nested shells of an isotropic Gaussian (scikit-learn's `make_gaussian_quantiles`).
 *
 * @module
 */

import { Matrix } from "../../numerics/matrix.ts";
import type { Rng } from "../../numerics/random.ts";
import { classificationSet, type LabeledDataset } from "../dataset.ts";
import { check, checkN } from "./_generate.ts";
import { type DatasetEntry, generated } from "./kind.ts";
import { integerAtLeast, positive, positiveInteger } from "../../rules.ts";

/** Options of {@link makeGaussianQuantiles}. */
export interface GaussianQuantilesOptions {
  /** Number of examples. @default {300} */
  readonly n?: number;
  /** Input dimensions. @default {2} */
  readonly features?: number;
  /** Number of classes (shells). @default {3} */
  readonly classes?: number;
  /** Standard deviation of the Gaussian. @default {1} */
  readonly std?: number;
  /** The stream to draw from. */
  readonly rng: Rng;
}

/**
 * scikit-learn's `make_gaussian_quantiles`: points from an isotropic Gaussian, classed by
 * their distance from the centre into nested shells of equal size (the quantiles of the
 * distance; ⌊n / classes⌋ each, the remainder in the outermost shell, as scikit-learn does). No straight line separates two shells: a network needs a hidden layer.
 *
 * @example
 * ```ts
 * import { classCounts, makeGaussianQuantiles, Rng } from "../../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const data = makeGaussianQuantiles({ n: 90, classes: 3, rng: Rng.seeded(3) });
 * assert.equal(data.x.shape, "90×2");
 * assert.deepEqual(Array.from(classCounts(data)), [30, 30, 30]);
 * const uneven = makeGaussianQuantiles({ n: 10, classes: 3, rng: Rng.seeded(1) });
 * assert.deepEqual(Array.from(classCounts(uneven)), [3, 3, 4]);
 * ```
 *
 * @param options `n` (300), `features` (2), `classes` (3), `std` (1), `rng`.
 * @returns The data set.
 */
export function makeGaussianQuantiles(options: GaussianQuantilesOptions): LabeledDataset {
  const { n = 300, features = 2, classes = 3, std = 1, rng } = options;
  checkN(n);
  check(Number.isInteger(features) && features >= 1, "features", features, "a positive integer");
  check(Number.isInteger(classes) && classes >= 2, "classes", classes, "an integer ≥ 2");
  check(Number.isFinite(std) && std > 0, "std", std, "a positive number");
  const x = Matrix.zeros(n, features);
  const points = rng.derive("points");
  const distance = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < features; f++) {
      const v = std * points.normal();
      x.set(i, f, v);
      distance[i]! += v * v;
    }
  }
  // Rank by distance (ties by index, so the classes never depend on the sort's stability).
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) =>
    distance[a]! - distance[b]! || a - b
  );
  // Shells of ⌊n / classes⌋ points, the remainder in the outermost, as scikit-learn deals them.
  const step = Math.floor(n / classes), y = new Int32Array(n);
  order.forEach((i, rank) => (y[i] = Math.min(Math.floor(rank / step), classes - 1)));
  return classificationSet(
    "gaussian_quantiles",
    x,
    y,
    Array.from({ length: classes }, (_, c) => `shell ${c}`),
  );
}

/** The registry entry of the `gaussian_quantiles` kind. */
export const GAUSSIAN_QUANTILES: DatasetEntry<GaussianQuantilesOptions> = {
  fields: {
    n: positiveInteger,
    features: positiveInteger,
    classes: integerAtLeast(2),
    std: positive,
  },
  load: generated(makeGaussianQuantiles),
};
