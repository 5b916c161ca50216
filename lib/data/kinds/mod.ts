/**
 * Data set kinds, one family: each kind's file holds its generator (or loader) and its
 * registry entry — a rule per field, how to load it, its shape and what its results depend
 * on — and the registry ({@link DATASETS}) validates, loads and fingerprints any spec.
 * Generators draw only from the stream they are given, through named sub-streams.
 *
 * @example
 * ```ts
 * import { DATASET_KINDS, loadDataset, Rng } from "../../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.ok(DATASET_KINDS.includes("checkerboard"));
 * const { data } = await loadDataset({ kind: "checkerboard", n: 50 }, { rng: Rng.seeded(1) });
 * assert.equal(data.x.rows, 50);
 * ```
 *
 * @module
 */

export type {
  DatasetEntry,
  FieldRule,
  LoadedData,
  LoadOptions,
  Shape,
  ShapeOptions,
  Variant,
} from "./kind.ts";
export {
  dataFingerprint,
  DATASET_KINDS,
  type DatasetKind,
  DATASETS,
  type DatasetSettings,
  datasetShape,
  type DatasetSpec,
  datasetSpecProblems,
  loadDataset,
  validateDatasetSpec,
} from "./registry.ts";
export { type ClassificationOptions, makeClassification } from "./classification.ts";
export { makeMoons } from "./moons.ts";
export { makeCircles } from "./circles.ts";
export { makeXor } from "./xor.ts";
export { makeSpirals } from "./spirals.ts";
export { makeBlobs } from "./blobs.ts";
export { type GaussianQuantilesOptions, makeGaussianQuantiles } from "./gaussian_quantiles.ts";
export { makeRegression, type RegressionKind } from "./regression.ts";
export { type CheckerboardOptions, makeCheckerboard } from "./checkerboard.ts";
