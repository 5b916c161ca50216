/**
 * CSV data sets: a header row, one target column, numeric features. Parsed by the npm
 * package `csv-parse`; every error names the file, the line and the column.
 *
 * @module
 */

// @ts-types="../_csv_parse.d.ts"
import { parse } from "npm:csv-parse@7.0.3/sync";
import { Matrix } from "../numerics/matrix.ts";
import { classificationSet, type LabeledDataset, regressionSet } from "./dataset.ts";
import { readBytes } from "./_files.ts";

/** Options of {@link parseCsvDataset} and {@link loadCsv}. */
export interface CsvOptions {
  /** The header name of the target column. */
  readonly target: string;
  /**
   * `classification`: target values are class labels, mapped to indices in sorted order
   * (numerically if all are numbers). `regression`: target values must be numbers.
   * @default {"classification"}
   */
  readonly task?: "classification" | "regression";
  /** Field delimiter. @default {","} */
  readonly delimiter?: string;
  /** The data set's name. @default {the file name without extension} */
  readonly name?: string;
}

/**
 * Parses CSV text into a data set. Every other column is a numeric feature.
 *
 * @example
 * ```ts
 * import { parseCsvDataset } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const data = parseCsvDataset("a,b,kind\n1,2,cat\n3,4,dog\n5,6,cat\n", "pets.csv", { target: "kind" });
 * assert.deepEqual(data.classNames, ["cat", "dog"]);
 * assert.deepEqual(Array.from(data.y as Int32Array), [0, 1, 0]);
 * assert.throws(() => parseCsvDataset("a,kind\n1,cat\nx,dog\n", "pets.csv", { target: "kind" }), /pets\.csv:3: column "a" is "x", expected a number/);
 * ```
 *
 * @param text The CSV text.
 * @param file The file name, for messages.
 * @param options Target column, task, delimiter.
 * @returns The data set.
 */
export function parseCsvDataset(text: string, file: string, options: CsvOptions): LabeledDataset {
  const task = options.task ?? "classification";
  if (text.trim() === "") throw new SyntaxError(`Cannot parse ${file}: the file is empty`);
  const [head, ...rows] = csvRecords(text, file, options.delimiter ?? ",");
  if (head === undefined) throw new SyntaxError(`Cannot parse ${file}: the file is empty`);
  const header = head.record;
  const twice = header.findIndex((h, j) => header.indexOf(h) !== j);
  if (twice >= 0) {
    throw new SyntaxError(
      `Cannot use ${file}: column "${header[twice]}" appears twice in the header (columns ${
        header.indexOf(header[twice]!) + 1
      } and ${twice + 1}); rename one`,
    );
  }
  const targetIndex = header.indexOf(options.target);
  if (targetIndex < 0) {
    throw new TypeError(
      `Cannot use ${file}: no target column "${options.target}"; the columns are ${
        header.map((h) => `"${h}"`).join(", ")
      }`,
    );
  }
  if (rows.length === 0) throw new SyntaxError(`Cannot parse ${file}: a header but no data rows`);
  const { x, featureNames, rawTargets } = features(rows, { file, header, targetIndex });
  const name = options.name ?? file.replace(/^.*[\\/]/, "").replace(/\.[^.]*$/, "");
  if (task === "regression") {
    return regressionSet(
      name,
      x,
      regressionTargets(rawTargets, rows, { file, options }),
      featureNames,
      [
        options.target,
      ],
    );
  }
  const { y, classes } = classTargets(rawTargets, { file, options });
  return classificationSet(name, x, y, classes, featureNames);
}

/** A parsed CSV row, with the line it ended on. */
type CsvRecord = { record: string[]; info: { lines: number } };

function csvRecords(text: string, file: string, delimiter: string): CsvRecord[] {
  let records: CsvRecord[];
  try {
    records = parse(text, {
      delimiter,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as typeof records;
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    throw new SyntaxError(`Cannot parse ${file}${line ? `:${line}` : ""}: ${(e as Error).message}`);
  }
  return records;
}

/** The feature columns as numbers (every cell checked, with its line), and the raw targets. */
function features(
  rows: readonly CsvRecord[],
  at: { file: string; header: string[]; targetIndex: number },
): { x: Matrix; featureNames: string[]; rawTargets: string[] } {
  const { file, header, targetIndex } = at;
  const featureNames = header.filter((_, j) => j !== targetIndex);
  const x = Matrix.zeros(rows.length, featureNames.length);
  const rawTargets: string[] = [];
  rows.forEach(({ record, info }, i) => {
    const line = info.lines;
    if (record.length !== header.length) {
      throw new SyntaxError(
        `Cannot parse ${file}:${line}: expected ${header.length} fields but got ${record.length}`,
      );
    }
    let f = 0;
    record.forEach((value, j) => {
      if (j === targetIndex) {
        rawTargets.push(value);
        return;
      }
      const wrong = numberProblem(value);
      if (wrong !== undefined) {
        throw new SyntaxError(
          `Cannot parse ${file}:${line}: column "${header[j]}" is "${value}", expected ${wrong}`,
        );
      }
      x.set(i, f++, Number(value));
    });
  });
  return { x, featureNames, rawTargets };
}

function regressionTargets(
  rawTargets: readonly string[],
  rows: readonly CsvRecord[],
  at: { file: string; options: CsvOptions },
): Matrix {
  const { file, options } = at;
  const y = Matrix.zeros(rows.length, 1);
  rawTargets.forEach((value, i) => {
    const wrong = numberProblem(value);
    if (wrong !== undefined) {
      throw new SyntaxError(
        `Cannot parse ${file}:${
          rows[i]!.info.lines
        }: target "${options.target}" is "${value}", expected ${wrong}`,
      );
    }
    y.set(i, 0, Number(value));
  });
  return y;
}

/** A decimal number, as a CSV cell writes one: digits, a point, an exponent. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * What is wrong with a cell as a number, if anything: not decimal (`0x10`, `1_000`, `inf`
 * are not read as numbers), or beyond float32's range (1e308 would become Infinity).
 */
function numberProblem(value: string): string | undefined {
  if (!DECIMAL.test(value)) return "a number";
  const v = Number(value);
  if (!Number.isFinite(Math.fround(v))) {
    return "a number within float32's range (|x| < 3.4e38)";
  }
  return undefined;
}

/** Class labels as indices, classes sorted (numerically when every label is a number). */
function classTargets(
  rawTargets: readonly string[],
  at: { file: string; options: CsvOptions },
): { y: Int32Array; classes: string[] } {
  const { file, options } = at;
  const distinct = [...new Set(rawTargets)];
  const numeric = distinct.every((v) => v !== "" && Number.isFinite(Number(v)));
  distinct.sort(numeric ? (a, b) => Number(a) - Number(b) : undefined);
  if (distinct.length < 2) {
    throw new RangeError(
      `Cannot use ${file} for classification: target "${options.target}" has a single class "${
        distinct[0]
      }"`,
    );
  }
  const index = new Map(distinct.map((c, k) => [c, k]));
  const y = Int32Array.from(rawTargets, (v) => index.get(v)!);
  return { y, classes: distinct };
}

/**
 * Reads and parses a CSV data set from a path.
 *
 * @param path The file.
 * @param options Target column, task, delimiter.
 * @returns The data set.
 */
export async function loadCsv(path: string, options: CsvOptions): Promise<LabeledDataset> {
  const bytes = await readBytes(path, "the CSV data set");
  return parseCsvDataset(utf8Text(bytes, path), path, options);
}

/**
 * A file's text, refused where it is not valid UTF-8 (a lenient decoder would turn every
 * bad byte into the same "�" and merge labels that differ).
 *
 * @example
 * ```ts
 * import { utf8Text } from "./csv.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(utf8Text(new TextEncoder().encode("x,ü\n"), "a.csv"), "x,ü\n");
 * assert.throws(
 *   () => utf8Text(Uint8Array.of(0x78, 0x0a, 0x61, 0xff, 0x0a), "a.csv"),
 *   /a\.csv:2: byte 0xff at offset 3 is not UTF-8; save the file as UTF-8/,
 * );
 * ```
 *
 * @param bytes The file's bytes.
 * @param file The file's name, for the message.
 * @returns The text.
 */
export function utf8Text(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const at = firstInvalidByte(bytes);
    const line = bytes.subarray(0, at).reduce((n, b) => n + (b === 0x0a ? 1 : 0), 1);
    throw new SyntaxError(
      `${file}:${line}: byte 0x${
        bytes[at]!.toString(16).padStart(2, "0")
      } at offset ${at} is not UTF-8; save the file as UTF-8`,
    );
  }
}

/** The offset of the first byte that does not start (or continue) a valid UTF-8 character. */
function firstInvalidByte(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    const n = c >= 0xc2 && c <= 0xdf
      ? 1
      : c >= 0xe0 && c <= 0xef
      ? 2
      : c >= 0xf0 && c <= 0xf4
      ? 3
      : 0;
    if (n === 0) return i;
    // The second byte's range rules out overlong forms, surrogates and code points > U+10FFFF.
    const lo = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf;
    for (let k = 1; k <= n; k++) {
      const d = b[i + k];
      if (d === undefined || d < (k === 1 ? lo : 0x80) || d > (k === 1 ? hi : 0xbf)) return i;
    }
    i += n + 1;
  }
  return b.length;
}
