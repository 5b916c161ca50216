/**
 * A finished run's journal, compacted: when a run completes, `units.jsonl` is gzipped to
 * `units.jsonl.gz` (the same lines; `zcat` reads it), about a seventh of its size. Appending
 * and reading in plan order need the plain file, so a run that is written again (resumed,
 * merged into) starts a plain journal from it, and compacts it again when it completes.
 *
 * @module
 */

import { explainWriteError, TEMP_PREFIX } from "./atomic.ts";
import { conflictingRecords, JOURNAL, parseJournalLine, sameResult } from "./journal.ts";
import { unitKey } from "./manifest.ts";
import { journalLines, type ScanOptions, summaryOf, type UnitSource } from "./unit_store.ts";
import type { UnitResult, UnitSummary } from "../records.ts";

/** The compacted journal's file name in a run folder. */
export const JOURNAL_GZ = `${JOURNAL}.gz`;

/**
 * Gzips a run's journal to `units.jsonl.gz` (written beside it, then renamed into place)
 * and removes the plain one. A crash in between leaves both, and readers take the plain one.
 *
 * @param dir The run folder.
 */
export async function compactJournal(dir: string): Promise<void> {
  const plain = `${dir}/${JOURNAL}`, gz = `${dir}/${JOURNAL_GZ}`;
  const temp = `${dir}/${TEMP_PREFIX}${JOURNAL_GZ}-${Deno.pid}`;
  try {
    const source = await Deno.open(plain, { read: true });
    const target = await Deno.open(temp, { write: true, create: true, truncate: true });
    await source.readable.pipeThrough(new CompressionStream("gzip")).pipeTo(target.writable);
    await Deno.rename(temp, gz);
    await Deno.remove(plain);
  } catch (e) {
    await Deno.remove(temp).catch(() => {});
    throw explainWriteError(e, gz);
  }
}

/**
 * The units of a compacted journal: their summaries in memory, whole units streamed back
 * through gunzip in the order they were stored.
 */
export class CompactJournal implements UnitSource {
  /** The `.gz` file. */
  readonly path: string;
  readonly #summaries: Map<string, UnitSummary>;
  /** Lines (by number) that repeat a unit already read: skipped, as the first line wins. */
  readonly #repeats = new Set<number>();
  readonly #firstSeed: number | undefined;

  private constructor(
    path: string,
    firstSeed: number | undefined,
    summaries = new Map<string, UnitSummary>(),
  ) {
    this.path = path;
    this.#firstSeed = firstSeed;
    this.#summaries = summaries;
  }

  /** Every finished unit's summary. */
  get summaries(): ReadonlyMap<string, UnitSummary> {
    return this.#summaries;
  }

  /**
   * A compacted journal whose units' summaries are known (its writer has them): nothing
   * is read until its units are streamed.
   *
   * @param path The `.gz` file.
   * @param summaries Its units' summaries (one line per unit, no unit twice).
   * @param firstSeed The run's first seed (other seeds' boundaries are dropped on read).
   * @returns The journal's units.
   */
  static over(
    path: string,
    summaries: ReadonlyMap<string, UnitSummary>,
    firstSeed: number | undefined,
  ): CompactJournal {
    // Read only: the map is shared, not copied (10⁵ entries).
    return new CompactJournal(path, firstSeed, summaries as Map<string, UnitSummary>);
  }

  /**
   * Reads a compacted journal through, checking every line (errors name the file and line).
   *
   * @param path The `.gz` file.
   * @param options The run's first seed (other seeds' boundaries are dropped on read); a
   * further check of each unit.
   * @returns The journal's units.
   */
  static async scan(path: string, options: ScanOptions = {}): Promise<CompactJournal> {
    const journal = new CompactJournal(path, options.firstSeed);
    let line = 0;
    for await (const piece of await gunzipLines(path)) {
      line++;
      if (piece.torn) throw new SyntaxError(`${path}:${line}: the last line has no end`);
      const unit = parseJournalLine(piece.text, `${path}:${line}`, options.check);
      const key = unitKey(unit.cellId, unit.seed), before = journal.#summaries.get(key);
      if (before === undefined) journal.#summaries.set(key, summaryOf(unit));
      else if (sameResult(before, unit)) journal.#repeats.add(line);
      else throw conflictingRecords(`${path}:${line}`, unit, await firstLineOf(path, key));
    }
    return journal;
  }

  /**
   * Every unit's line with its key, in the order stored — the line as it is, not read
   * again (it was checked when the journal was scanned or written): what a merge copies.
   *
   * @yields Each line (newline included) with its unit's key.
   */
  async *keyedLines(): AsyncIterable<{ key: string; line: string }> {
    let line = 0;
    for await (const piece of await gunzipLines(this.path)) {
      if (this.#repeats.has(++line)) continue;
      const m = KEY.exec(piece.text);
      const key = m ? unitKey(m[1]!, Number(m[2])) : (({ cellId, seed }) => unitKey(cellId, seed))(
        parseJournalLine(piece.text, `${this.path}:${line}`),
      );
      yield { key, line: `${piece.text}\n` };
    }
  }

  /**
   * Every unit's line, in the order stored.
   *
   * @yields Each line with its unit.
   */
  async *stored(): AsyncIterable<{ line: string; unit: UnitResult }> {
    let line = 0;
    for await (const piece of await gunzipLines(this.path)) {
      if (this.#repeats.has(++line)) continue;
      const unit = parseJournalLine(piece.text, `${this.path}:${line}`);
      const keep = unit.boundary === undefined || this.#firstSeed === undefined ||
        unit.seed === this.#firstSeed;
      if (keep) yield { line: `${piece.text}\n`, unit };
      else {
        const { boundary: _, ...rest } = unit;
        yield { line: `${piece.text}\n`, unit: rest };
      }
    }
  }
}

/** A journal line's unit key as `journalLine` writes it first, without parsing the line. */
const KEY = /^\{"cellId":"([^"\\]*)","seed":(\d+),/;

async function gunzipLines(path: string) {
  const file = await Deno.open(path, { read: true });
  return journalLines(file.readable.pipeThrough(new DecompressionStream("gzip")));
}

/** The first line of a compacted journal that records a unit. */
async function firstLineOf(path: string, key: string): Promise<number> {
  let line = 0;
  for await (const piece of await gunzipLines(path)) {
    line++;
    const unit = parseJournalLine(piece.text, `${path}:${line}`);
    if (unitKey(unit.cellId, unit.seed) === key) return line;
  }
  return 0;
}
