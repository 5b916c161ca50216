/**
 * What a run is asked for and what it says as it goes: the runner's options, its events,
 * and its result.
 *
 * @module
 */

import type { BackendName } from "../../numerics/backends.ts";
import type { EpochRecord } from "../../train/fit.ts";
import type {
  Cell,
  Json,
  Manifest,
  Overrides,
  Plan,
  RunStatus,
  UnitResult,
  UnitSummary,
} from "../records.ts";

/** The best cells per data set whose models a run keeps, unless told otherwise. */
export const KEEP_MODELS = 1;

/** What the runner reports as it goes. */
export type RunEvent =
  | {
    readonly type: "start";
    readonly dir: string;
    readonly plan: Plan;
    readonly total: number;
    readonly done: number;
    readonly workers: number;
    /** For a quit-at-once: marks the folder interrupted, synchronously, and releases it. */
    readonly abandon: () => void;
  }
  | { readonly type: "note"; readonly message: string }
  | { readonly type: "unit-start"; readonly cell: Cell; readonly seed: number }
  | {
    readonly type: "epoch";
    readonly cell: Cell;
    readonly seed: number;
    readonly epoch: number;
    readonly of: number;
    /** The epoch's losses and metrics. */
    readonly record: EpochRecord;
  }
  | {
    readonly type: "unit-done";
    readonly cell: Cell;
    readonly seed: number;
    readonly result: UnitResult;
    readonly done: number;
    readonly total: number;
  }
  | { readonly type: "end"; readonly status: RunStatus; readonly dir: string };

/** Options of {@link runToFolder}. */
export interface RunOptions {
  /** Axis values, epochs or seeds replacing the definition's. */
  readonly overrides?: Overrides;
  /**
   * Parallel workers; 0 runs every unit in this thread (no workers). More than
   * {@link maxWorkers} are capped, with a note.
   * @default {the number of cores}
   */
  readonly workers?: number;
  /** Run only shard `index` of `count` (1-based), chosen by cell id. */
  readonly shard?: { readonly index: number; readonly count: number };
  /** The results folder. @default {"results"} */
  readonly out?: string;
  /** A run folder to finish: its overrides, shard and backend are reused, finished units kept. */
  readonly resume?: string;
  /** The experiment file, recorded in the manifest. */
  readonly source?: string;
  /** Folder relative data paths are resolved against. */
  readonly baseDir?: string;
  /** MNIST folder override. */
  readonly dataDir?: string;
  /** The kernel backend every unit trains with. @default {"wasm" where WebAssembly SIMD exists, else "typescript"} */
  readonly backend?: BackendName;
  /** Aborting stops the run: finished units stay, the manifest says `interrupted`. */
  readonly signal?: AbortSignal;
  /** Progress events. */
  readonly onEvent?: (event: RunEvent) => void;
  /** The flags as the user gave them, recorded in the manifest. */
  readonly flags?: { readonly [flag: string]: Json };
  /**
   * A unit in progress saves a checkpoint at the end of an epoch once this many seconds have
   * passed since it started or last saved (0: every epoch), so a killed or stopped unit goes
   * on from there. @default {5}
   */
  readonly checkpointEvery?: number;
  /**
   * The trained models to keep: every seed's final weights of the best `keepModels` cells
   * of each data set (ranked as the report chooses), written to `models/` and listed in
   * the manifest when the run completes (a shard keeps them until its merge); 0 keeps none.
   * @default {1}
   */
  readonly keepModels?: number;
  /**
   * Tags to find the run by, added to those it has (`labels.json`; `deno task tag` changes
   * them later).
   */
  readonly tags?: readonly string[];
  /** A note on what the run is for (replaces the one it has). */
  readonly note?: string;
}

/** A finished (or interrupted) run. */
export interface RunResult {
  /** The run folder. */
  readonly dir: string;
  /** How the run ended. */
  readonly status: RunStatus;
  /** The plan it ran. */
  readonly plan: Plan;
  /** The manifest as last written. */
  readonly manifest: Manifest;
  /**
   * Finished units by `<cell id>/<seed>`, summed up: status and final metrics (each unit's
   * epochs, boundary and diagnostics are in the run folder; `readRun(dir)` reads them).
   */
  readonly units: ReadonlyMap<string, UnitSummary>;
}
