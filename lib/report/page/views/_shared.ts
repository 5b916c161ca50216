/// <reference lib="dom" />
/**
 * What the report's views share: colours, axis helpers, and the page's sections.
 *
 * @module
 */

import type { CellFinals } from "../../../experiment/analysis/aggregate.ts";
import type { RunSummary, UnitSummary } from "../../../experiment/records.ts";

/**
 * A cell as the overview's views read it: its final metrics over seeds, from the units'
 * summaries (no epochs: those load on demand, for the cells whose curves are drawn).
 */
export type PageCell = CellFinals<UnitSummary>;

/** What the overview's views read of a run: its manifest and its units' summaries. */
export type PageRunInfo = RunSummary;

/** Colours: train and validation in every small multiple; classes in pictures. */
export const COLORS = {
  train: "#1f77b4",
  validation: "#d62728",
  classes: ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2"],
  regions: ["#c6dbef", "#fdd0a2", "#c7e9c0", "#fcbba1", "#dadaeb", "#e7d4c8", "#f7c6e4"],
} as const;

export function colorOf(list: readonly string[], i: number): string {
  return list[i % list.length]!;
}

export const nice = (column: string): string => column.replaceAll("_", " ");

/** Axes whose value differs between the cells given. */
export function varyingAxes(run: PageRunInfo, cells: readonly PageCell[]): string[] {
  return Object.keys(run.manifest.axes).filter((a) =>
    new Set(cells.map((c) => JSON.stringify(c.cell.params[a] ?? null))).size > 1
  );
}

export function isNumericAxis(cells: readonly PageCell[], axis: string): boolean {
  return cells.every((c) => typeof c.cell.params[axis] === "number");
}

/**
 * Whether positive values span at least `decades` powers of ten (then a log axis reads
 * better): a grid axis from one decade (0.003 … 0.03), a loss from two.
 */
export function spansDecades(values: readonly number[], decades = 1): boolean {
  const xs = values.filter((v) => Number.isFinite(v) && v > 0);
  return xs.length > 1 && Math.max(...xs) / Math.min(...xs) >= 10 ** decades;
}

export function section(id: string, ...content: Node[]): HTMLElement {
  const el = document.getElementById(id)!;
  el.append(...content);
  el.hidden = false;
  return el;
}

/**
 * Where to tick an axis over these values, each labelled with its value: every value when
 * there are at most 12 (a grid's own values), else — on a log axis — 1, 2 and 5 times the
 * powers of ten in range (only the powers when those are still too many); undefined for a
 * linear axis with many values (plotly's own ticks read well there).
 *
 * @param values The values the axis shows.
 * @param log Whether the axis is logarithmic.
 * @returns The tick values, ascending.
 */
export function axisTicks(values: readonly number[], log: boolean): number[] | undefined {
  const distinct = [...new Set(values)].filter(Number.isFinite).sort((a, b) => a - b);
  if (distinct.length <= 12) return distinct;
  if (!log) return undefined;
  const lo = distinct.find((v) => v > 0)!, hi = distinct.at(-1)!;
  const at = (steps: readonly number[]) => {
    const ticks: number[] = [];
    for (let k = Math.floor(Math.log10(lo)); k <= Math.ceil(Math.log10(hi)); k++) {
      for (const m of steps) {
        const t = Number((m * 10 ** k).toPrecision(1));
        if (t >= lo && t <= hi) ticks.push(t);
      }
    }
    return ticks;
  };
  const fine = at([1, 2, 5]);
  return fine.length <= 12 ? fine : at([1]);
}

/** A trial's identity across rungs: its parameters without the rung's epochs. */
export function trialKey(cell: PageCell): string {
  const { epochs: _, ...params } = cell.cell.params;
  return JSON.stringify(Object.entries(params).sort(([a], [b]) => (a < b ? -1 : 1)));
}
