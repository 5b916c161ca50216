/**
 * Loading a model a run kept: the network of a chosen cell's seed, checked against the
 * digest its manifest lists, with the standardisation its inputs were trained behind.
 *
 * @module
 */

import { standardize, type Standardizer } from "../../data/preprocess.ts";
import type { Kernels } from "../../numerics/kernels.ts";
import type { Matrix } from "../../numerics/matrix.ts";
import type { Network } from "../../nn/network.ts";
import { loadNetwork } from "../../nn/serialize.ts";
import type { CellConfig, Manifest, ModelEntry } from "../records.ts";
import { digestOf } from "./models.ts";
import { readManifest } from "./read.ts";

/** Which kept model {@link loadModel} loads. */
export interface LoadModelOptions {
  /**
   * The cell: its id (or the id's start) or its label. @default {the chosen cell of the
   * run's first data set}
   */
  readonly cell?: string;
  /** The seed. @default {the first seed kept for the cell} */
  readonly seed?: number;
  /** Kernels for the network. @default {this thread's} */
  readonly kernels?: Kernels;
}

/** A kept model, loaded. */
export interface TrainedModel {
  /** The network, ready for `evaluate` on data prepared as it was trained (see `inputs`). */
  readonly network: Network;
  /** The manifest's entry: cell, label, data set, rank, seed, file and digest. */
  readonly entry: ModelEntry;
  /** The cell's configuration (data, split, model, loss, …). */
  readonly config: CellConfig;
  /** The statistics its inputs were standardised with, when the cell standardised them. */
  readonly standardizer?: Standardizer;
  /**
   * Raw features as the network takes them: standardised with the training part's
   * statistics when the cell standardised, else `x` itself.
   */
  inputs(x: Matrix): Matrix;
}

/**
 * Loads a model a run kept (`models/` in its folder, listed in its manifest): by default
 * the first seed of the chosen cell of the run's first data set. The file must match the
 * digest the manifest lists.
 *
 * @example
 * ```ts ignore
 * import { evaluate, loadModel } from "./mod.ts";
 *
 * const model = await loadModel("results/lesson-2d/<run id>", { seed: 2 });
 * const p = model.network.predict(model.inputs(x)); // x: raw features
 * ```
 *
 * @param run The run folder.
 * @param options Cell, seed and kernels.
 * @returns The model.
 */
export async function loadModel(
  run: string,
  options: LoadModelOptions = {},
): Promise<TrainedModel> {
  const manifest = await readManifest(run);
  const entry = pickModel(run, manifest, options);
  const path = `${run}/${entry.file}`;
  const bytes = await Deno.readFile(path).catch((e) => {
    throw new Deno.errors.NotFound(
      `Cannot load the model ${path}: ${(e as Error).message.split("\n")[0]}`,
    );
  });
  const digest = digestOf(bytes);
  if (digest !== entry.digest) {
    throw new TypeError(
      `Cannot load the model ${path}: its digest is ${digest}, the manifest lists ${entry.digest} — the file was changed or damaged since the run kept it`,
    );
  }
  const saved = JSON.parse(new TextDecoder().decode(bytes)) as {
    standardize?: { mean: number[]; std: number[] };
  };
  const network = loadNetwork(saved, options.kernels ? { kernels: options.kernels } : {});
  const standardizer = saved.standardize && {
    mean: Float64Array.from(saved.standardize.mean),
    std: Float64Array.from(saved.standardize.std),
  };
  const config = manifest.cells.find((c) => c.id === entry.cell)!.config;
  return {
    network,
    entry,
    config,
    ...(standardizer ? { standardizer } : {}),
    inputs: (x) => standardizer ? standardize(x, standardizer) : x,
  };
}

/** The entry the options name, or an error that lists what the run kept. */
function pickModel(run: string, manifest: Manifest, options: LoadModelOptions): ModelEntry {
  const files = manifest.models?.files ?? [];
  if (files.length === 0) {
    const why = manifest.models === undefined
      ? "it was made before runs kept models"
      : manifest.models.top === 0
      ? "it was run with --keep-models 0"
      : manifest.status !== "completed"
      ? `it is ${manifest.status}; models are kept when a run (or the merge of its shards) completes`
      : "every unit of its best cells diverged";
    throw new TypeError(`Cannot load a model from ${run}: the run kept none (${why})`);
  }
  const { cell, seed } = options;
  const ofCell = cell === undefined
    ? files.filter((f) => f.group === files[0]!.group && f.rank === 1)
    : files.filter((f) => f.cell === cell || f.label === cell);
  const matching = ofCell.length > 0 || cell === undefined
    ? ofCell
    : files.filter((f) => cell.length >= 4 && f.cell.startsWith(cell));
  const cells = [...new Set(matching.map((f) => f.cell))];
  const kept = () =>
    [...new Map(
      files.map((f) => [f.cell, `${f.cell} (${f.label}; seeds ${seedsOf(files, f.cell)})`]),
    )
      .values()].join(", ");
  if (cells.length !== 1) {
    throw new TypeError(
      `Cannot load a model from ${run}: ${
        cells.length === 0 ? "no kept model is of" : "more than one kept cell matches"
      } cell ${JSON.stringify(cell)}; the run kept ${kept()}`,
    );
  }
  const entry = seed === undefined ? matching[0] : matching.find((f) => f.seed === seed);
  if (entry === undefined) {
    throw new TypeError(
      `Cannot load a model from ${run}: cell ${cells[0]} kept no seed ${seed}; it kept seeds ${
        seedsOf(files, cells[0]!)
      }`,
    );
  }
  return entry;
}

function seedsOf(files: readonly ModelEntry[], cell: string): string {
  return files.filter((f) => f.cell === cell).map((f) => f.seed).join(", ");
}
