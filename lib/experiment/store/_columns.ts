/**
 * The column layout shared by the CSV views and the reader of runs made before the journal:
 * which metrics and weight columns a plan has, and a cell's identifying columns.
 *
 * @module
 */

// @ts-types="../../_csv_stringify.d.ts"
import { stringify } from "npm:csv-stringify@6.9.0/sync";
import { isRegressionLoss } from "../../nn/losses/mod.ts";
import type { Cell, Plan } from "../records.ts";
import { METRIC_NAMES } from "../records.ts";
import { formatValue } from "../json.ts";
import { unitKey } from "./manifest.ts";

export function num(v: number | undefined): string {
  return v === undefined ? "" : String(v);
}

export const PARTS = ["train", "validation", "test"] as const;

/** The metric names that apply to a plan's cells, in a fixed order. */
export function metricNames(plan: Pick<Plan, "cells">): string[] {
  const isRegression = (c: Cell) =>
    isRegressionLoss(c.config.loss) && c.config.targets !== "onehot";
  const regression = plan.cells.some(isRegression);
  const classification = plan.cells.some((c) => !isRegression(c));
  return METRIC_NAMES.filter((m) =>
    m === "loss" || (m === "accuracy" ? classification : regression)
  );
}

export function maxDenseLayers(plan: Pick<Plan, "cells">): number {
  return Math.max(
    0,
    ...plan.cells.map((c) => c.config.model.layers.filter((l) => l.kind === "dense").length),
  );
}

export function axisColumns(plan: Pick<Plan, "axes" | "cells">): string[] {
  const axes = Object.keys(plan.axes);
  for (const c of plan.cells) {
    for (const k of Object.keys(c.params)) if (!axes.includes(k)) axes.push(k);
  }
  return axes;
}

/** The finished units in plan order: by cell, then by seed. */
export function* finished<U>(
  plan: Pick<Plan, "cells" | "seeds">,
  units: ReadonlyMap<string, U>,
): Generator<{ cell: Cell; seed: number; unit: U }> {
  for (const cell of plan.cells) {
    for (const seed of plan.seeds) {
      const unit = units.get(unitKey(cell.id, seed));
      if (unit !== undefined) yield { cell, seed, unit };
    }
  }
}

/** The columns that say which cell a row of cells.csv or summary.csv is about. */
export function cellHeader(axes: readonly string[]): string[] {
  return ["cell_id", "cell_index", "label", ...axes];
}

export function cellColumns(cell: Cell, axes: readonly string[]): string[] {
  return [
    cell.id,
    String(cell.index),
    cell.label,
    ...axes.map((a) => (a in cell.params ? formatValue(cell.params[a]!) : "")),
  ];
}

export function csv(header: string[], rows: string[][]): string {
  return stringify([header, ...rows], { record_delimiter: "unix" });
}
