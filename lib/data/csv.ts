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
      const v = value === "" ? NaN : Number(value);
      if (!Number.isFinite(v)) {
        throw new SyntaxError(
          `Cannot parse ${file}:${line}: column "${header[j]}" is "${value}", expected a number`,
        );
      }
      x.set(i, f++, v);
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
    const v = value === "" ? NaN : Number(value);
    if (!Number.isFinite(v)) {
      throw new SyntaxError(
        `Cannot parse ${file}:${
          rows[i]!.info.lines
        }: target "${options.target}" is "${value}", expected a number`,
      );
    }
    y.set(i, 0, v);
  });
  return y;
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
  return parseCsvDataset(new TextDecoder().decode(bytes), path, options);
}
