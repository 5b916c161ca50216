/**
 * Per-cell aggregates over seeds that the text table, the reports and the comparison
 * share: every final metric summarised (intervals within the metric's range), and learning
 * curves with their spread and the number of seeds behind each epoch.
 *
 * Pure: the report pages run it in the browser too.
 *
 * @module
 */

import type { Cell, MetricName, RunData, UnitResult, UnitSummary } from "../records.ts";
import { unitKey } from "../store/manifest.ts";
import { metricRange, summarize, type Summary } from "./stats.ts";

/** A learning curve over seeds: per epoch, the mean, the spread and how many seeds ran it. */
export interface Curve {
  /** Mean over the seeds that ran the epoch (NaN where none had a finite value). */
  readonly mean: readonly number[];
  /** Smallest value over seeds. */
  readonly min: readonly number[];
  /** Largest value over seeds. */
  readonly max: readonly number[];
  /** Seeds behind each point (fewer after a seed stopped early or diverged). */
  readonly n: readonly number[];
}

/** One cell's final metrics over its seeds. */
export interface CellFinals<U extends UnitSummary = UnitSummary> {
  /** The cell. */
  readonly cell: Cell;
  /** Finished units, in seed order. */
  readonly units: readonly U[];
  /** Units that diverged. */
  readonly diverged: number;
  /** `test_accuracy` → its summary over seeds, for every part and metric present. */
  readonly finals: { readonly [column: string]: Summary };
}

/** One cell's results over its seeds: final metrics and curves. */
export interface CellAggregate extends CellFinals<UnitResult> {
  /** `train_loss`, `validation_accuracy` … → the curve over epochs. */
  readonly curves: { readonly [column: string]: Curve };
  /** Mean max |w| per dense layer per epoch. */
  readonly maxAbsWeight: readonly (readonly number[])[];
}

/** The parts a final metric is measured on. */
export const PARTS = ["train", "validation", "test"] as const;

/** The final-metric value of a unit in a column such as `test_accuracy` or `epochs_run`. */
export function finalValue(unit: UnitSummary, column: string): number {
  if (column === "epochs_run") return unit.epochsRun;
  if (column === "final_epoch") return unit.finalEpoch;
  const at = column.indexOf("_");
  const part = unit.final[column.slice(0, at) as typeof PARTS[number]] as
    | Record<string, number | undefined>
    | undefined;
  return part?.[column.slice(at + 1)] ?? NaN;
}

function curveOf(values: readonly (readonly (number | undefined)[])[]): Curve {
  const mean: number[] = [], min: number[] = [], max: number[] = [], n: number[] = [];
  for (const row of values) {
    const xs = row.filter((v): v is number => v !== undefined && Number.isFinite(v));
    n.push(xs.length);
    mean.push(xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
    min.push(xs.length ? Math.min(...xs) : NaN);
    max.push(xs.length ? Math.max(...xs) : NaN);
  }
  return { mean, min, max, n };
}

/**
 * The final metrics of every cell of a run that has at least one finished unit: what a
 * unit's summary holds is enough (no epochs).
 *
 * @param run The run's manifest and finished units (or their summaries).
 * @returns One entry per cell, in plan order.
 */
export function aggregateFinals<U extends UnitSummary>(
  run: {
    readonly manifest: {
      readonly cells: readonly Cell[];
      readonly seeds: RunData["manifest"]["seeds"];
    };
    readonly units: ReadonlyMap<string, U>;
  },
): CellFinals<U>[] {
  const out: CellFinals<U>[] = [];
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
      .filter((u): u is U => u !== undefined);
    if (units.length === 0) continue;
    const finals: Record<string, Summary> = {};
    const columns = [
      ...PARTS.flatMap((part) =>
        [...new Set(units.flatMap((u) => Object.keys(u.final[part] ?? {})))].map((m) =>
          `${part}_${m}`
        )
      ),
      "epochs_run",
    ];
    for (const column of columns) {
      finals[column] = summarize(units.map((u) => finalValue(u, column)), {
        range: metricRange(column, { epochs: cell.config.epochs }),
      });
    }
    const diverged = units.filter((u) => u.status === "diverged").length;
    out.push({ cell, units, diverged, finals });
  }
  return out;
}

/**
 * Aggregates every cell of a run that has at least one finished unit.
 *
 * @param run The run.
 * @returns One aggregate per cell, in plan order.
 */
export function aggregate(run: Pick<RunData, "manifest" | "units">): CellAggregate[] {
  return aggregateFinals(run).map((at) => {
    const { units } = at;
    const epochs = Math.max(...units.map((u) => u.history.length));
    const curves: Record<string, Curve> = {};
    for (const part of ["train", "validation"] as const) {
      const names = new Set(
        units.flatMap((u) => u.history.flatMap((e) => Object.keys(e[part] ?? {}))),
      );
      for (const m of names) {
        curves[`${part}_${m}`] = curveOf(
          Array.from(
            { length: epochs },
            (_, i) =>
              units.map((u) =>
                (u.history[i]?.[part] as Record<string, number | undefined> | undefined)?.[m]
              ),
          ),
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
        curveOf(
          Array.from({ length: epochs }, (_, i) => units.map((u) => u.history[i]?.maxAbsWeight[l])),
        ).mean,
    );
    return { ...at, curves, maxAbsWeight };
  });
}

/**
 * A run's primary metric: the one its experiment declared (`primary`), or — for runs made
 * before that field — the first metric it reports.
 *
 * @example
 * ```ts
 * import { primaryMetric } from "../../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(primaryMetric({ metrics: ["accuracy", "loss"], primary: "loss" }), "loss");
 * assert.equal(primaryMetric({ metrics: ["mse", "r2", "loss"] }), "mse");
 * ```
 *
 * @param manifest The run's manifest (or plan).
 * @returns e.g. `accuracy`.
 */
export function primaryMetric(
  manifest: Pick<RunData["manifest"], "metrics" | "primary">,
): MetricName {
  return manifest.primary ?? manifest.metrics[0] ?? "loss";
}

/**
 * The column a run is judged by: its primary metric on the test part if there is one,
 * else on validation, else on train.
 *
 * @param run The run.
 * @param cells Its aggregates.
 * @returns e.g. `test_accuracy`.
 */
export function headline(
  run: Pick<RunData, "manifest">,
  cells: readonly CellFinals[],
): string {
  const metric = primaryMetric(run.manifest);
  for (const part of PARTS.toReversed()) {
    const column = `${part}_${metric}`;
    if (cells.some((c) => column in c.finals)) return column;
  }
  return `train_${metric}`;
}

/**
 * Whether a larger value of the metric in this column is better.
 *
 * @example
 * ```ts
 * import { higherIsBetter } from "../../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(higherIsBetter("test_accuracy"), true);
 * assert.equal(higherIsBetter("validation_loss"), false);
 * ```
 *
 * @param column e.g. `validation_r2`.
 * @returns True for accuracy and R².
 */
export function higherIsBetter(column: string): boolean {
  return /_(accuracy|r2)$/.test(column);
}
