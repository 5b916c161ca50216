/**
 * Preprocessing: seeded (optionally stratified) splits, standardisation fitted on the
 * training part only, and one-hot encoding.
 *
 * @module
 */

import { Matrix } from "../numerics/matrix.ts";
import type { Rng } from "../numerics/random.ts";
import { type LabeledDataset, takeRows } from "./dataset.ts";

/** Options of {@link split}. */
export interface SplitOptions {
  /** Fraction of examples for validation, in [0, 1). @default {0} */
  readonly validation?: number;
  /** Fraction of examples for testing, in [0, 1). @default {0} */
  readonly test?: number;
  /** Keep class proportions in every part (classification only). @default {true} */
  readonly stratify?: boolean;
  /** The stream that assigns examples to parts. */
  readonly rng: Rng;
}

/** The parts of a split; `validation` and `test` exist when their fraction is > 0. */
export interface Splits {
  /** The training part. */
  readonly train: LabeledDataset;
  /** The validation part, when asked for. */
  readonly validation?: LabeledDataset;
  /** The test part, when asked for. */
  readonly test?: LabeledDataset;
}

/**
 * Splits a data set into disjoint training, validation and test parts. With
 * stratification each class is split on its own (round(n_c · fraction) examples), so
 * every part keeps the class proportions.
 *
 * @example
 * ```ts
 * import { split } from "../../mod.ts";
 * import { makeMoons } from "../../mod.ts";
 * import { Rng } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const parts = split(makeMoons({ n: 100, rng: Rng.seeded(1) }), { validation: 0.2, test: 0.1, rng: Rng.seeded(2) });
 * assert.equal(parts.train.x.rows + parts.validation!.x.rows + parts.test!.x.rows, 100);
 * assert.equal(parts.validation!.x.rows, 20);
 * ```
 *
 * @param data The data set.
 * @param options Fractions, stratification, stream.
 * @returns The parts.
 */
export function split(data: LabeledDataset, options: SplitOptions): Splits {
  const fv = options.validation ?? 0, ft = options.test ?? 0;
  for (const [name, f] of [["validation", fv], ["test", ft]] as const) {
    if (!(f >= 0 && f < 1)) {
      throw new RangeError(`Cannot split: ${name} fraction must be in [0, 1), got ${f}`);
    }
  }
  if (fv + ft >= 1) {
    throw new RangeError(`Cannot split: validation + test = ${fv + ft} leaves nothing to train on`);
  }
  const n = data.x.rows;
  const stratify = (options.stratify ?? true) && data.y instanceof Int32Array;
  const groups: number[][] = [];
  if (stratify) {
    const y = data.y as Int32Array;
    for (let i = 0; i < n; i++) (groups[y[i]!] ??= []).push(i);
  } else {
    groups.push(Array.from({ length: n }, (_, i) => i));
  }
  const parts: number[][] = [[], [], []];
  groups.forEach((group, c) => {
    if (group === undefined) return;
    options.rng.derive("group", String(c)).shuffle(group);
    const nt = Math.round(group.length * ft), nv = Math.round(group.length * fv);
    parts[2]!.push(...group.slice(0, nt));
    parts[1]!.push(...group.slice(nt, nt + nv));
    parts[0]!.push(...group.slice(nt + nv));
  });
  const names = ["train", "validation", "test"];
  parts.forEach((p, k) => {
    if (p.length === 0 && (k === 0 || [0, fv, ft][k]! > 0)) {
      throw new RangeError(`Cannot split ${n} examples: the ${names[k]} part would be empty`);
    }
    options.rng.derive("order", names[k]!).shuffle(p);
  });
  return {
    train: takeRows(data, parts[0]!),
    ...(fv > 0 ? { validation: takeRows(data, parts[1]!) } : {}),
    ...(ft > 0 ? { test: takeRows(data, parts[2]!) } : {}),
  };
}

/** Per-feature mean and standard deviation, fitted on training data. */
export interface Standardizer {
  /** Each feature's mean over the training part. */
  readonly mean: Float64Array;
  /** Each feature's standard deviation over the training part (1 where it is 0). */
  readonly std: Float64Array;
}

/**
 * Fits per-column mean and (population) standard deviation; a constant column gets
 * std 1 so that it maps to 0 rather than NaN.
 *
 * @param x Training features.
 * @returns The statistics.
 */
export function fitStandardizer(x: Matrix): Standardizer {
  const mean = new Float64Array(x.cols), std = new Float64Array(x.cols);
  for (let i = 0; i < x.rows; i++) for (let j = 0; j < x.cols; j++) mean[j]! += x.get(i, j);
  for (let j = 0; j < x.cols; j++) mean[j]! /= x.rows;
  for (let i = 0; i < x.rows; i++) {
    for (let j = 0; j < x.cols; j++) std[j]! += (x.get(i, j) - mean[j]!) ** 2;
  }
  for (let j = 0; j < x.cols; j++) std[j] = Math.sqrt(std[j]! / x.rows) || 1;
  return { mean, std };
}

/**
 * (x − mean) / std column by column, as a new matrix.
 *
 * @example Fitted on training data only
 * ```ts
 * import { fitStandardizer, standardize } from "../../mod.ts";
 * import { Matrix } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const stats = fitStandardizer(Matrix.fromRows([[1], [3]]));
 * assert.deepEqual(Array.from(standardize(Matrix.fromRows([[5]]), stats).data), [3]);
 * ```
 *
 * @param x Features.
 * @param stats Statistics from {@link fitStandardizer}.
 * @returns Standardised features.
 */
export function standardize(x: Matrix, stats: Standardizer): Matrix {
  if (x.cols !== stats.mean.length) {
    throw new TypeError(
      `Cannot standardise ${x.shape} with statistics of ${stats.mean.length} columns`,
    );
  }
  const out = Matrix.zeros(x.rows, x.cols, x.dtype);
  for (let i = 0; i < x.rows; i++) {
    for (let j = 0; j < x.cols; j++) out.set(i, j, (x.get(i, j) - stats.mean[j]!) / stats.std[j]!);
  }
  return out;
}

/**
 * Standardises every part of a split with statistics fitted on its training part.
 *
 * @param parts The split.
 * @returns The standardised split and the statistics.
 */
export function standardizeSplits(parts: Splits): Splits & { readonly stats: Standardizer } {
  const stats = fitStandardizer(parts.train.x);
  const apply = (d: LabeledDataset) => ({ ...d, x: standardize(d.x, stats) });
  return {
    train: apply(parts.train),
    ...(parts.validation ? { validation: apply(parts.validation) } : {}),
    ...(parts.test ? { test: apply(parts.test) } : {}),
    stats,
  };
}

/**
 * One row per label with a 1 in the label's column.
 *
 * @example
 * ```ts
 * import { oneHot } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(oneHot(Int32Array.of(2, 0), 3).toRows(), [[0, 0, 1], [1, 0, 0]]);
 * ```
 *
 * @param labels Class indices.
 * @param classes Number of classes.
 * @returns The one-hot matrix.
 */
export function oneHot(labels: Int32Array, classes: number): Matrix {
  const out = Matrix.zeros(labels.length, classes);
  labels.forEach((c, i) => {
    if (c < 0 || c >= classes) {
      throw new RangeError(`Cannot one-hot label ${c} at ${i}: not in [0, ${classes - 1}]`);
    }
    out.set(i, c, 1);
  });
  return out;
}
