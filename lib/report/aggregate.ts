/**
 * Per-cell aggregates over seeds that the text table, the HTML report and the comparison
 * share: final metrics summarised, and mean learning curves.
 *
 * @module
 */

import type { UnitResult } from "../experiment/cell.ts";
import type { Cell } from "../experiment/grid.ts";
import { summarize, type Summary } from "../experiment/stats.ts";
import { type RunData, unitKey } from "../experiment/store.ts";
import type { Metrics } from "../train/fit.ts";

/** One cell's results over its seeds. */
export interface CellAggregate {
  readonly cell: Cell;
  /** Finished units, in seed order. */
  readonly units: readonly UnitResult[];
  readonly diverged: number;
  /** `test_accuracy` → its summary over seeds, for every part and metric present. */
  readonly finals: { readonly [column: string]: Summary };
  /** Mean over seeds per epoch (seeds that stopped early drop out). */
  readonly curves: { readonly [column: string]: readonly number[] };
  /** Mean max |w| per dense layer per epoch. */
  readonly maxAbsWeight: readonly (readonly number[])[];
}

const PARTS = ["train", "validation", "test"] as const;

function meanOver(rows: readonly (number | undefined)[]): number {
  const xs = rows.filter((v): v is number => v !== undefined && Number.isFinite(v));
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN;
}

/**
 * Aggregates every cell of a run that has at least one finished unit.
 *
 * @param run The run.
 * @returns One aggregate per cell, in plan order.
 */
export function aggregate(run: RunData): CellAggregate[] {
  const out: CellAggregate[] = [];
  for (const c of run.manifest.cells) {
    const cell: Cell = {
      id: c.id,
      index: c.index,
      label: c.label,
      params: c.params,
      config: c.config,
    };
    const units = run.manifest.seeds
      .map((s) => run.units.get(unitKey(c.id, s)))
      .filter((u): u is UnitResult => u !== undefined);
    if (units.length === 0) continue;
    const finals: Record<string, Summary> = {};
    for (const part of PARTS) {
      const names = new Set(units.flatMap((u) => Object.keys(u.final[part] ?? {})));
      for (const m of names) {
        finals[`${part}_${m}`] = summarize(
          units.map((u) => u.final[part]?.[m as keyof Metrics] ?? NaN),
        );
      }
    }
    finals.epochs_run = summarize(units.map((u) => u.epochsRun));
    const epochs = Math.max(...units.map((u) => u.history.length));
    const curves: Record<string, number[]> = {};
    for (const part of ["train", "validation"] as const) {
      const names = new Set(
        units.flatMap((u) => u.history.flatMap((e) => Object.keys(e[part] ?? {}))),
      );
      for (const m of names) {
        curves[`${part}_${m}`] = Array.from(
          { length: epochs },
          (_, i) => meanOver(units.map((u) => u.history[i]?.[part]?.[m as keyof Metrics])),
        );
      }
    }
    const layers = Math.max(
      0,
      ...units.flatMap((u) => u.history.map((e) => e.maxAbsWeight.length)),
    );
    const maxAbsWeight = Array.from(
      { length: layers },
      (_, l) =>
        Array.from(
          { length: epochs },
          (_, i) => meanOver(units.map((u) => u.history[i]?.maxAbsWeight[l])),
        ),
    );
    out.push({
      cell,
      units,
      diverged: units.filter((u) => u.status === "diverged").length,
      finals,
      curves,
      maxAbsWeight,
    });
  }
  return out;
}

/**
 * The column a run is judged by: its first tracked metric on the test part if there is
 * one, else on validation, else on train.
 *
 * @param run The run.
 * @param cells Its aggregates.
 * @returns e.g. `test_accuracy`.
 */
export function headline(run: RunData, cells: readonly CellAggregate[]): string {
  const metric = run.manifest.metrics[0] ?? "loss";
  for (const part of PARTS.toReversed()) {
    const column = `${part}_${metric}`;
    if (cells.some((c) => column in c.finals)) return column;
  }
  return `train_${metric}`;
}

/** Whether a larger value of the metric in this column is better. */
export function higherIsBetter(column: string): boolean {
  return /_(accuracy|r2)$/.test(column);
}

/**
 * `0.912 ± 0.013` (mean ± sample std), or just the mean for one seed.
 *
 * @param s A summary.
 * @param digits Decimal places. @default {4}
 * @returns The text.
 */
export function formatSummary(s: Summary | undefined, digits = 4): string {
  if (s === undefined || s.n === 0) return "—";
  return Number.isFinite(s.std)
    ? `${s.mean.toFixed(digits)} ± ${s.std.toFixed(digits)}`
    : s.mean.toFixed(digits);
}
