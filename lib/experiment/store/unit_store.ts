/**
 * A run's finished units without holding them all: what every unit is summed up by (its
 * status and final metrics — a few hundred bytes) stays in memory, and the rest (its
 * epochs, decision boundary, diagnostics) stays in the journal, read back one unit at a
 * time, in plan order, when a view or a report is written. A run's memory so grows with
 * its cells' summaries, not with every unit's history.
 *
 * @module
 */

import type { Cell, Plan, UnitResult, UnitSummary } from "../records.ts";
import { unitKey } from "./manifest.ts";
import { conflictingRecords, journalLine, parseJournalLine, sameResult } from "./journal.ts";

export type { UnitSummary };

/**
 * A unit's summary.
 *
 * @param unit The unit.
 * @returns It without its history, boundary, diagnostics and weights.
 */
export function summaryOf(unit: UnitResult | UnitSummary): UnitSummary {
  if (
    !("history" in unit) && !("boundary" in unit) && !("diagnostics" in unit) && !("model" in unit)
  ) return unit;
  const { history: _h, boundary: _b, diagnostics: _d, model: _m, ...summary } = unit as UnitResult;
  return summary;
}

/** How a journal is read through: see {@link JournalStore.scan}. */
export interface ScanOptions {
  /** The run's first seed: other seeds' decision boundaries are dropped on read. */
  readonly firstSeed?: number | undefined;
  /** A further check of each unit; a message it returns is an error at that line. */
  readonly check?: (unit: UnitResult) => string | undefined;
}

/** A finished unit in plan order. */
export interface PlacedUnit {
  /** The unit's cell. */
  readonly cell: Cell;
  /** Its seed. */
  readonly seed: number;
  /** The unit, whole. */
  readonly unit: UnitResult;
}

/** A run's finished units: summaries at hand, whole units streamed in the order stored. */
export interface UnitSource {
  /** Every finished unit's summary, by {@link unitKey}. */
  readonly summaries: ReadonlyMap<string, UnitSummary>;
  /**
   * Every finished unit's journal line (newline included) in the order stored, with the
   * unit read from it.
   */
  stored(): AsyncIterable<{ readonly line: string; readonly unit: UnitResult }>;
}

/** A run's finished units that can also be read in plan order (a journal being written). */
export interface UnitStore extends UnitSource {
  /**
   * The finished units of the plan's cells, whole, in plan order (cell, then seed).
   *
   * @param plan The cells and seeds to visit.
   */
  units(plan: Pick<Plan, "cells" | "seeds">): AsyncIterable<PlacedUnit>;
}

/**
 * A store over units already in memory (runs from before the journal, tests).
 *
 * @param units The units, by {@link unitKey}.
 * @returns The store.
 */
export function memoryStore(units: ReadonlyMap<string, UnitResult>): UnitStore {
  const summaries = new Map([...units].map(([k, u]) => [k, summaryOf(u)]));
  return {
    summaries,
    async *stored() {
      for (const unit of units.values()) yield { line: journalLine(unit), unit };
    },
    async *units(plan) {
      for (const cell of plan.cells) {
        for (const seed of plan.seeds) {
          const unit = units.get(unitKey(cell.id, seed));
          if (unit) yield { cell, seed, unit };
        }
      }
    },
  };
}

/** Reads coalesced into one when journal lines sit next to each other, up to this size. */
const READ_BYTES = 1 << 20;

/**
 * A store over a journal file: each unit's summary and where its line is (byte offset and
 * length). Whole units are read back line by line, with neighbouring lines read at once.
 */
export class JournalStore implements UnitStore {
  /** The journal's path. */
  readonly path: string;
  readonly #summaries = new Map<string, UnitSummary>();
  readonly #at = new Map<string, { offset: number; length: number }>();
  /** The first seed's decision boundary only is kept (the one a report draws). */
  readonly #firstSeed: number | undefined;

  /**
   * A store over `path`, empty until units are added or scanned.
   *
   * @param path The journal.
   * @param firstSeed The run's first seed: other seeds' boundaries are dropped on read.
   */
  constructor(path: string, firstSeed?: number | undefined) {
    this.path = path;
    this.#firstSeed = firstSeed;
  }

  /** Every finished unit's summary. */
  get summaries(): ReadonlyMap<string, UnitSummary> {
    return this.#summaries;
  }

  /** The number of units. */
  get size(): number {
    return this.#summaries.size;
  }

  /**
   * Records a unit whose line is at `offset` (a unit already known is kept as it was: the
   * journal's first line for a unit wins, as {@link parseJournal} reads it).
   *
   * @param unit The unit (or its summary).
   * @param offset Where its line starts, in bytes.
   * @param length Its line's length in bytes, newline included.
   */
  add(unit: UnitSummary, offset: number, length: number): void {
    const key = unitKey(unit.cellId, unit.seed);
    if (this.#at.has(key)) return;
    this.#summaries.set(key, summaryOf(unit)); // a summary already is kept, not copied
    this.#at.set(key, { offset, length });
  }

  /**
   * Where a unit's line is.
   *
   * @param key The unit's key.
   * @returns Its offset and length, if the unit is in the journal.
   */
  at(key: string): { readonly offset: number; readonly length: number } | undefined {
    return this.#at.get(key);
  }

  /**
   * Reads a journal through, checking every whole line (errors name the file and line);
   * a torn last line is left out of the store and of `validLength`.
   *
   * @param path The journal.
   * @param options The run's first seed; a further check of each unit.
   * @returns The store, where the valid part ends, and whether a torn line was dropped.
   */
  static async scan(
    path: string,
    options: ScanOptions = {},
  ): Promise<{ store: JournalStore; validLength: number; torn: boolean }> {
    const store = new JournalStore(path, options.firstSeed);
    const file = await Deno.open(path, { read: true });
    let line = 0, end = 0, torn = false;
    for await (const piece of journalLines(file.readable)) {
      if (piece.torn) {
        torn = true;
        break;
      }
      const unit = parseJournalLine(piece.text, `${path}:${++line}`, options.check);
      const key = unitKey(unit.cellId, unit.seed), before = store.summaries.get(key);
      if (before !== undefined && !sameResult(before, unit)) {
        const first = await lineAt(path, store.at(key)!.offset);
        file.close();
        throw conflictingRecords(`${path}:${line}`, unit, first);
      }
      store.add(unit, piece.offset, piece.length);
      end = piece.offset + piece.length;
    }
    return { store, validLength: end, torn };
  }

  /**
   * Every unit's line, in the order stored (a unit written twice: its first line).
   *
   * @yields Each line with its unit.
   */
  async *stored(): AsyncIterable<{ line: string; unit: UnitResult }> {
    const file = await Deno.open(this.path, { read: true });
    let n = 0;
    for await (const piece of journalLines(file.readable)) {
      if (piece.torn || n === this.#at.size) break;
      const unit = parseJournalLine(piece.text, `${this.path} at byte ${piece.offset}`);
      if (this.#at.get(unitKey(unit.cellId, unit.seed))?.offset !== piece.offset) continue;
      n++;
      yield { line: `${piece.text}\n`, unit: this.#trim(unit) };
    }
  }

  /**
   * The finished units of the plan's cells, whole, in plan order.
   *
   * @param plan The cells and seeds to visit.
   * @yields Each finished unit with its cell and seed.
   */
  async *units(plan: Pick<Plan, "cells" | "seeds">): AsyncIterable<PlacedUnit> {
    const decoder = new TextDecoder();
    for await (const { cell, seed, offset, bytes } of this.lines(plan)) {
      const text = decoder.decode(bytes.subarray(0, bytes.length - 1));
      const unit = parseJournalLine(text, `${this.path} at byte ${offset}`);
      yield { cell, seed, unit: this.#trim(unit) };
    }
  }

  /**
   * The journal lines (newline included) of the plan's finished units, in plan order, as
   * they are on disk: lines next to each other are read at once.
   *
   * @param plan The cells and seeds to visit.
   * @yields Each line with its cell, seed and offset.
   */
  async *lines(
    plan: Pick<Plan, "cells" | "seeds">,
  ): AsyncIterable<{ cell: Cell; seed: number; offset: number; bytes: Uint8Array }> {
    if (this.#at.size === 0) return;
    using file = await Deno.open(this.path, { read: true });
    const wanted: { cell: Cell; seed: number; offset: number; length: number }[] = [];
    const drain = async function* (this: JournalStore) {
      const first = wanted[0]!, last = wanted.at(-1)!;
      const bytes = new Uint8Array(last.offset + last.length - first.offset);
      await file.seek(first.offset, Deno.SeekMode.Start);
      for (let n = 0; n < bytes.length;) {
        const got = await file.read(bytes.subarray(n));
        if (got === null) throw new Error(`${this.path} ended before byte ${first.offset + n}`);
        n += got;
      }
      for (const w of wanted) {
        const from = w.offset - first.offset;
        yield {
          cell: w.cell,
          seed: w.seed,
          offset: w.offset,
          bytes: bytes.subarray(from, from + w.length),
        };
      }
      wanted.length = 0;
    }.bind(this);
    for (const cell of plan.cells) {
      for (const seed of plan.seeds) {
        const at = this.#at.get(unitKey(cell.id, seed));
        if (at === undefined) continue;
        const last = wanted.at(-1);
        if (
          last !== undefined &&
          (last.offset + last.length !== at.offset ||
            at.offset + at.length - wanted[0]!.offset > READ_BYTES)
        ) yield* drain();
        wanted.push({ cell, seed, ...at });
      }
    }
    if (wanted.length > 0) yield* drain();
  }

  /** Only the first seed keeps its decision boundary (as an unjournalled run did). */
  #trim(unit: UnitResult): UnitResult {
    if (unit.boundary === undefined || this.#firstSeed === undefined) return unit;
    if (unit.seed === this.#firstSeed) return unit;
    const { boundary: _, ...rest } = unit;
    return rest;
  }
}

/**
 * The lines of a byte stream (UTF-8 text), each with its byte offset and length (newline
 * included); a last line without its newline comes as `torn`. The stream is read through
 * (and so closed) unless the caller stops early.
 *
 * @param stream The bytes.
 * @yields Each line.
 */
export async function* journalLines(
  stream: ReadableStream<Uint8Array>,
): AsyncIterable<{ text: string; offset: number; length: number; torn?: true }> {
  const decoder = new TextDecoder();
  let carry = new Uint8Array(0), base = 0;
  for await (const chunk of stream) {
    const bytes = concat(carry, chunk);
    let start = 0;
    for (let stop = bytes.indexOf(10); stop >= 0; stop = bytes.indexOf(10, start)) {
      const text = decoder.decode(bytes.subarray(start, stop));
      yield { text, offset: base + start, length: stop + 1 - start };
      start = stop + 1;
    }
    base += start;
    carry = bytes.slice(start);
  }
  if (carry.length > 0) {
    yield { text: decoder.decode(carry), offset: base, length: carry.length, torn: true };
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** The number of the line that starts at a byte offset of a file (1-based). */
async function lineAt(path: string, offset: number): Promise<number> {
  const bytes = await Deno.readFile(path);
  let n = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) n++;
  return n;
}
