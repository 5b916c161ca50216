/**
 * What the runner and its workers say to each other: one union type each way, shared by
 * both sides, and errors carried with their name and problems so a validation error raised
 * in a worker arrives as a `ValidationError` (see `../thread_error.ts`).
 *
 * @module
 */

import type { StreamDerivation } from "./unit.ts";
import type { BackendName } from "../../numerics/backends.ts";
import type { CellConfig, UnitResult } from "../records.ts";
import type { EpochRecord } from "../../train/fit.ts";
import type { ErrorMessage } from "../thread_error.ts";

/** One unit of work, as JSON: the cell's id and configuration, the seed and the set-up. */
export interface UnitJob {
  readonly cell: { readonly id: string; readonly config: CellConfig };
  readonly seed: number;
  readonly backend: BackendName;
  /** Also compute the first seed's pictures (decision boundary, misclassified images). */
  readonly boundary: boolean;
  readonly baseDir?: string;
  readonly dataDir?: string;
  /** Where the unit saves its progress at epoch boundaries, and how often. */
  readonly checkpoint?: { readonly path: string; readonly everySeconds: number };
  /** How its initial weights and batch order derive from the seed (the run's). */
  readonly streams: StreamDerivation;
}

/** Runner → worker. */
export type ToWorker =
  /** Once, first: a flag the runner sets to 1 to ask the unit in progress to stop. */
  | { readonly type: "init"; readonly stop: SharedArrayBuffer }
  | { readonly type: "run"; readonly job: UnitJob };

/** Worker → runner. */
export type FromWorker =
  | {
    readonly type: "epoch";
    readonly epoch: number;
    readonly of: number;
    readonly record: EpochRecord;
  }
  | { readonly type: "done"; readonly result: UnitResult }
  /** The unit stopped at an epoch boundary when asked (its checkpoint saved). */
  | { readonly type: "stopped"; readonly epoch: number }
  | { readonly type: "error"; readonly error: ErrorMessage };
