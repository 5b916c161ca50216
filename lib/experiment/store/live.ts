/**
 * `live.jsonl`: what a running run's units in progress have done so far, for watchers
 * (`deno task serve`). The journal records a unit only when it ends; a unit of many epochs
 * (minutes for MNIST) would show nothing until then. So, while a run goes, its recorder
 * appends here the epochs of each unit in progress — at most once a second per unit,
 * batched, so a sweep of tiny units writes next to nothing — and removes the file when the
 * run ends. It is never read to make results: the journal stays the run's record.
 *
 * The first line is `{"live":1,"workers":n}`; then one line per batch:
 * `{"cell":"<id>","seed":s,"epochs":[<epoch record>…]}` (numbers as in the journal).
 *
 * @module
 */

import type { EpochRecord } from "../../train/fit.ts";
import { decode, encode } from "./journal.ts";
import { unitKey } from "./manifest.ts";

/** The file's name in a run folder. */
export const LIVE = "live.jsonl";

/** A unit in progress's latest epochs, as one line holds them. */
export interface LiveEpochs {
  readonly cell: string;
  readonly seed: number;
  readonly epochs: readonly EpochRecord[];
}

/** How often (ms) a unit in progress writes its new epochs at most. */
export const LIVE_PERIOD_MS = 1000;

/**
 * Appends the epochs of a run's units in progress to its `live.jsonl`. Writing is best
 * effort: a failure (a full disk) turns the log off, never the run.
 */
export class LiveLog {
  readonly #path: string;
  #file: Deno.FsFile | undefined;
  readonly #units = new Map<string, { last: number; pending: EpochRecord[] }>();
  readonly #encoder = new TextEncoder();

  private constructor(path: string, file: Deno.FsFile | undefined) {
    this.#path = path;
    this.#file = file;
  }

  /**
   * Starts a run folder's log afresh (a log left by an earlier process is replaced).
   *
   * @param dir The run folder.
   * @param workers The units the run trains at once.
   * @returns The log.
   */
  static open(dir: string, workers: number): LiveLog {
    const path = `${dir}/${LIVE}`;
    let file: Deno.FsFile | undefined;
    try {
      file = Deno.openSync(path, { write: true, create: true, truncate: true });
    } catch { /* no live view; the run goes on */ }
    const log = new LiveLog(path, file);
    log.#write(JSON.stringify({ live: 1, workers }));
    return log;
  }

  #write(line: string): void {
    if (this.#file === undefined) return;
    try {
      // One write of a whole line: a reader sees it whole or not at all (it reads to "\n").
      const bytes = this.#encoder.encode(line + "\n");
      for (let n = 0; n < bytes.length;) n += this.#file.writeSync(bytes.subarray(n));
    } catch {
      this.#file.close();
      this.#file = undefined;
    }
  }

  /** A unit began (its first epochs are written once a period has passed since). */
  started(cell: string, seed: number): void {
    this.#units.set(unitKey(cell, seed), { last: performance.now(), pending: [] });
  }

  /** A unit finished an epoch. */
  epoch(cell: string, seed: number, record: EpochRecord): void {
    const key = unitKey(cell, seed);
    let unit = this.#units.get(key);
    if (unit === undefined) this.#units.set(key, unit = { last: performance.now(), pending: [] });
    unit.pending.push(record);
    const now = performance.now();
    if (now - unit.last < LIVE_PERIOD_MS) return;
    unit.last = now;
    const line: LiveEpochs = { cell, seed, epochs: unit.pending };
    unit.pending = [];
    this.#write(JSON.stringify(line, encode));
  }

  /** A unit ended (the journal has it). */
  ended(cell: string, seed: number): void {
    this.#units.delete(unitKey(cell, seed));
  }

  /** Closes the log and removes it: the run is no longer going. */
  close(): void {
    this.#file?.close();
    this.#file = undefined;
    try {
      Deno.removeSync(this.#path);
    } catch { /* already gone */ }
  }
}

/**
 * A line of `live.jsonl`: the header (`workers`) or a unit's epochs; `undefined` for a line
 * that is neither (a watcher skips it).
 *
 * @param line The line's text.
 * @returns What it says.
 */
export function parseLiveLine(
  line: string,
): { readonly workers: number } | LiveEpochs | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line, decode);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (v.live === 1 && typeof v.workers === "number") return { workers: v.workers };
  if (typeof v.cell === "string" && typeof v.seed === "number" && Array.isArray(v.epochs)) {
    return v as unknown as LiveEpochs;
  }
  return undefined;
}
