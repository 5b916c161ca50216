/**
 * The width of a data set's inputs and outputs and its task, known from its spec without
 * generating it (CSV files are read; MNIST only its header).
 *
 * @module
 */

import { Rng } from "../numerics/random.ts";
import type { Task } from "./dataset.ts";
import { readBytes } from "./_files.ts";
import { parseIdx } from "./idx.ts";
import { MNIST_FILES, mnistDataDir } from "./mnist.ts";
import { type DatasetSpec, loadDataset } from "./spec.ts";

/** Inputs, outputs (classes or target columns) and task. */
export interface Shape {
  readonly inputs: number;
  readonly outputs: number;
  readonly task: Task;
}

function classes(n: number): Task {
  return n === 2 ? "binary" : "multiclass";
}

/**
 * The shape of the data a spec describes.
 *
 * @example
 * ```ts
 * import { datasetShape } from "./shape.ts";
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
  options: { readonly baseDir?: string; readonly dataDir?: string } = {},
): Promise<Shape> {
  switch (spec.kind) {
    case "classification": {
      const k = spec.classes ?? 2;
      return { inputs: spec.features ?? 2, outputs: k, task: classes(k) };
    }
    case "moons":
    case "circles":
    case "xor":
      return { inputs: 2, outputs: 2, task: "binary" };
    case "spirals": {
      const k = spec.classes ?? 3;
      return { inputs: 2, outputs: k, task: classes(k) };
    }
    case "blobs": {
      const k = spec.classes ?? 3;
      return { inputs: spec.features ?? 2, outputs: k, task: classes(k) };
    }
    case "sine":
      return { inputs: 1, outputs: 1, task: "regression" };
    case "plane":
    case "surface":
      return { inputs: 2, outputs: 1, task: "regression" };
    case "iris":
      return { inputs: 4, outputs: 3, task: "multiclass" };
    case "mnist": {
      const given = options.dataDir ?? spec.dataDir;
      const dir = given === undefined ? await mnistDataDir() : given.replace(/\/?$/, "/");
      const path = `${dir}${MNIST_FILES.trainImages}`;
      let header: Uint8Array;
      try {
        const file = await Deno.open(path);
        header = new Uint8Array(16);
        await file.read(header);
        file.close();
      } catch {
        // gzipped or missing: load fully, which reports a missing file clearly
        const { data } = await loadDataset(spec, { rng: Rng.seeded(0), ...options });
        return { inputs: data.x.cols, outputs: data.classNames!.length, task: "multiclass" };
      }
      const view = new DataView(header.buffer);
      const size = header[3] === 3 ? view.getUint32(8) * view.getUint32(12) : 0;
      if (size === 0) parseIdx(await readBytes(path, "the MNIST training images"), path); // throws the precise error
      return { inputs: size, outputs: 10, task: "multiclass" };
    }
    case "csv": {
      const { data } = await loadDataset(spec, { rng: Rng.seeded(0), ...options });
      return data.task === "regression"
        ? { inputs: data.x.cols, outputs: (data.y as { cols: number }).cols, task: "regression" }
        : { inputs: data.x.cols, outputs: data.classNames!.length, task: data.task };
    }
  }
}
