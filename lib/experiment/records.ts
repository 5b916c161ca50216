/**
 * The runner's shared records: what a plan, a cell, a unit's result and a run folder's
 * manifest are. Types only (and the list of metric names), named from their own homes below (data, nn, train), so every
 * room of the runner — plan/, run/, store/, analysis/ — and the report point down at this
 * file and it points at none of theirs.
 *
 * @module
 */

import type { DatasetSpec } from "../data/kinds/mod.ts";
import type { LossKind } from "../nn/losses/mod.ts";
import type { OptimizerSpec } from "../nn/optimizers/mod.ts";
import type { NetworkSpec } from "../nn/spec.ts";
import type { SavedNetwork } from "../nn/serialize.ts";
import type { FitStatus } from "../train/fit.ts";
import type { Metrics } from "../train/evaluate.ts";
import type { ScheduleSpec } from "../train/schedules/mod.ts";

/** Metrics an experiment can track. */
export type MetricName = "loss" | "accuracy" | "mse" | "mae" | "r2";

/** Every metric name. */
export const METRIC_NAMES: readonly MetricName[] = ["loss", "accuracy", "mse", "mae", "r2"];

export {
  type AxisSpec,
  decidedDuringRun,
  type Distribution,
  type Json,
  type Params,
  type SearchSpec,
} from "./search_spec.ts";
import type { AxisSpec, Json, Params, SearchSpec } from "./search_spec.ts";

/** Changes to a definition made at run time (command-line flags). */
export interface Overrides {
  /** Replace the values of existing grid axes. */
  readonly set?: { readonly [axis: string]: readonly Json[] };
  /** Replace the epoch count of every cell. */
  readonly epochs?: number;
  /** Replace the minibatch size of every cell. */
  readonly batchSize?: number;
  /** Replace the seeds: a count n (1 … n) or a list. */
  readonly seeds?: number | readonly number[];
  /** Run the study's quick mode (its definition's `quick` fields replace the others). */
  readonly quick?: boolean;
  /** Replace a random or Sobol search's trial count. */
  readonly trials?: number;
  /** Replace a search's seed (its draws; repeat a search to see how much its result varies). */
  readonly searchSeed?: number;
}

/** Everything a cell needs to run, as JSON. */
export interface CellConfig {
  /** The data set. */
  readonly data: DatasetSpec;
  /** Validation and test fractions, and whether they keep class proportions. */
  readonly split: {
    readonly validation: number;
    readonly test: number;
    readonly stratify: boolean;
  };
  /** Whether inputs are standardised (statistics from the training part only). */
  readonly standardize: boolean;
  /** The network. */
  readonly model: NetworkSpec;
  /** The loss. */
  readonly loss: LossKind;
  /** The optimiser. */
  readonly optimizer: OptimizerSpec;
  /** Epochs to train. */
  readonly epochs: number;
  /** Examples per minibatch. */
  readonly batchSize: number;
  /** Early-stopping patience in epochs, or null for none. */
  readonly patience: number | null;
  /** With patience: evaluate the best epoch's weights (present only when patience is set). */
  readonly restoreBest?: boolean;
  /**
   * `"onehot"`: a regression loss (mse, mae, huber) trains a classifier on one-hot targets
   * (present only then, so other cells keep their ids).
   */
  readonly targets?: "onehot";
  /** L2 strength on the weights. */
  readonly l2: number;
  /** The learning-rate schedule (present only when one is set, so other cells keep their ids). */
  readonly schedule?: ScheduleSpec;
}

/** One cell of the grid. */
export interface Cell {
  /** Stable id: hash of the parameters and configuration. */
  readonly id: string;
  /** Position in the expansion order (grid product, then cases). */
  readonly index: number;
  /** Readable label, e.g. `lr=0.1 model=two-layer`. */
  readonly label: string;
  /** The cell's parameters. */
  readonly params: Params;
  /** The resolved configuration. */
  readonly config: CellConfig;
}

/** An experiment expanded into cells. */
export interface Plan {
  /** The experiment's name. */
  readonly experiment: string;
  /** The experiment's description. */
  readonly description: string;
  /**
   * Hash of the experiment name, seeds, every cell's id and the data files' digests: equal
   * plans on equal data, equal hash.
   */
  readonly definitionHash: string;
  /** The data files read and their digests (or package versions), by source. */
  readonly data: { readonly [source: string]: string };
  /** Things worth saying before the run (e.g. a `--set` value the file never declared). */
  readonly notes?: readonly string[];
  /** The search that drew the cells, when it is not a grid. */
  readonly search?: SearchSpec;
  /** A TPE search's axes as declared (distributions and lists): its later batches are drawn from them. */
  readonly space?: { readonly [axis: string]: AxisSpec };
  /** The axes after overrides. */
  readonly axes: { readonly [axis: string]: readonly Json[] };
  /** The seeds every cell runs with. */
  readonly seeds: readonly number[];
  /** The metrics reported. */
  readonly metrics: readonly MetricName[];
  /** The primary metric (one of `metrics`): best cells, rankings and verdicts use it. */
  readonly primary: MetricName;
  /** Every cell, in expansion order (or, with `share`, one shard's cells). */
  readonly cells: readonly Cell[];
  /**
   * Set when `cells` holds only one shard's cells, dealt out of a plan of `of` cells whose
   * whole is in the plan file (the planner of a shard keeps no more than its share).
   */
  readonly share?: {
    readonly index: number;
    readonly count: number;
    readonly of: number;
    readonly file: string;
  };
}

/** A decision boundary on a size × size grid over [x0, x1] × [y0, y1]. */
export interface Boundary {
  /** Left edge of the grid. */
  readonly x0: number;
  /** Right edge of the grid. */
  readonly x1: number;
  /** Bottom edge of the grid. */
  readonly y0: number;
  /** Top edge of the grid. */
  readonly y1: number;
  /** Grid points per side. */
  readonly size: number;
  /** Predicted class at each grid point, row by row from y0 up, x0 to x1 within a row. */
  readonly classes: readonly number[];
  /** Up to 300 training points as [x, y, class]. */
  readonly points: readonly (readonly [number, number, number])[];
}

/** A misclassified example. */
export interface Misclassified {
  /** Row of the example in its part. */
  readonly index: number;
  /** The true class. */
  readonly label: number;
  /** The class the network predicted. */
  readonly predicted: number;
  /** Image pixels, row by row, scaled to 0 … 255 over the image's own range, base64. */
  readonly pixels: string;
}

/** A unit's classification diagnostics. */
export interface Diagnostics {
  /** The part they were computed on. */
  readonly part: "test" | "validation";
  /** Rows: true class; columns: predicted class. */
  readonly confusion: readonly (readonly number[])[];
  /** Image data only: the first misclassified examples. */
  readonly misclassified?: readonly Misclassified[];
  /** Image data only: width and height. */
  readonly image?: { readonly width: number; readonly height: number };
}

/** One epoch of one unit. */
export interface EpochRow {
  /** 1-based epoch number. */
  readonly epoch: number;
  /** Training metrics over the epoch. */
  readonly train: Metrics;
  /** Validation metrics after the epoch, when there is a validation part. */
  readonly validation?: Metrics;
  /** The largest absolute weight of each dense layer after the epoch. */
  readonly maxAbsWeight: readonly number[];
  /** Wall-clock seconds of the epoch (timing only). */
  readonly seconds: number;
}

/** What one (cell, seed) unit produced. */
export interface UnitResult {
  /** The cell's id. */
  readonly cellId: string;
  /** The seed every stream of the unit derives from. */
  readonly seed: number;
  /** How training ended. */
  readonly status: FitStatus;
  /** Epochs run (for a diverged unit, the epoch it diverged at). */
  readonly epochsRun: number;
  /** Epoch with the lowest monitored loss. */
  readonly bestEpoch: number;
  /** The epoch whose weights the final metrics come from (`bestEpoch` when restored). */
  readonly finalEpoch: number;
  /** One row per epoch run. */
  readonly history: readonly EpochRow[];
  /** Metrics after training on each part; empty for a diverged unit. */
  readonly final: {
    readonly train?: Metrics;
    readonly validation?: Metrics;
    readonly test?: Metrics;
  };
  /** The decision boundary, for 2-D classification when asked for. */
  readonly boundary?: Boundary;
  /** Confusion matrix (and misclassified images, when asked for), for classification. */
  readonly diagnostics?: Diagnostics;
  /** Wall-clock seconds (timing only). */
  readonly seconds: number;
  /**
   * A search trial's later rung that continued from its previous rung's end state: the
   * epochs trained there (this unit trained only the rest; its history holds them all).
   */
  readonly continued?: number;
  /**
   * The final weights, when the run keeps models: they travel to the run's model log
   * (`models.jsonl`), never into the journal.
   */
  readonly model?: UnitModel;
}

/** A unit's trained network, and how its inputs were standardised (when they were). */
export interface UnitModel {
  /** The network in its saved form. */
  readonly network: SavedNetwork;
  /** The training part's per-feature mean and standard deviation the inputs were scaled by. */
  readonly standardize?: { readonly mean: readonly number[]; readonly std: readonly number[] };
}

/** A model a run keeps, as its manifest lists it. */
export interface ModelEntry {
  /** The cell's id. */
  readonly cell: string;
  /** The cell's label. */
  readonly label: string;
  /** The data set its cell was chosen within (as text). */
  readonly group: string;
  /** The cell's rank within its data set: 1 is the chosen cell. */
  readonly rank: number;
  /** The unit's seed. */
  readonly seed: number;
  /** The file, relative to the run folder: `models/<cell id>-s<seed>.json`. */
  readonly file: string;
  /** `sha256:<hex>` of the file's bytes. */
  readonly digest: string;
}

/**
 * What a run keeps in memory of a finished unit: everything but its epochs, pictures and
 * weights, which stay in the journal (store/unit_store.ts) and the model log.
 */
export type UnitSummary = Omit<UnitResult, "history" | "boundary" | "diagnostics" | "model">;

/** A run summed up: its manifest and its finished units' summaries. */
export interface RunSummary {
  /** The run's manifest. */
  readonly manifest: Manifest;
  /** Its finished units' summaries by `<cell id>/<seed>`. */
  readonly units: ReadonlyMap<string, UnitSummary>;
}

/** The state of one (cell, seed) unit. */
export type UnitState = "pending" | "completed" | "early_stopped" | "diverged";

/** The state of a run. */
export type RunStatus = "running" | "completed" | "interrupted" | "failed";

/** Where and how a run was made. */
export interface Environment {
  /** Deno's version. */
  readonly deno: string;
  /** V8's version. */
  readonly v8: string;
  /** TypeScript's version. */
  readonly typescript: string;
  /** Operating system. */
  readonly os: string;
  /** CPU architecture. */
  readonly arch: string;
  /** Logical cores. */
  readonly cores: number;
  /** The kernel backend units trained with. */
  readonly kernels: string;
  /** The git commit checked out, or null outside a repository. */
  readonly gitCommit: string | null;
  /** Whether tracked files differed from the commit (absent when it could not be told). */
  readonly gitDirty?: boolean;
  /**
   * Files the run read — its experiment file, its data files — that git does not track
   * (paths from the repository's root): "clean" does not vouch for them.
   */
  readonly gitUntracked?: readonly string[];
}

/** `manifest.json`. */
export interface Manifest {
  /** Always `"mlp-run"`: what this file is. */
  readonly format: "mlp-run";
  /** The manifest's format version. */
  readonly version: 1;
  /** The experiment's name. */
  readonly experiment: string;
  /** The experiment's description. */
  readonly description: string;
  /** The run folder's name: start time and a suffix. */
  readonly runId: string;
  /** Hash of the experiment, its seeds, cells and data digests: runs with equal hashes can be resumed, merged and compared unit for unit. */
  readonly definitionHash: string;
  /** `running`, `completed`, `interrupted` or `failed`. */
  readonly status: RunStatus;
  /** The experiment file, when the run came from one. */
  readonly source: string | null;
  /** Overrides that change results (kept for resume and merge). */
  readonly overrides: Overrides;
  /** The flags as given, for the record. */
  readonly flags: { readonly [flag: string]: Json };
  /** The shard this run ran (`--shard i/n`), or null for all cells. */
  readonly shard: { readonly index: number; readonly count: number } | null;
  /**
   * A shard's plan: its `cells` lists only the shard's own cells; the whole plan is written
   * once per results folder (`file`, relative to the run folder, named by the definition
   * hash) and has `cells` cells in all. Absent for an unsharded run and for runs made before.
   */
  readonly plan?: { readonly file: string; readonly cells: number };
  /** Runs merged into this one. */
  readonly mergedFrom?: readonly string[];
  /** When the run was resumed, each time. */
  readonly resumed?: readonly string[];
  /** The grid's axes and their values, after overrides. */
  readonly axes: Plan["axes"];
  /** The seeds every cell runs with. */
  readonly seeds: readonly number[];
  /** The metrics reported. */
  readonly metrics: Plan["metrics"];
  /** The primary metric; absent in runs made before it was declared (then the first metric). */
  readonly primary?: Plan["primary"];
  /**
   * What the data files read held: `{ <file or package>: <sha256 or version> }` (part of
   * the definition hash, so a changed file never passes for the same set-up).
   */
  readonly data?: { readonly [source: string]: string };
  /** The kernel backend and float type every unit was computed with (resume and merge match them). */
  readonly numerics?: { readonly backend: string; readonly dtype: string };
  /**
   * The trained models kept: the `top` best cells of each data set (every seed), listed in
   * `files` once the run — or the merge of its shards — completes. Absent in runs made
   * before models were kept.
   */
  readonly models?: { readonly top: number; readonly files: readonly ModelEntry[] };
  /**
   * How each unit's initial weights and batch order derive from its seed: `settings` — from
   * the model, and from the data, split and batch size, so runs that differ in epochs, rate,
   * optimiser or schedule share them per seed (common random numbers). Absent in runs made
   * before, which derived them from the cell's id (resume and merge keep that).
   */
  readonly streams?: "settings";
  /** Why a `failed` run failed. */
  readonly error?: string;
  /** The search that drew the cells (absent for a grid). */
  readonly search?: SearchSpec;
  /** How summary.csv's intervals are computed ({@link INTERVAL_METHOD}). */
  readonly intervals?: string;
  /** Versions, platform, backend and git commit of the process that wrote the run. */
  readonly environment: Environment;
  /** When the run started (ISO 8601). */
  readonly started: string;
  /** When the manifest was last written. */
  readonly updated: string;
  /** When the run ended, or null while it runs. */
  readonly ended: string | null;
  /** Every cell of the plan: its parameters, resolved configuration and the state of each seed's unit. */
  readonly cells: readonly {
    readonly id: string;
    readonly index: number;
    readonly label: string;
    readonly params: Cell["params"];
    readonly config: Cell["config"];
    /** Whether this run (or shard) runs the cell. */
    readonly included: boolean;
    readonly units: { readonly [seed: string]: UnitState };
  }[];
}

/** A run folder and what it holds. */
export interface RunData {
  /** The run folder. */
  readonly dir: string;
  /** Its manifest. */
  readonly manifest: Manifest;
  /** Finished units by `<cell id>/<seed>`. */
  readonly units: ReadonlyMap<string, UnitResult>;
}
