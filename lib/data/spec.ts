/**
 * Data sets described as JSON-only tagged unions (`{ kind: "moons", n: 1000, noise: 0.1 }`),
 * validated with a path for every problem, and loaded from a seed.
 *
 * @module
 */

import type { Rng } from "../numerics/random.ts";
import { describe, type Problem, ValidationError } from "../problems.ts";
import { type CsvOptions, loadCsv } from "./csv.ts";
import type { LabeledDataset } from "./dataset.ts";
import { loadIris } from "./iris.ts";
import { loadMnist, type MnistOptions } from "./mnist.ts";
import {
  type ClassificationOptions,
  makeBlobs,
  makeCircles,
  makeClassification,
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
 * A data set, as data: each kind's fields are its generator's or loader's options (minus
 * the stream, which comes from the seed). Omitted fields take the generator's defaults.
 */
export type DatasetSpec =
  | Variant<"classification", ClassificationOptions>
  | Variant<"moons" | "xor" | "sine" | "plane" | "surface", ShapeOptions>
  | Variant<"circles", Parameters<typeof makeCircles>[0]>
  | Variant<"spirals", Parameters<typeof makeSpirals>[0]>
  | Variant<"blobs", Parameters<typeof makeBlobs>[0]>
  | Variant<"mnist", MnistOptions>
  | { readonly kind: "iris" }
  | Variant<"csv", CsvOptions & { readonly path: string }>;

/** Every data set kind. */
export const DATASET_KINDS: readonly DatasetSpec["kind"][] = [
  "classification",
  "moons",
  "circles",
  "xor",
  "spirals",
  "blobs",
  "sine",
  "plane",
  "surface",
  "mnist",
  "iris",
  "csv",
];

type Rule = (v: unknown) => string | undefined;
const positiveInteger: Rule = (v) =>
  typeof v === "number" && Number.isInteger(v) && v > 0 ? undefined : "a positive integer";
const nonNegative: Rule = (v) =>
  typeof v === "number" && Number.isFinite(v) && v >= 0 ? undefined : "a number ≥ 0";
const atLeastTwo: Rule = (v) =>
  typeof v === "number" && Number.isInteger(v) && v >= 2 ? undefined : "an integer ≥ 2";
const nonNegativeInteger: Rule = (v) =>
  typeof v === "number" && Number.isInteger(v) && v >= 0 ? undefined : "an integer ≥ 0";
const fraction: Rule = (v) =>
  typeof v === "number" && v >= 0 && v <= 1 ? undefined : "a number in [0, 1]";
const openFraction: Rule = (v) =>
  typeof v === "number" && v > 0 && v < 1 ? undefined : "a number in (0, 1)";
const positive: Rule = (v) =>
  typeof v === "number" && Number.isFinite(v) && v > 0 ? undefined : "a positive number";
const text: Rule = (v) => (typeof v === "string" && v !== "" ? undefined : "a non-empty string");
const task: Rule = (v) =>
  v === "classification" || v === "regression" ? undefined : '"classification" or "regression"';

const SHAPE = { n: positiveInteger, noise: nonNegative };
// One rule for every field of every kind, checked against DatasetSpec by the compiler.
type Fields = {
  [K in DatasetSpec["kind"]]-?: {
    [F in Exclude<keyof Extract<DatasetSpec, { kind: K }>, "kind">]-?: Rule;
  };
};
const FIELDS: Fields = {
  classification: {
    n: positiveInteger,
    features: positiveInteger,
    informative: positiveInteger,
    redundant: nonNegativeInteger,
    classes: atLeastTwo,
    clustersPerClass: positiveInteger,
    classSep: nonNegative,
    flipY: fraction,
  },
  moons: SHAPE,
  circles: { ...SHAPE, factor: openFraction },
  xor: SHAPE,
  spirals: { ...SHAPE, classes: atLeastTwo, turns: positive },
  blobs: { n: positiveInteger, classes: atLeastTwo, features: positiveInteger, std: nonNegative },
  sine: SHAPE,
  plane: SHAPE,
  surface: SHAPE,
  mnist: { train: positiveInteger, test: positiveInteger, dataDir: text },
  iris: {},
  csv: { path: text, target: text, task, delimiter: text },
};
const REQUIRED: Partial<Record<DatasetSpec["kind"], string[]>> = { csv: ["path", "target"] };

/**
 * Every problem with a data set spec, each with its path.
 *
 * @example
 * ```ts
 * import { datasetSpecProblems } from "@mlp/lab";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(datasetSpecProblems({ kind: "moons", n: 0, noise: -1 }, "data"), [
 *   { path: "data.n", message: "expected a positive integer, got 0" },
 *   { path: "data.noise", message: "expected a number ≥ 0, got -1" },
 * ]);
 * ```
 *
 * @param spec The value to check.
 * @param path Its path. @default {"data"}
 * @returns The problems (empty when valid).
 */
export function datasetSpecProblems(spec: unknown, path = "data"): Problem[] {
  if (typeof spec !== "object" || spec === null || Array.isArray(spec)) {
    return [{
      path,
      message: `expected a data set object like { kind: "moons" }, got ${describe(spec)}`,
    }];
  }
  const s = spec as Record<string, unknown>;
  if (!(DATASET_KINDS as readonly unknown[]).includes(s.kind)) {
    return [{
      path: `${path}.kind`,
      message: `unknown data set kind ${describe(s.kind)}; expected one of ${
        DATASET_KINDS.join(", ")
      }`,
    }];
  }
  const kind = s.kind as DatasetSpec["kind"];
  const rules: Readonly<Record<string, Rule>> = FIELDS[kind];
  const problems: Problem[] = [];
  for (const [key, value] of Object.entries(s)) {
    if (key === "kind") continue;
    const rule = rules[key];
    if (rule === undefined) {
      const known = Object.keys(rules);
      problems.push({
        path: `${path}.${key}`,
        message: `unknown field for ${kind}${
          known.length ? `; expected one of ${known.join(", ")}` : ""
        }`,
      });
      continue;
    }
    const expected = rule(value);
    if (expected) {
      problems.push({
        path: `${path}.${key}`,
        message: `expected ${expected}, got ${describe(value)}`,
      });
    }
  }
  for (const key of REQUIRED[kind] ?? []) {
    if (s[key] === undefined) problems.push({ path: `${path}.${key}`, message: "required" });
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

/** A loaded data set, with its predefined test set when it has one (MNIST). */
export interface LoadedData {
  /** All examples (MNIST: the training set). */
  readonly data: LabeledDataset;
  /** The data set's own test set, if it comes with one. */
  readonly test?: LabeledDataset;
}

/** Options of {@link loadDataset}. */
export interface LoadOptions {
  /** The stream synthetic generators draw from. */
  readonly rng: Rng;
  /** Folder that relative CSV paths are resolved against. @default {the working directory} */
  readonly baseDir?: string;
  /** Overrides MNIST's folder (e.g. a command-line `--data-dir`). */
  readonly dataDir?: string;
}

/**
 * Loads (or generates) the data set a spec describes.
 *
 * @example
 * ```ts
 * import { loadDataset } from "@mlp/lab";
 * import { Rng } from "@mlp/lab";
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
  const { rng } = options;
  switch (spec.kind) {
    case "classification": {
      const { kind: _, ...rest } = spec;
      return { data: makeClassification({ ...rest, rng }) };
    }
    case "moons":
      return { data: makeMoons({ ...spec, rng }) };
    case "circles":
      return { data: makeCircles({ ...spec, rng }) };
    case "xor":
      return { data: makeXor({ ...spec, rng }) };
    case "spirals":
      return { data: makeSpirals({ ...spec, rng }) };
    case "blobs":
      return { data: makeBlobs({ ...spec, rng }) };
    case "sine":
    case "plane":
    case "surface":
      return { data: makeRegression(spec.kind, { ...spec, rng }) };
    case "mnist": {
      const dataDir = options.dataDir ?? spec.dataDir;
      const sets = await loadMnist({
        ...(spec.train ? { train: spec.train } : {}),
        ...(spec.test ? { test: spec.test } : {}),
        ...(dataDir ? { dataDir } : {}),
      });
      return { data: sets.train, test: sets.test };
    }
    case "iris":
      return { data: await loadIris() };
    case "csv": {
      const base = options.baseDir;
      const path = spec.path.startsWith("/") || base === undefined
        ? spec.path
        : `${base.replace(/\/$/, "")}/${spec.path}`;
      return {
        data: await loadCsv(path, {
          target: spec.target,
          ...(spec.task ? { task: spec.task } : {}),
          ...(spec.delimiter ? { delimiter: spec.delimiter } : {}),
        }),
      };
    }
  }
}
