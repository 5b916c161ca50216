/**
 * scikit-learn's `make_classification`: the lesson's 2-D two-class set.
 *
 * @module
 */

import { Matrix } from "../../numerics/matrix.ts";
import type { Rng } from "../../numerics/random.ts";
import { classificationSet, defaultNames, type LabeledDataset } from "../dataset.ts";
import { check, checkN, shuffleRows } from "./_generate.ts";
import { type DatasetEntry, generated } from "./kind.ts";
import {
  integerAtLeast,
  interval,
  nonNegative,
  nonNegativeInteger,
  positiveInteger,
} from "../../rules.ts";

/** Options of {@link makeClassification}; defaults are scikit-learn's. */
export interface ClassificationOptions {
  /** Number of examples. @default {100} */
  readonly n?: number;
  /** Total features. @default {2} */
  readonly features?: number;
  /** Informative features (the hypercube's dimension). @default {2} */
  readonly informative?: number;
  /** Linear combinations of the informative features. @default {0} */
  readonly redundant?: number;
  /** Classes. @default {2} */
  readonly classes?: number;
  /** Gaussian clusters per class. @default {2} */
  readonly clustersPerClass?: number;
  /** Half the side of the hypercube: larger separates classes more. @default {1} */
  readonly classSep?: number;
  /** Fraction of labels replaced by a random class (label noise). @default {0.01} */
  readonly flipY?: number;
  /** The stream to draw from. */
  readonly rng: Rng;
}

/**
 * The lesson's 2-D two-class set, following scikit-learn's `make_classification`:
 * 1. pick `classes × clustersPerClass` distinct vertices of the `informative`-dimensional
 *    hypercube of side 2·classSep as cluster centres;
 * 2. give each cluster an equal share of the examples (the remainder to the first
 *    clusters), cluster k belonging to class k mod classes;
 * 3. draw each cluster's points from N(0, I), multiply by a random matrix with entries in
 *    U(−1, 1) (a random covariance) and move them to the centre;
 * 4. append redundant features (random linear combinations of the informative ones) and
 *    then pure-noise N(0, 1) features;
 * 5. replace each label with probability flipY by a uniformly drawn class;
 * 6. shuffle the examples and the feature columns.
 *
 * @example 100 examples of two classes, as in the lesson
 * ```ts
 * import { makeClassification } from "../../../mod.ts";
 * import { Rng } from "../../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const data = makeClassification({ n: 100, clustersPerClass: 1, flipY: 0.1, rng: Rng.seeded(0) });
 * assert.equal(data.x.shape, "100×2");
 * assert.equal(data.task, "binary");
 * ```
 *
 * @param options Sizes, separation, label noise and the stream.
 * @returns The data set.
 */
export function makeClassification(options: ClassificationOptions): LabeledDataset {
  const o = withDefaults(options);
  const { n, features, informative, classes, clustersPerClass, rng } = o;
  const clusters = classes * clustersPerClass;
  // 1. distinct hypercube vertices, drawn without replacement
  const vertices = hypercubeVertices(rng.derive("centroids"), clusters, informative);
  // 2–3. clusters
  const x = Matrix.zeros(n, features, "float64");
  const y = new Int32Array(n);
  const covRng = rng.derive("covariance");
  clusterPoints(x, y, { o, vertices, pointRng: rng.derive("points"), covRng });
  // 4. redundant and noise features
  extraFeatures(x, { o, covRng, noiseRng: rng.derive("useless") });
  // 5. label noise
  const flipRng = rng.derive("flip");
  for (let i = 0; i < n; i++) {
    const flip = flipRng.uniform() < o.flipY;
    const label = flipRng.int(classes); // drawn for every row so rows never shift each other
    if (flip) y[i] = label;
  }
  // 6. shuffle rows, then feature columns
  const shuffleRng = rng.derive("shuffle");
  shuffleRows(x, y, shuffleRng);
  const cols = shuffleRng.permutation(features);
  const shuffled = Matrix.zeros(n, features);
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < features; f++) shuffled.set(i, f, x.get(i, cols[f]!));
  }
  return classificationSet("classification", shuffled, y, defaultNames("class", classes));
}

/** The options with scikit-learn's defaults, checked. */
function withDefaults(options: ClassificationOptions): Required<ClassificationOptions> {
  const {
    n = 100,
    features = 2,
    informative = 2,
    redundant = 0,
    classes = 2,
    clustersPerClass = 2,
    classSep = 1,
    flipY = 0.01,
    rng,
  } = options;
  checkN(n);
  check(Number.isInteger(classes) && classes >= 2, "classes", classes, "an integer ≥ 2");
  check(
    Number.isInteger(informative) && informative >= 1,
    "informative",
    informative,
    "an integer ≥ 1",
  );
  check(Number.isInteger(redundant) && redundant >= 0, "redundant", redundant, "an integer ≥ 0");
  check(
    Number.isInteger(features) && features >= informative + redundant,
    "features",
    features,
    `an integer ≥ informative + redundant = ${informative + redundant}`,
  );
  check(
    Number.isInteger(clustersPerClass) && clustersPerClass >= 1,
    "clustersPerClass",
    clustersPerClass,
    "an integer ≥ 1",
  );
  const clusters = classes * clustersPerClass;
  check(
    clusters <= 2 ** informative,
    "classes × clustersPerClass",
    clusters,
    `at most 2^informative = ${2 ** informative}`,
  );
  check(Number.isFinite(classSep) && classSep >= 0, "classSep", classSep, "a number ≥ 0");
  check(Number.isFinite(flipY) && flipY >= 0 && flipY <= 1, "flipY", flipY, "a number in [0, 1]");
  return { n, features, informative, redundant, classes, clustersPerClass, classSep, flipY, rng };
}

/** `count` distinct vertices of the `dims`-dimensional hypercube, as bit patterns. */
function hypercubeVertices(vertexRng: Rng, count: number, dims: number): number[] {
  const chosen = new Set<number>();
  const vertices: number[] = [];
  while (vertices.length < count) {
    let v = 0;
    for (let b = 0; b < dims; b++) v = v * 2 + vertexRng.int(2);
    if (!chosen.has(v)) chosen.add(v), vertices.push(v);
  }
  return vertices;
}

/** Each cluster's points: Gaussian around its vertex, through a random linear map. */
function clusterPoints(
  x: Matrix,
  y: Int32Array,
  at: { o: Required<ClassificationOptions>; vertices: number[]; pointRng: Rng; covRng: Rng },
): void {
  const { o: { n, informative, classes, clustersPerClass, classSep }, vertices } = at;
  const clusters = classes * clustersPerClass;
  const centroid = (k: number, d: number) =>
    ((Math.floor(vertices[k]! / 2 ** (informative - 1 - d)) % 2) * 2 - 1) * classSep;
  const z = new Float64Array(informative);
  let row = 0;
  for (let k = 0; k < clusters; k++) {
    const size = Math.floor(n / clusters) + (k < n % clusters ? 1 : 0);
    const a = Array.from({ length: informative * informative }, () => at.covRng.uniform(-1, 1));
    for (let s = 0; s < size; s++, row++) {
      for (let d = 0; d < informative; d++) z[d] = at.pointRng.normal();
      for (let d = 0; d < informative; d++) {
        let v = centroid(k, d);
        for (let e = 0; e < informative; e++) v += z[e]! * a[e * informative + d]!;
        x.set(row, d, v);
      }
      y[row] = k % classes;
    }
  }
}

/** Redundant features (linear mixes of the informative ones), then pure-noise features. */
function extraFeatures(
  x: Matrix,
  at: { o: Required<ClassificationOptions>; covRng: Rng; noiseRng: Rng },
): void {
  const { n, features, informative, redundant } = at.o;
  const b = Array.from({ length: informative * redundant }, () => at.covRng.uniform(-1, 1));
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < redundant; r++) {
      let v = 0;
      for (let d = 0; d < informative; d++) v += x.get(i, d) * b[d * redundant + r]!;
      x.set(i, informative + r, v);
    }
    for (let f = informative + redundant; f < features; f++) x.set(i, f, at.noiseRng.normal());
  }
}

/** The registry entry of the `classification` kind. */
export const CLASSIFICATION: DatasetEntry<ClassificationOptions> = {
  fields: {
    n: positiveInteger,
    features: positiveInteger,
    informative: positiveInteger,
    redundant: nonNegativeInteger,
    classes: integerAtLeast(2),
    clustersPerClass: positiveInteger,
    classSep: nonNegative,
    flipY: interval(0, 1, "[]"),
  },
  load: generated(makeClassification),
};
