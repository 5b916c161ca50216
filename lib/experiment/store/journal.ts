/**
 * The journal: `units.jsonl`, one line per finished unit, appended as each unit ends — the
 * run's record of what is done. Appending costs the same whatever the run's size, and a
 * crash at any moment leaves every earlier line intact: only a last line without its
 * newline can be torn, and it is dropped (and cut off before the next append). The CSVs and
 * JSON files beside it are views of the journal, rewritten from time to time and at the end.
 *
 * @module
 */

import { formatPath, type Path, type Problem } from "../../problems.ts";
import { packBoundary, unpackBoundary } from "../boundary_runs.ts";
import type { UnitResult, UnitSummary } from "../records.ts";

/** The journal's file name in a run folder. */
export const JOURNAL = "units.jsonl";

// JSON has no NaN or ±Infinity, which a diverging unit's losses can be.
const NON_FINITE = "$number";

/**
 * A `JSON.stringify` replacer that keeps NaN and ±Infinity (as `{ "$number": "NaN" }`).
 *
 * @param _key The key.
 * @param value The value.
 * @returns The value to write.
 */
export function encode(_key: string, value: unknown): unknown {
  return typeof value === "number" && !Number.isFinite(value)
    ? { [NON_FINITE]: String(value) }
    : value;
}

/**
 * The `JSON.parse` reviver that reads back what {@link encode} wrote.
 *
 * @param _key The key.
 * @param value The parsed value.
 * @returns The value.
 */
export function decode(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === "object" && NON_FINITE in value) {
    const text = (value as Record<string, unknown>)[NON_FINITE];
    if (text === "NaN" || text === "Infinity" || text === "-Infinity") return Number(text);
  }
  return value;
}

/**
 * One journal line (with its newline) for a finished unit.
 *
 * @example
 * ```ts
 * import { journalLine, parseJournal } from "./journal.ts";
 * import assert from "node:assert/strict";
 *
 * const unit = {
 *   cellId: "c1", seed: 1, status: "diverged" as const, epochsRun: 1, bestEpoch: 1, finalEpoch: 1,
 *   history: [{ epoch: 1, train: { loss: NaN }, maxAbsWeight: [Infinity], seconds: 0 }],
 *   final: {}, seconds: 0.5,
 * };
 * const text = journalLine(unit) + journalLine({ ...unit, seed: 2 }).slice(0, 20); // torn tail
 * const read = parseJournal(text, "units.jsonl");
 * assert.equal(read.units.length, 1);
 * assert.ok(Number.isNaN(read.units[0]!.history[0]!.train.loss));
 * assert.equal(read.validLength, journalLine(unit).length);
 * ```
 *
 * @param unit The unit.
 * @returns `{…}\n`.
 */
export function journalLine(unit: UnitResult): string {
  const { model: _, ...rest } = unit; // the weights go to the model log
  const boundary = unit.boundary ? { boundary: packBoundary(unit.boundary) } : {};
  return `${
    JSON.stringify({ ...rest, history: historyColumns(unit.history), ...boundary }, encode)
  }\n`;
}

/**
 * A history as columns (`{ epoch: [1, 2], train: { loss: [...] }, ... }`): the same numbers
 * without every epoch repeating every key, which would double the journal's size.
 */
interface HistoryColumns {
  readonly epoch: number[];
  readonly train: Record<string, number[]>;
  readonly validation?: Record<string, number[]>;
  readonly maxAbsWeight: number[][];
  readonly seconds: number[];
}

function historyColumns(history: UnitResult["history"]): HistoryColumns {
  const metrics = (pick: (e: UnitResult["history"][number]) => object | undefined) => {
    const names = [...new Set(history.flatMap((e) => Object.keys(pick(e) ?? {})))];
    return Object.fromEntries(
      names.map((n) => [n, history.map((e) => (pick(e) as Record<string, number>)[n]!)]),
    );
  };
  const validated = history.length > 0 && history.every((e) => e.validation !== undefined);
  return {
    epoch: history.map((e) => e.epoch),
    train: metrics((e) => e.train),
    ...(validated ? { validation: metrics((e) => e.validation) } : {}),
    maxAbsWeight: history.map((e) => [...e.maxAbsWeight]),
    seconds: history.map((e) => e.seconds),
  };
}

function historyRows(value: unknown): unknown {
  const c = value as HistoryColumns;
  if (
    value === null || typeof value !== "object" || Array.isArray(value) ||
    !Array.isArray(c.epoch) || !Array.isArray(c.maxAbsWeight) || !Array.isArray(c.seconds)
  ) return value; // not columns: unitResultProblems says what is wrong
  const row = (m: Record<string, number[]> | undefined, i: number) =>
    m && Object.fromEntries(Object.entries(m).map(([k, v]) => [k, v?.[i]]));
  return c.epoch.map((epoch, i) => ({
    epoch,
    train: row(c.train, i),
    ...(c.validation ? { validation: row(c.validation, i) } : {}),
    maxAbsWeight: c.maxAbsWeight[i],
    seconds: c.seconds[i],
  }));
}

/** What a journal holds. */
export interface JournalContents {
  /** The units, in the order they finished; a unit written twice is kept once. */
  readonly units: readonly UnitResult[];
  /** Bytes up to the end of the last whole line. */
  readonly validLength: number;
  /** Whether a torn last line was dropped. */
  readonly torn: boolean;
}

const STATUSES = ["completed", "early_stopped", "diverged"];
const isInt = (v: unknown, min: number) => Number.isInteger(v) && (v as number) >= min;
const isNum = (v: unknown) => typeof v === "number";
const isObj = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

function metricsProblems(m: unknown, path: Path): Problem[] {
  if (!isObj(m)) return [{ path, message: `expected metrics, got ${JSON.stringify(m)}` }];
  return Object.entries(m).filter(([, v]) => !isNum(v)).map(([k, v]) => ({
    path: [...path, k],
    message: `expected a number, got ${JSON.stringify(v)}`,
  }));
}

/**
 * Everything wrong with a value read as a unit result.
 *
 * @param u The value.
 * @returns Problems, with paths inside the unit.
 */
export function unitResultProblems(u: unknown): Problem[] {
  if (!isObj(u)) return [{ path: [], message: `expected a unit object, got ${JSON.stringify(u)}` }];
  const problems: Problem[] = [];
  const need = (ok: boolean, field: string, expected: string) => {
    if (!ok) {
      problems.push({
        path: [field],
        message: `expected ${expected}, got ${JSON.stringify(u[field])}`,
      });
    }
  };
  need(typeof u.cellId === "string" && u.cellId !== "", "cellId", "a cell id");
  need(isInt(u.seed, 0), "seed", "an integer ≥ 0");
  need(STATUSES.includes(u.status as string), "status", STATUSES.join(" | "));
  need(isInt(u.epochsRun, 1), "epochsRun", "an integer ≥ 1");
  need(isInt(u.bestEpoch, 0), "bestEpoch", "an integer ≥ 0");
  need(isInt(u.finalEpoch, 0), "finalEpoch", "an integer ≥ 0");
  need(isNum(u.seconds), "seconds", "a number");
  if (!Array.isArray(u.history) || u.history.length !== u.epochsRun) {
    problems.push({
      path: ["history"],
      message: `expected ${JSON.stringify(u.epochsRun)} epochs, got ${
        Array.isArray(u.history) ? u.history.length : JSON.stringify(u.history)
      }`,
    });
  } else {
    u.history.forEach((e: unknown, i: number) => {
      const at: Path = ["history", i];
      if (!isObj(e) || e.epoch !== i + 1 || !Array.isArray(e.maxAbsWeight) || !isNum(e.seconds)) {
        problems.push({ path: at, message: `expected epoch ${i + 1}'s record` });
        return;
      }
      problems.push(...metricsProblems(e.train, [...at, "train"]));
      if (e.validation !== undefined) {
        problems.push(...metricsProblems(e.validation, [...at, "validation"]));
      }
    });
  }
  if (!isObj(u.final)) problems.push({ path: ["final"], message: "expected final metrics" });
  else {
    for (const [part, m] of Object.entries(u.final)) {
      problems.push(...metricsProblems(m, ["final", part]));
    }
  }
  return problems;
}

/**
 * One journal line read back and checked (its text without the newline).
 *
 * @param piece The line.
 * @param where Its file and line (or byte offset), for messages: `units.jsonl:12`.
 * @param check A further check of the unit; a message it returns is an error at the line.
 * @returns The unit.
 */
export function parseJournalLine(
  piece: string,
  where: string,
  check?: (unit: UnitResult) => string | undefined,
): UnitResult {
  let value: unknown;
  try {
    value = JSON.parse(piece, decode);
  } catch (e) {
    throw new SyntaxError(`${where}: not a JSON line (${(e as Error).message})`);
  }
  if (value !== null && typeof value === "object" && "history" in value) {
    value = { ...value, history: historyRows(value.history) };
  }
  if (value !== null && typeof value === "object" && "boundary" in value) {
    value = { ...value, boundary: unpackBoundary(value.boundary) };
  }
  const problems = unitResultProblems(value);
  if (problems.length > 0) {
    const p = problems[0]!;
    throw new TypeError(
      `${where}: not a finished unit: ${
        p.path.length ? `${formatPath(p.path)}: ` : ""
      }${p.message}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ""}`,
    );
  }
  const unit = value as UnitResult;
  const wrong = check?.(unit);
  if (wrong !== undefined) throw new TypeError(`${where}: ${wrong}`);
  return unit;
}

/**
 * Reads a journal's text: every whole line must be a valid unit (else a `SyntaxError` or
 * `TypeError` naming the file and line); a last line without its newline is dropped; a unit
 * recorded twice is kept once when the two agree but for timing, and refused (naming both
 * lines) when they do not.
 *
 * @param text The file's text.
 * @param file Its path, for messages.
 * @param check A further check of each unit; a message it returns is an error at that line.
 * @returns The units and where the valid part ends.
 */
export function parseJournal(
  text: string,
  file: string,
  check?: (unit: UnitResult) => string | undefined,
): JournalContents {
  const end = text.lastIndexOf("\n") + 1;
  const units: UnitResult[] = [];
  const seen = new Map<string, { line: number; unit: UnitResult }>();
  let start = 0, line = 0;
  while (start < end) {
    const stop = text.indexOf("\n", start);
    line++;
    const unit = parseJournalLine(text.slice(start, stop), `${file}:${line}`, check);
    start = stop + 1;
    const key = `${unit.cellId}/${unit.seed}`, before = seen.get(key);
    if (before === undefined) seen.set(key, { line, unit }), units.push(unit);
    else if (!sameResult(before.unit, unit)) {
      throw conflictingRecords(`${file}:${line}`, unit, before.line);
    }
  }
  const validLength = new TextEncoder().encode(text.slice(0, end)).length;
  return { units, validLength, torn: end < text.length };
}

/**
 * Whether two records of one unit say the same: everything but the wall-clock seconds (a
 * unit run again after a crash writes the same numbers in other time).
 *
 * @param a One record.
 * @param b The other.
 * @returns True when only their timing differs.
 */
export function sameResult(a: UnitSummary, b: UnitSummary): boolean {
  const numbers = (u: UnitSummary) =>
    JSON.stringify([u.status, u.epochsRun, u.bestEpoch, u.finalEpoch, u.final], encode);
  return numbers(a) === numbers(b);
}

/**
 * The error for a unit recorded twice with different results: which one to trust is the
 * user's call, so nothing is read past it.
 *
 * @param where The file and line of the second record.
 * @param unit The second record.
 * @param first The line of the first.
 * @returns The error.
 */
export function conflictingRecords(where: string, unit: UnitSummary, first: number): TypeError {
  return new TypeError(
    `${where}: cell ${unit.cellId} seed ${unit.seed} is already recorded at line ${first}, with different results; keep the line to trust and remove the other`,
  );
}
