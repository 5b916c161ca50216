/**
 * Running one unit of work — a cell's configuration with one seed — from JSON alone, so a
 * worker needs nothing but the configuration.
 *
 * Streams, all from the unit's seed and only the settings that feed them: the data from
 * ("data", hash of the data spec), so every cell with the same data and seed sees the same
 * examples; the split from ("split", hash of data and split); the initial weights from
 * ("init", hash of the model); the minibatch order from ("shuffle", hash of data, split and
 * batch size). Cells that differ in epochs, learning rate, optimiser, schedule or L2 share
 * their initial weights and batch order per seed — common random numbers, so a paired
 * comparison sees the settings' effect and not a new draw. (Runs made before derived the
 * last two from the cell's id: `streams: "cell"`.)
 *
 * @module
 */

import { type LabeledDataset } from "../../data/dataset.ts";
import { split, type Standardizer, standardizeSplits } from "../../data/preprocess.ts";
import { loadDataset } from "../../data/kinds/mod.ts";
import type { Kernels } from "../../numerics/kernels.ts";
import { Rng } from "../../numerics/random.ts";
import { createLoss } from "../../nn/losses/mod.ts";
import { Network } from "../../nn/network.ts";
import { saveNetwork } from "../../nn/serialize.ts";
import { createOptimizer } from "../../nn/optimizers/mod.ts";
import { type EpochRecord, fit, type FitOptions, type FitState } from "../../train/fit.ts";
import { evaluate } from "../../train/evaluate.ts";
import { writeTextAtomicSync } from "../store/atomic.ts";
import { decode, encode } from "../store/journal.ts";
import { decisionBoundary } from "../analysis/boundary.ts";
import type { Boundary, CellConfig, Diagnostics, UnitModel, UnitResult } from "../records.ts";
import { stableHash } from "../canonical.ts";
import { createHash } from "node:crypto";
import { classificationDiagnostics } from "./diagnostics.ts";

/**
 * How a unit's initial weights and batch order derive from its seed: from the settings that
 * feed them (`settings`, every run since common random numbers), or from the cell's id
 * (`cell`, runs made before; kept so they resume and merge as they were).
 */
export type StreamDerivation = "settings" | "cell";

/** The derivation new runs use. */
export const STREAMS: StreamDerivation = "settings";

/**
 * The random streams a unit's initial weights and batch order come from.
 *
 * @param cell The cell's id and configuration.
 * @param seed The seed.
 * @param streams The derivation. @default {STREAMS}
 * @returns The two streams.
 */
export function unitStreams(
  cell: { readonly id: string; readonly config: CellConfig },
  seed: number,
  streams: StreamDerivation = STREAMS,
): { init: Rng; shuffle: Rng } {
  const root = Rng.seeded(seed), c = cell.config;
  return streams === "cell"
    ? { init: root.derive(cell.id, "init"), shuffle: root.derive(cell.id, "shuffle") }
    : {
      init: root.derive("init", stableHash(c.model)),
      shuffle: root.derive(
        "shuffle",
        stableHash({ data: c.data, split: c.split, batchSize: c.batchSize }),
      ),
    };
}

/**
 * A trial of a halving search across its rungs: the state a unit ends with is saved
 * (`save`) when the trial may go on, and the next rung's unit continues from it (`from`:
 * the previous rung's cell and its saved state) instead of training from the start.
 */
export interface RungLink {
  /** Where to save the state the unit ends with (it completed all its epochs). */
  readonly save?: string;
  /** The previous rung's cell of the same trial, and its saved end state. */
  readonly from?: { readonly cellId: string; readonly path: string };
}

/** Options of {@link runUnit}. */
export interface UnitOptions {
  /** How the initial weights and batch order derive from the seed. @default {STREAMS} */
  readonly streams?: StreamDerivation;
  /** Folder for relative CSV paths. */
  readonly baseDir?: string;
  /** MNIST folder override. */
  readonly dataDir?: string;
  /** Kernels to train with. */
  readonly kernels?: Kernels;
  /** Called after every epoch, with its record. */
  readonly onEpoch?: (epoch: number, of: number, record: EpochRecord) => void;
  /**
   * Also compute the first seed's pictures: the decision boundary (2-D classification)
   * and misclassified examples (image data).
   */
  readonly boundary?: boolean;
  /** Return the final weights as `model` (a run keeps the best cells' models). */
  readonly keepModel?: boolean;
  /**
   * A search's trial across rungs: save the end state for the next rung, and continue from
   * the previous rung's (when streams derive from settings and no schedule depends on the
   * epoch count: then continuing equals training straight through, bit for bit).
   */
  readonly rung?: RungLink;
  /**
   * Save progress to `path` at the end of an epoch once `everySeconds` have passed since the
   * unit started or last saved (0: every epoch), and start from it when it exists, so a
   * killed unit goes on where it was and ends bit-identical. When `stop()` says so, the unit
   * saves and stops at the end of the epoch in progress (`fit` throws `TrainingStopped`).
   */
  readonly checkpoint?: {
    readonly path: string;
    readonly everySeconds: number;
    readonly stop?: () => boolean;
  };
}

/** A unit's saved progress, `checkpoints/<cell id>-<seed>.json` in a run folder. */
interface Checkpoint {
  readonly format: "mlp-checkpoint";
  readonly cellId: string;
  readonly seed: number;
  /** `sha256:<hex>` of the state's JSON text, as written (absent in checkpoints from before). */
  readonly digest?: string;
  readonly state: FitState;
}

function digestOf(stateText: string): string {
  return `sha256:${createHash("sha256").update(stateText).digest("hex")}`;
}

/**
 * Reads and checks a unit's checkpoint: it parses, it is this unit's, its state has the
 * parts training needs, and it is the state that was written (its digest matches).
 *
 * @param path The checkpoint file.
 * @param cellId The unit's cell.
 * @param seed The unit's seed.
 * @returns The state, or what is wrong with the file; undefined when there is none.
 */
export function checkCheckpoint(
  path: string,
  cellId: string,
  seed: number,
): { state: FitState } | { problem: string } | undefined {
  let text: string;
  try {
    text = Deno.readTextFileSync(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return undefined;
    throw e;
  }
  let c: Checkpoint;
  try {
    c = JSON.parse(text, decode);
  } catch (e) {
    return { problem: `it does not parse (${(e as Error).message})` };
  }
  const s = c?.state;
  if (
    c?.format !== "mlp-checkpoint" || c.cellId !== cellId || c.seed !== seed ||
    !Number.isInteger(s?.epoch) || !Array.isArray(s.params) || !Array.isArray(s.rng) ||
    !Array.isArray(s.history) || s.history.length !== s.epoch ||
    !Array.isArray(s.optimizer?.buffers)
  ) {
    return { problem: `it is not the saved progress of cell ${cellId} seed ${seed}` };
  }
  if (c.digest !== undefined && c.digest !== digestOf(JSON.stringify(s, encode))) {
    return { problem: "its content changed since it was written (the digest does not match)" };
  }
  return { state: s };
}

/**
 * The progress a unit saved at `path`, or undefined when it has none.
 *
 * @param path The checkpoint file.
 * @param cellId The unit's cell.
 * @param seed The unit's seed.
 * @returns The training state to resume from.
 */
export function readCheckpoint(path: string, cellId: string, seed: number): FitState | undefined {
  const checked = checkCheckpoint(path, cellId, seed);
  if (checked !== undefined && "problem" in checked) {
    throw new TypeError(
      `Cannot use the checkpoint ${path}: ${checked.problem} (remove it to run the unit from the start)`,
    );
  }
  return checked?.state;
}

function writeCheckpoint(path: string, checkpoint: Omit<Checkpoint, "digest">): void {
  Deno.mkdirSync(path.slice(0, path.lastIndexOf("/")), { recursive: true });
  const state = JSON.stringify(checkpoint.state, encode);
  const { format, cellId, seed } = checkpoint;
  writeTextAtomicSync(
    path,
    `${
      JSON.stringify({ format, cellId, seed, digest: digestOf(state) }).slice(0, -1)
    },"state":${state}}`,
  );
}

/** A unit's data: its parts, and the statistics they were standardised with (if they were). */
export interface Prepared {
  /** The training part. */
  readonly train: LabeledDataset;
  /** The validation part, when the split has one. */
  readonly validation?: LabeledDataset;
  /** The test part, when the split (or the data set) has one. */
  readonly test?: LabeledDataset;
  /** The training part's statistics, when the cell standardises its inputs. */
  readonly stats?: Standardizer;
}

// Loaded and split data by (data, split, standardize, seed): cells that differ only in
// model or optimiser reuse it. Bounded so a long grid over many data sets stays small.
const cache = new Map<string, Promise<Prepared>>();
const CACHE_SIZE = 4;

/**
 * A unit's data as it trained on it: loaded, split and standardised by the seed's streams
 * (cached: cells that differ only in model or optimiser share it).
 *
 * @param config The cell's configuration.
 * @param seed The seed.
 * @param options Data folders.
 * @returns The parts.
 */
export function prepare(
  config: CellConfig,
  seed: number,
  options: Pick<UnitOptions, "baseDir" | "dataDir">,
): Promise<Prepared> {
  const key = stableHash({
    data: config.data,
    split: config.split,
    standardize: config.standardize,
    seed,
  });
  let hit = cache.get(key);
  if (hit === undefined) {
    hit = (async () => {
      const root = Rng.seeded(seed);
      const loaded = await loadDataset(config.data, {
        rng: root.derive("data", stableHash(config.data)),
        ...(options.baseDir ? { baseDir: options.baseDir } : {}),
        ...(options.dataDir ? { dataDir: options.dataDir } : {}),
      });
      const splitRng = root.derive("split", stableHash({ data: config.data, split: config.split }));
      const parts = (() => {
        try {
          return split(loaded.data, {
            validation: config.split.validation,
            test: loaded.test ? 0 : config.split.test,
            stratify: config.split.stratify,
            rng: splitRng,
          });
        } catch (e) {
          throw withTaskHint(e, config, loaded.data);
        }
      })();
      const withTest = loaded.test ? { ...parts, test: loaded.test } : parts;
      return config.standardize ? standardizeSplits(withTest) : withTest;
    })();
    cache.set(key, hit);
    if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  }
  return hit;
}

/**
 * Trains and evaluates one cell with one seed.
 *
 * @param cell The cell's id and configuration.
 * @param seed The seed.
 * @param options Data folders, kernels, progress.
 * @returns The unit's history and final metrics.
 */
export async function runUnit(
  cell: { readonly id: string; readonly config: CellConfig },
  seed: number,
  options: UnitOptions = {},
): Promise<UnitResult> {
  const started = performance.now();
  const { config } = cell;
  const data = await prepare(config, seed, options);
  const streams = unitStreams(cell, seed, options.streams);
  const net = Network.build(config.model, {
    rng: streams.init,
    ...(options.kernels ? { kernels: options.kernels } : {}),
  });
  const loss = createLoss(config.loss, { kernels: net.kernels });
  const optimizer = createOptimizer(config.optimizer, net.parameters(), net.kernels);
  const link = rungLink(options, config);
  const result = fit(net, data.train, {
    loss,
    optimizer,
    epochs: config.epochs,
    batchSize: config.batchSize,
    rng: streams.shuffle,
    l2: config.l2,
    ...(config.schedule ? { schedule: config.schedule } : {}),
    ...(data.validation ? { validation: data.validation } : {}),
    ...(config.patience !== null ? { patience: config.patience } : {}),
    restoreBest: config.restoreBest ?? false,
    onEpoch: (r) => options.onEpoch?.(r.epoch, config.epochs, r),
    ...(link.save ? { onEnd: link.save(cell.id, seed) } : {}),
    ...checkpointing(cell.id, seed, options.checkpoint, link.from?.(seed)),
  });
  const diverged = result.status === "diverged";
  const final = diverged ? {} : {
    train: evaluate(net, loss, data.train),
    ...(data.validation ? { validation: evaluate(net, loss, data.validation) } : {}),
    ...(data.test ? { test: evaluate(net, loss, data.test) } : {}),
  };
  const { boundary, diagnostics } = diverged
    ? {}
    : pictures(net, loss, { data, config, first: options.boundary === true });
  return {
    cellId: cell.id,
    seed,
    status: result.status,
    ...(options.keepModel && !diverged ? { model: modelOf(net, data.stats) } : {}),
    ...(link.continued ? { continued: link.continued } : {}),
    epochsRun: result.history.length,
    bestEpoch: result.bestEpoch,
    finalEpoch: result.finalEpoch,
    history: result.history,
    final,
    ...(boundary ? { boundary } : {}),
    ...(diagnostics ? { diagnostics } : {}),
    seconds: Math.round((performance.now() - started) * 1000) / 1e6, // to the microsecond
  };
}

/**
 * A rung's unit: how it saves its end state, and the previous rung's state it continues
 * from (read once; `continued` is its epochs). Without settings streams or with a schedule
 * (whose rates depend on the epoch count) it trains from the start, as before.
 */
function rungLink(options: UnitOptions, config: CellConfig): {
  save?: (cellId: string, seed: number) => (capture: () => FitState) => void;
  from?: (seed: number) => FitState | undefined;
  continued?: number;
} {
  const { rung } = options;
  if (rung === undefined || (options.streams ?? STREAMS) !== "settings" || config.schedule) {
    return {};
  }
  const save = rung.save;
  const link: ReturnType<typeof rungLink> = save
    ? {
      save: (cellId, seed) => (capture) =>
        writeCheckpoint(save, { format: "mlp-checkpoint", cellId, seed, state: capture() }),
    }
    : {};
  if (rung.from) {
    const { cellId, path } = rung.from;
    link.from = (seed) => {
      const checked = checkCheckpoint(path, cellId, seed);
      const state = checked !== undefined && "state" in checked ? checked.state : undefined;
      if (state) link.continued = state.epoch;
      return state;
    };
  }
  return link;
}

function modelOf(net: Network, stats: Standardizer | undefined): UnitModel {
  const network = saveNetwork(net);
  if (stats === undefined) return { network };
  return { network, standardize: { mean: Array.from(stats.mean), std: Array.from(stats.std) } };
}

/**
 * `fit`'s options for a unit's checkpoints: resume from the saved state if there is one,
 * and save at the end of an epoch once `everySeconds` have passed (or when asked to stop).
 */
function checkpointing(
  cellId: string,
  seed: number,
  saving: UnitOptions["checkpoint"],
  previous?: FitState,
): Pick<FitOptions, "resumeFrom" | "onEpochEnd"> {
  if (!saving) return previous ? { resumeFrom: previous } : {};
  const resumeFrom = readCheckpoint(saving.path, cellId, seed) ?? previous;
  let saved = performance.now();
  return {
    ...(resumeFrom ? { resumeFrom } : {}),
    onEpochEnd: (_epoch: number, capture: () => FitState) => {
      const stop = saving.stop?.() === true;
      if (!stop && (performance.now() - saved) / 1000 < saving.everySeconds) return false;
      writeCheckpoint(saving.path, { format: "mlp-checkpoint", cellId, seed, state: capture() });
      saved = performance.now();
      return stop;
    },
  };
}

/**
 * What a report draws beyond the metrics: the decision boundary (2-D data, first seed) and
 * the classification diagnostics of the test part (else validation).
 */
function pictures(
  net: Network,
  loss: ReturnType<typeof createLoss>,
  at: { data: Prepared; config: CellConfig; first: boolean },
): { boundary?: Boundary; diagnostics?: Diagnostics } {
  const { data, config, first } = at;
  const boundary = first ? decisionBoundary(net, loss, data.train) : undefined;
  const evaluated = data.test ?? data.validation;
  const diagnostics = evaluated === undefined ? undefined : classificationDiagnostics(
    net,
    loss,
    evaluated,
    {
      part: data.test ? "test" : "validation",
      // MNIST-format data holds 28×28 images; only the first seed keeps examples.
      ...(first && config.data.kind === "mnist" ? { image: { width: 28, height: 28 } } : {}),
    },
  );
  return { ...(boundary ? { boundary } : {}), ...(diagnostics ? { diagnostics } : {}) };
}

/**
 * A split that failed because a CSV's numeric target was read as one class per value says
 * how to ask for regression.
 */
function withTaskHint(e: unknown, config: CellConfig, data: LabeledDataset): unknown {
  const classes = data.classNames?.length ?? 0, n = data.x.rows;
  if (
    !(e instanceof Error) || (config.data as { kind?: string }).kind !== "csv" ||
    data.task === "regression" || classes * 4 < n
  ) {
    return e;
  }
  return new RangeError(
    `${e.message} (the CSV target was read as ${classes} classes of ${n} examples; for numbers to predict, add task: "regression" to the data spec)`,
  );
}
