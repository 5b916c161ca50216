/**
 * Seeded synthetic data sets: the lesson's 2-D two-class set (an equivalent of
 * scikit-learn's `make_classification`), moons, circles, XOR, spirals, Gaussian blobs,
 * and three regression sets. The same options and stream give identical bytes.
 *
 * Each generator draws from named sub-streams of `rng` (`points`, `noise`, `labels`,
 * `shuffle`, …), so a change in one kind of draw never shifts another.
 *
 * @module
 */

import { Matrix } from "../numerics/matrix.ts";
import type { Rng } from "../numerics/random.ts";
import { classificationSet, defaultNames, type LabeledDataset, regressionSet } from "./dataset.ts";

function check(ok: boolean, what: string, value: unknown, expected: string): void {
  if (!ok) throw new RangeError(`Cannot generate data: ${what} must be ${expected}, got ${value}`);
}

function checkN(n: number): void {
  check(Number.isInteger(n) && n > 0, "n", n, "a positive integer");
}

function checkNoise(noise: number): void {
  check(Number.isFinite(noise) && noise >= 0, "noise", noise, "a number ≥ 0");
}

/** Shuffles the rows of x and y together with one permutation. */
function shuffleRows(x: Matrix, y: Int32Array | Matrix, rng: Rng): void {
  const n = x.rows;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    swapRows(x, i, j);
    if (y instanceof Int32Array) {
      const t = y[i]!;
      y[i] = y[j]!;
      y[j] = t;
    } else {
      swapRows(y, i, j);
    }
  }
}

function swapRows(m: Matrix, i: number, j: number): void {
  if (i === j) return;
  const c = m.cols, d = m.data;
  for (let k = 0; k < c; k++) {
    const t = d[i * c + k]!;
    d[i * c + k] = d[j * c + k]!;
    d[j * c + k] = t;
  }
}

function addNoise(x: Matrix, noise: number, rng: Rng): void {
  if (noise === 0) return;
  for (let i = 0; i < x.data.length; i++) x.data[i]! += noise * rng.normal();
}

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
 * import { makeClassification } from "../../mod.ts";
 * import { Rng } from "../../mod.ts";
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

  // 1. distinct hypercube vertices, drawn without replacement
  const vertexRng = rng.derive("centroids");
  const chosen = new Set<number>();
  const vertices: number[] = [];
  while (vertices.length < clusters) {
    let v = 0;
    for (let b = 0; b < informative; b++) v = v * 2 + vertexRng.int(2);
    if (!chosen.has(v)) chosen.add(v), vertices.push(v);
  }
  const centroid = (k: number, d: number) =>
    ((Math.floor(vertices[k]! / 2 ** (informative - 1 - d)) % 2) * 2 - 1) * classSep;

  // 2–3. clusters
  const x = Matrix.zeros(n, features, "float64");
  const y = new Int32Array(n);
  const pointRng = rng.derive("points"), covRng = rng.derive("covariance");
  const z = new Float64Array(informative);
  let row = 0;
  for (let k = 0; k < clusters; k++) {
    const size = Math.floor(n / clusters) + (k < n % clusters ? 1 : 0);
    const a = Array.from({ length: informative * informative }, () => covRng.uniform(-1, 1));
    for (let s = 0; s < size; s++, row++) {
      for (let d = 0; d < informative; d++) z[d] = pointRng.normal();
      for (let d = 0; d < informative; d++) {
        let v = centroid(k, d);
        for (let e = 0; e < informative; e++) v += z[e]! * a[e * informative + d]!;
        x.set(row, d, v);
      }
      y[row] = k % classes;
    }
  }
  // 4. redundant and noise features
  const b = Array.from({ length: informative * redundant }, () => covRng.uniform(-1, 1));
  const noiseRng = rng.derive("useless");
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < redundant; r++) {
      let v = 0;
      for (let d = 0; d < informative; d++) v += x.get(i, d) * b[d * redundant + r]!;
      x.set(i, informative + r, v);
    }
    for (let f = informative + redundant; f < features; f++) x.set(i, f, noiseRng.normal());
  }
  // 5. label noise
  const flipRng = rng.derive("flip");
  for (let i = 0; i < n; i++) {
    const flip = flipRng.uniform() < flipY;
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

/** Options shared by the 2-D generators. */
export interface ShapeOptions {
  /** Number of examples. */
  readonly n?: number;
  /** Standard deviation of Gaussian noise added to each coordinate. */
  readonly noise?: number;
  /** The stream to draw from. */
  readonly rng: Rng;
}

/**
 * Two interleaving half circles (scikit-learn's `make_moons`): the first ⌊n/2⌋ examples on
 * the upper moon (cos t, sin t), the rest on the lower one (1 − cos t, ½ − sin t), t evenly
 * spaced in [0, π]; then noise and a shuffle.
 *
 * @example
 * ```ts
 * import { makeMoons } from "../../mod.ts";
 * import { Rng } from "../../mod.ts";
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

/**
 * A circle inside a larger one (scikit-learn's `make_circles`): ⌊n/2⌋ evenly spaced points
 * on the unit circle (class 0), the rest on a circle of radius `factor` (class 1).
 *
 * @example
 * ```ts
 * import { makeCircles } from "../../mod.ts";
 * import { Rng } from "../../mod.ts";
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

/**
 * XOR: points uniform in [−1, 1]², class 1 where exactly one coordinate is positive;
 * noise is added after labelling, so it blurs the boundary.
 *
 * @example
 * ```ts
 * import { makeXor } from "../../mod.ts";
 * import { Rng } from "../../mod.ts";
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

/**
 * k interleaved spiral arms, one class each: arm c has radius r = t and angle
 * 2π(turns·t + c/k) for t evenly spaced in (0, 1]; then noise and a shuffle.
 *
 * @example
 * ```ts
 * import { makeSpirals } from "../../mod.ts";
 * import { Rng } from "../../mod.ts";
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

/**
 * Gaussian blobs (scikit-learn's `make_blobs`): k centres uniform in [−10, 10]^features,
 * an equal share of examples around each with standard deviation `std`.
 *
 * @example
 * ```ts
 * import { makeBlobs } from "../../mod.ts";
 * import { Rng } from "../../mod.ts";
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

/** The regression surfaces: a noisy 1-D sine, a 2-D plane, a smooth non-linear 2-D surface. */
export type RegressionKind = "sine" | "plane" | "surface";

/**
 * Regression sets with Gaussian noise of standard deviation `noise` on the target:
 * - `sine`: x ~ U(−π, π), y = sin x;
 * - `plane`: x ~ U(−1, 1)², y = 2x₀ − 3x₁ + ½;
 * - `surface`: x ~ U(−1, 1)², y = sin(πx₀)·cos(πx₁) + ½x₀².
 *
 * @example
 * ```ts
 * import { makeRegression } from "../../mod.ts";
 * import { Rng } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const data = makeRegression("plane", { n: 10, noise: 0, rng: Rng.seeded(5) });
 * const [a, b] = [data.x.get(0, 0), data.x.get(0, 1)];
 * assert.ok(Math.abs((data.y as { get(i: number, j: number): number }).get(0, 0) - (2 * a - 3 * b + 0.5)) < 1e-5);
 * ```
 *
 * @param kind Which surface.
 * @param options `n` (200), `noise` (0.1), `rng`.
 * @returns The data set.
 */
export function makeRegression(kind: RegressionKind, options: ShapeOptions): LabeledDataset {
  const { n = 200, noise = 0.1, rng } = options;
  checkN(n);
  checkNoise(noise);
  const dims = kind === "sine" ? 1 : 2;
  const x = Matrix.zeros(n, dims);
  const y = Matrix.zeros(n, 1);
  const points = rng.derive("points"), noiseRng = rng.derive("noise");
  for (let i = 0; i < n; i++) {
    let target: number;
    if (kind === "sine") {
      const a = points.uniform(-Math.PI, Math.PI);
      x.set(i, 0, a);
      target = Math.sin(a);
    } else {
      const a = points.uniform(-1, 1), b = points.uniform(-1, 1);
      x.set(i, 0, a), x.set(i, 1, b);
      target = kind === "plane"
        ? 2 * a - 3 * b + 0.5
        : Math.sin(Math.PI * a) * Math.cos(Math.PI * b) + 0.5 * a * a;
    }
    y.set(i, 0, target + noise * noiseRng.normal());
  }
  return regressionSet(kind, x, y);
}

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
 * distance). No straight line separates two shells: a network needs a hidden layer.
 *
 * @example
 * ```ts
 * import { classCounts, makeGaussianQuantiles, Rng } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const data = makeGaussianQuantiles({ n: 90, classes: 3, rng: Rng.seeded(3) });
 * assert.equal(data.x.shape, "90×2");
 * assert.deepEqual(Array.from(classCounts(data)), [30, 30, 30]);
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
  const y = new Int32Array(n);
  order.forEach((i, rank) => (y[i] = Math.floor((rank * classes) / n)));
  return classificationSet(
    "gaussian_quantiles",
    x,
    y,
    Array.from({ length: classes }, (_, c) => `shell ${c}`),
  );
}
