/**
 * What every data set kind is: its registry entry (a rule per field, how to load it, its
 * shape and sources), the options the generators share, and the spec's shape.
 *
 * @module
 */

import type { Rng } from "../../numerics/random.ts";
import { nonNegative, positiveInteger, type Rule } from "../../rules.ts";
import type { LabeledDataset, Task } from "../dataset.ts";

/** What a valid value of a field is, or undefined when `v` is one (the rules of `lib/rules.ts`). */
export type FieldRule = Rule;

/** A spec variant: the kind, and the loader's options that are plain data. */
export type Variant<K extends string, O> = K extends string // one member per kind
  ? { readonly kind: K } & Omit<O, "rng" | "name" | "alloc" | "classNames">
  : never;

/** Options shared by the 2-D generators. */
export interface ShapeOptions {
  /** Number of examples. */
  readonly n?: number;
  /** Standard deviation of Gaussian noise added to each coordinate. */
  readonly noise?: number;
  /** The stream to draw from. */
  readonly rng: Rng;
}

/** The rules of the fields every 2-D generator takes: `n` and `noise`. */
export const SHAPE_FIELDS: { readonly n: Rule; readonly noise: Rule } = {
  n: positiveInteger,
  noise: nonNegative,
};

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
    readonly [F in keyof Omit<S, "rng" | "name" | "alloc" | "classNames">]-?: Rule;
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

/**
 * An entry's `load` for a generator: the spec's options with the stream.
 *
 * @param make The generator.
 * @returns The loader.
 */
export function generated<S>(
  make: (spec: S) => LabeledDataset,
): (spec: S, o: LoadOptions) => LoadedData {
  return (spec, o) => ({
    data: make({ ...spec, rng: o.rng }),
  });
}

/**
 * The shape of loaded data.
 *
 * @param loaded The data.
 * @returns Its shape.
 */
export function shapeOf(loaded: LoadedData): Shape {
  const { data } = loaded;
  return data.task === "regression"
    ? { inputs: data.x.cols, outputs: (data.y as { cols: number }).cols, task: "regression" }
    : { inputs: data.x.cols, outputs: data.classNames!.length, task: data.task };
}
