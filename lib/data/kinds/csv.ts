/**
 * A CSV file: one row per example, a target column.
 *
 * @module
 */

import { nonEmptyText, oneOf } from "../../rules.ts";
import { type CsvOptions, loadCsv } from "../csv.ts";
import { csvPath, sha256 } from "./_sources.ts";
import { type DatasetEntry } from "./kind.ts";

/** The registry entry of the `csv` kind. */
export const CSV: DatasetEntry<CsvOptions & { readonly path: string }> = {
  fields: {
    path: nonEmptyText,
    target: nonEmptyText,
    task: oneOf(["classification", "regression"]),
    delimiter: nonEmptyText,
  },
  required: ["path", "target"],
  load: async (spec, options) => ({
    data: await loadCsv(csvPath(spec, options.baseDir), {
      target: spec.target,
      ...(spec.task ? { task: spec.task } : {}),
      ...(spec.delimiter ? { delimiter: spec.delimiter } : {}),
    }),
  }),
  sources: async (spec, options) => ({
    [spec.path]: await sha256(csvPath(spec, options.baseDir), "the CSV data set"),
  }),
};
