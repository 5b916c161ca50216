/**
 * What the runner and its workers say to each other: one union type each way, shared by
 * both sides, and errors carried with their name and problems so a validation error raised
 * in a worker arrives as a `ValidationError` (see `../thread_error.ts`).
 *
 * @module
 */

import type { RungLink, StreamDerivation } from "./unit.ts";
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
  /** Return the final weights (the run keeps the best cells' models). */
  readonly keepModel: boolean;
  /** Where the unit saves its progress at epoch boundaries, and how often. */
  readonly checkpoint?: { readonly path: string; readonly everySeconds: number };
  /** A search's trial between rungs: where its end state goes, where it continues from. */
  readonly rung?: RungLink;
  /** How its initial weights and batch order derive from the seed (the run's). */
  readonly streams: StreamDerivation;
}

/**
 * How long a worker gathers finished epochs before it posts them: a small unit runs
 * thousands of epochs a second, and one message each cost a worker a fifth of its time.
 */
export const EPOCH_BATCH_MS = 100;

/**
 * Gathers a unit's epoch records and hands them on in batches, at most one batch per
 * `intervalMs` (timing decides only when records travel, never what they hold).
 *
 * @example
 * ```ts
 * import { EpochBatcher } from "./messages.ts";
 * import assert from "node:assert/strict";
 *
 * let now = 0;
 * const sent: number[][] = [];
 * const batcher = new EpochBatcher((rs) => sent.push(rs.map((r) => r.epoch)), 100, () => now);
 * for (let epoch = 1; epoch <= 5; epoch++, now += 40) batcher.add({ epoch } as never);
 * batcher.flush();
 * assert.deepEqual(sent, [[1, 2, 3, 4], [5]]); // 4 came 120 ms after the start
 * ```
 */
export class EpochBatcher {
  readonly #send: (records: EpochRecord[]) => void;
  readonly #intervalMs: number;
  readonly #now: () => number;
  #records: EpochRecord[] = [];
  #last: number;

  /**
   * @param send Receives each batch (never empty).
   * @param intervalMs The least time between two batches.
   * @param now The clock. @default {performance.now}
   */
  constructor(
    send: (records: EpochRecord[]) => void,
    intervalMs = EPOCH_BATCH_MS,
    now: () => number = () => performance.now(),
  ) {
    this.#send = send;
    this.#intervalMs = intervalMs;
    this.#now = now;
    this.#last = now();
  }

  /** Adds a finished epoch; sends the batch when the interval has passed. */
  add(record: EpochRecord): void {
    this.#records.push(record);
    if (this.#now() - this.#last >= this.#intervalMs) this.flush();
  }

  /** Sends what is gathered, if anything. */
  flush(): void {
    this.#last = this.#now();
    if (this.#records.length === 0) return;
    const records = this.#records;
    this.#records = [];
    this.#send(records);
  }
}

/** Runner → worker. */
export type ToWorker =
  /** Once, first: a flag the runner sets to 1 to ask the unit in progress to stop. */
  | { readonly type: "init"; readonly stop: SharedArrayBuffer }
  | { readonly type: "run"; readonly job: UnitJob };

/** Worker → runner. */
export type FromWorker =
  /**
   * Epochs finished since the last message, in order (a worker sends them at most every
   * {@link EPOCH_BATCH_MS}, and before it says the unit is done, stopped or failed).
   */
  | {
    readonly type: "epochs";
    readonly of: number;
    readonly records: readonly EpochRecord[];
  }
  | { readonly type: "done"; readonly result: UnitResult }
  /** The unit stopped at an epoch boundary when asked (its checkpoint saved). */
  | { readonly type: "stopped"; readonly epoch: number }
  | { readonly type: "error"; readonly error: ErrorMessage };
