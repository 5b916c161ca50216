/// <reference lib="dom" />
/**
 * The effect of each axis on the metric the choice is made on: the mean over the cells at
 * each value (numeric axes with many values in four bins of their values), with its 95%
 * interval, and the axes ranked by importance — the share of the variance of the cells'
 * means that the axis's main effect explains (a one-way decomposition per axis).
 *
 * @module
 */

import { metricRange, summarize, type Summary } from "../../../experiment/analysis/stats.ts";
import { formatShort, shortNumber } from "../../../experiment/json.ts";
import type { Json } from "../../../experiment/records.ts";
import { formatInterval, formatSummary } from "../../format.ts";
import { h } from "../dom.ts";
import { nice, type PageCell } from "./_shared.ts";

/** One axis: its importance and the metric at each of its values (or bins). */
export interface AxisEffect {
  readonly axis: string;
  /** Share of the variance of the cells' means explained by this axis alone, in [0, 1]. */
  readonly share: number;
  readonly levels: readonly { readonly value: string; readonly summary: Summary }[];
}

/** Numeric axes with more distinct values than this are binned by quantile. */
const MAX_LEVELS = 6;

/**
 * Each varying axis's effect on `by`, most important first.
 *
 * @param cells The cells of one data set.
 * @param axes The axes that vary among them.
 * @param by The column, e.g. `validation_accuracy`.
 * @returns One effect per axis.
 */
export function axisEffects(
  cells: readonly PageCell[],
  axes: readonly string[],
  by: string,
): AxisEffect[] {
  const scored = cells.filter((c) => Number.isFinite(c.finals[by]?.mean ?? NaN));
  const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const all = scored.map((c) => c.finals[by]!.mean);
  const grand = mean(all);
  const total = all.reduce((s, x) => s + (x - grand) ** 2, 0);
  const range = metricRange(by);
  return axes.map((axis) => {
    const groups = levelsOf(scored, axis);
    const between = groups.reduce(
      (s, g) => s + g.cells.length * (mean(g.cells.map((c) => c.finals[by]!.mean)) - grand) ** 2,
      0,
    );
    return {
      axis,
      share: total > 0 ? between / total : 0,
      levels: groups.map((g) => ({
        value: g.value,
        summary: summarize(g.cells.map((c) => c.finals[by]!.mean), { range }),
      })),
    };
  }).sort((a, b) => b.share - a.share);
}

function levelsOf(
  cells: readonly PageCell[],
  axis: string,
): { value: string; cells: PageCell[] }[] {
  const value = (c: PageCell) => c.cell.params[axis] ?? null;
  const numbers = cells.every((c) => typeof value(c) === "number");
  const distinct = [...new Set(cells.map((c) => JSON.stringify(value(c))))];
  if (numbers && distinct.length > MAX_LEVELS) {
    // Four bins of the distinct values in order: a value is never split between two bins.
    const values = [...new Set(cells.map((c) => value(c) as number))].sort((a, b) => a - b);
    const cut = (i: number) => Math.round((i * values.length) / 4);
    return Array.from({ length: 4 }, (_, i) => values.slice(cut(i), cut(i + 1)))
      .filter((v) => v.length > 0).map((v) => ({
        // A bin's ends to 3 significant digits: enough to tell the bins apart.
        value: v.length === 1 ? String(shortNumber(v[0]!)) : `${edge(v[0]!)}–${edge(v.at(-1)!)}`,
        cells: cells.filter((c) => v.includes(value(c) as number)),
      }));
  }
  const groups = new Map<string, PageCell[]>();
  for (const c of cells) {
    const k = formatShort(value(c) as Json);
    (groups.get(k) ?? groups.set(k, []).get(k)!).push(c);
  }
  const order = numbers
    ? [...groups].sort(([, a], [, b]) => (value(a[0]!) as number) - (value(b[0]!) as number))
    : [...groups];
  return order.map(([value, members]) => ({ value, cells: members }));
}

/**
 * The effects as a table: axis, importance, and the metric at each value.
 *
 * @param effects The axes' effects.
 * @param by The column.
 * @returns The table, or nothing when no axis varies.
 */
export function effectsTable(effects: readonly AxisEffect[], by: string): Node | string {
  if (effects.length === 0) return "";
  return h(
    "div",
    { class: "effects" },
    h(
      "table",
      { class: "effects" },
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          [
            "axis",
            "variance explained",
            `${nice(by)} at each value (mean over cells, 95% interval)`,
          ].map((
            t,
          ) => h("th", {}, t)),
        ),
      ),
      h(
        "tbody",
        {},
        effects.map((e) =>
          h(
            "tr",
            {},
            h("td", {}, e.axis),
            h("td", { "data-sort": e.share }, `${(100 * e.share).toFixed(0)}%`),
            h(
              "td",
              {},
              e.levels.flatMap((l, i) => [
                i ? " · " : "",
                h("b", {}, l.value),
                ` ${formatSummary(l.summary, 3)} `,
                h("small", {}, formatInterval(by, l.summary)),
              ]),
            ),
          )
        ),
      ),
    ),
    h(
      "p",
      { class: "note" },
      "Variance explained (the axes ranked by it): the share of the variance of the cells' mean ",
      nice(by),
      " that the axis explains on its own (its main effect: between-value variance over total variance). Numeric axes with more than six values are shown in four bins of their values, in order.",
    ),
  );
}

/** A bin's end, to 3 significant digits (integers as they are). */
function edge(v: number): string {
  return String(Number.isInteger(v) ? v : Number(v.toPrecision(3)));
}
