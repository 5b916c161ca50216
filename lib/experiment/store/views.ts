/**
 * The run folder's views of its journal: `cells.csv`, `epochs.csv`, `summary.csv`, and the
 * per-unit JSON beside them, written atomically. Rows are always in the plan's order
 * (cell, then seed, then epoch) and numbers print as the shortest text that reads back to
 * the same value, so the metric columns are byte-identical whatever the number of
 * workers, the shard split or the order cells finished in.
 *
 * @module
 */

// @ts-types="../../_csv_stringify.d.ts"
import { stringify } from "npm:csv-stringify@6.9.0/sync";
import type { Metrics } from "../../train/evaluate.ts";
import { writeTextAtomic } from "./atomic.ts";
import { packBoundary } from "../boundary_runs.ts";
import type { Cell, Manifest, Plan, UnitResult } from "../records.ts";
import { unitKey } from "./manifest.ts";
import { finalValue } from "../analysis/aggregate.ts";
import { metricRange, summarize } from "../analysis/stats.ts";
import {
  axisColumns,
  cellColumns,
  cellHeader,
  csv,
  finished,
  maxDenseLayers,
  metricNames,
  num,
  PARTS,
} from "./_columns.ts";

/**
 * The text of `cells.csv`: one row per finished (cell, seed), in plan order.
 *
 * @param plan The plan (cells, axes).
 * @param units Finished units.
 * @returns CSV text.
 */
export function cellsCsv(
  plan: Pick<Plan, "axes" | "cells" | "seeds">,
  units: ReadonlyMap<string, UnitResult>,
): string {
  const axes = axisColumns(plan), metrics = metricNames(plan);
  const header = [
    ...cellHeader(axes),
    "seed",
    "status",
    "epochs_run",
    "best_epoch",
    "final_epoch",
    ...PARTS.flatMap((p) => metrics.map((m) => `${p}_${m}`)),
    "seconds",
  ];
  const rows = [...finished(plan, units)].map(({ cell, seed, unit: u }) => [
    ...cellColumns(cell, axes),
    String(seed),
    u.status,
    String(u.epochsRun),
    String(u.bestEpoch),
    String(u.finalEpoch),
    ...PARTS.flatMap((p) => metrics.map((m) => num(u.final[p]?.[m as keyof Metrics]))),
    u.seconds.toFixed(3),
  ]);
  return csv(header, rows);
}

/**
 * The text of `epochs.csv`: one row per (cell, seed, epoch), in plan order.
 *
 * @param plan The plan.
 * @param units Finished units.
 * @returns CSV text.
 */
export function epochsCsv(
  plan: Pick<Plan, "cells" | "seeds">,
  units: ReadonlyMap<string, UnitResult>,
): string {
  const metrics = metricNames(plan), layers = maxDenseLayers(plan);
  const header = [
    "cell_id",
    "seed",
    "epoch",
    ...["train", "validation"].flatMap((p) => metrics.map((m) => `${p}_${m}`)),
    ...Array.from({ length: layers }, (_, i) => `max_abs_weight_${i + 1}`),
    "seconds",
  ];
  // A unit's rows never change once it is finished: each is formatted once, and a run that
  // rewrites this file after every unit only joins the pieces (not O(units²) formatting).
  const layout = `${metrics.join(",")}|${layers}`;
  let body = "";
  for (const { cell, seed, unit } of finished(plan, units)) {
    let memo = epochRows.get(unit);
    if (memo?.layout !== layout) {
      const rows = unit.history.map((e) => [
        cell.id,
        String(seed),
        String(e.epoch),
        ...metrics.map((m) => num(e.train[m as keyof Metrics])),
        ...metrics.map((m) => num(e.validation?.[m as keyof Metrics])),
        ...Array.from({ length: layers }, (_, i) => num(e.maxAbsWeight[i])),
        e.seconds.toFixed(3),
      ]);
      memo = { layout, text: stringify(rows, { record_delimiter: "unix" }) };
      epochRows.set(unit, memo);
    }
    body += memo.text;
  }
  return csv(header, []) + body;
}

/** Each finished unit's formatted epochs.csv rows, for the column layout they were made for. */
const epochRows = new WeakMap<UnitResult, { layout: string; text: string }>();

/** Each finished unit's decision boundary (first seed only) as JSON text. */
const boundaryJson = new WeakMap<UnitResult, string>();

/** Each finished unit's diagnostics as JSON text. */
const diagnosticsJson = new WeakMap<UnitResult, string>();

/**
 * The text of `summary.csv`: per cell, the number of seeds run and, for every final metric
 * and the epochs run, the mean, sample standard deviation and 95% interval over seeds
 * (stats.ts INTERVAL_METHOD: within the metric's range, integer ends for epoch counts).
 *
 * @param plan The plan.
 * @param units Finished units.
 * @returns CSV text.
 */
export function summaryCsv(
  plan: Pick<Plan, "axes" | "cells" | "seeds">,
  units: ReadonlyMap<string, UnitResult>,
): string {
  const axes = axisColumns(plan), metrics = metricNames(plan);
  const columns = [...PARTS.flatMap((p) => metrics.map((m) => `${p}_${m}`)), "epochs_run"];
  const header = [
    ...cellHeader(axes),
    "seeds",
    "diverged",
    ...columns.flatMap((c) => [`${c}_mean`, `${c}_std`, `${c}_ci95_low`, `${c}_ci95_high`]),
  ];
  const rows: string[][] = [];
  for (const cell of plan.cells) {
    const done = plan.seeds.map((s) => units.get(unitKey(cell.id, s))).filter((u) =>
      u !== undefined
    );
    if (done.length === 0) continue;
    const stats = columns.flatMap((c) => {
      const range = metricRange(c, { epochs: cell.config.epochs });
      const s = summarize(done.map((u) => finalValue(u, c)), { range });
      return [s.mean, s.std, s.ciLow, s.ciHigh].map((v) => (Number.isFinite(v) ? String(v) : ""));
    });
    rows.push([
      ...cellColumns(cell, axes),
      String(done.length),
      String(done.filter((u) => u.status === "diverged").length),
      ...stats,
    ]);
  }
  return csv(header, rows);
}

/**
 * Writes `{ key: value, … }` for the units that have a value, each value formatted once
 * per unit (kept in `memo`), so rewriting after every unit only joins the pieces. Writes
 * nothing when no unit has a value.
 */
async function writeUnitJson(
  path: string,
  memo: WeakMap<UnitResult, string>,
  rows: readonly { cell: Cell; seed: number; unit: UnitResult }[],
  keyOf: (row: { cell: Cell; seed: number }) => string,
  valueOf: (unit: UnitResult) => unknown,
): Promise<void> {
  const pieces: string[] = [];
  for (const row of rows) {
    const value = valueOf(row.unit);
    if (value === undefined) continue;
    let json = memo.get(row.unit);
    if (json === undefined) memo.set(row.unit, json = JSON.stringify(value));
    pieces.push(`${JSON.stringify(keyOf(row))}:${json}`);
  }
  if (pieces.length > 0) await writeTextAtomic(path, `{${pieces.join(",")}}\n`);
}

/**
 * Writes the manifest and the three CSVs of a run, each atomically.
 *
 * @param dir The run folder.
 * @param manifest The manifest.
 * @param plan The plan.
 * @param units Finished units.
 * @param options `summary`: also rewrite `summary.csv`. @default {true}
 */
export async function writeRun(
  dir: string,
  manifest: Manifest,
  plan: Pick<Plan, "axes" | "cells" | "seeds">,
  units: ReadonlyMap<string, UnitResult>,
  options: { readonly summary?: boolean } = {},
): Promise<void> {
  // epochs.csv before cells.csv: a unit counts as finished once it is in cells.csv, so a
  // crash between the two leaves extra epoch rows (ignored), never a unit without them.
  await writeTextAtomic(`${dir}/epochs.csv`, epochsCsv(plan, units));
  await writeTextAtomic(`${dir}/cells.csv`, cellsCsv(plan, units));
  if (options.summary ?? true) await writeTextAtomic(`${dir}/summary.csv`, summaryCsv(plan, units));
  const all = [...finished(plan, units)];
  // The first seed's boundary per cell; every unit's diagnostics.
  await writeUnitJson(
    `${dir}/boundaries.json`,
    boundaryJson,
    all,
    (x) => x.cell.id,
    (u) => u.boundary && packBoundary(u.boundary),
  );
  await writeUnitJson(
    `${dir}/diagnostics.json`,
    diagnosticsJson,
    all,
    (x) => unitKey(x.cell.id, x.seed),
    (u) => u.diagnostics,
  );
  await writeTextAtomic(`${dir}/manifest.json`, JSON.stringify(manifest, null, 2) + "\n");
}
