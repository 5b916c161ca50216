/// <reference lib="dom" />
/**
 * Parallel coordinates: every varying axis and the metrics, one line per cell.
 *
 * @module
 */

import { higherIsBetter } from "../../../experiment/analysis/aggregate.ts";
import { formatValue, shortNumber } from "../../../experiment/json.ts";
import { type Choice } from "../../../experiment/analysis/select.ts";
import { figure, h, PLOT_CONFIG, type PlotlyApi } from "../dom.ts";
import {
  axisTicks,
  isNumericAxis,
  nice,
  type PageCell,
  type PageRunInfo,
  section,
  spansDecades,
  varyingAxes,
} from "./_shared.ts";

/** Lines drawn at most: the best cells on the chosen metric (WebGL slows past a few thousand). */
export const PARCOORDS_LINES = 1000;

/**
 * The cells at once: one line per cell through its settings and final metrics — every
 * cell up to {@link PARCOORDS_LINES}, else the best that many on the metric the best cell
 * is chosen by.
 */
export function parallelCoordinates(
  Plotly: PlotlyApi,
  run: PageRunInfo,
  all: readonly PageCell[],
  choices: readonly Choice<PageCell>[],
  onBrush?: (ids: ReadonlySet<string> | undefined) => void,
): void {
  const by = choices[0]?.by, reported = choices[0]?.reported;
  if (by === undefined || all.length < 2) return;
  const sign = higherIsBetter(by) ? -1 : 1;
  const score = (c: PageCell) => {
    const v = c.finals[by]?.mean ?? NaN;
    return Number.isFinite(v) ? sign * v : Infinity;
  };
  const cells = all.length <= PARCOORDS_LINES
    ? all
    : [...all].sort((a, b) => score(a) - score(b) || a.cell.index - b.cell.index)
      .slice(0, PARCOORDS_LINES);
  const dimensions = dimensionsOf(run, cells, [...new Set([by, reported!])]);
  const color = cells.map((c) => c.finals[by]?.mean ?? NaN);
  const root = section("parcoords");
  if (cells.length < all.length) {
    root.append(
      h(
        "p",
        { class: "note" },
        `The ${cells.length} best of ${all.length} cells on ${
          nice(by)
        }: brushing an axis picks among them.`,
      ),
    );
  }
  const div = figure(root, "plot wide");
  // Brushing an axis keeps the cells inside every brushed range: the other views follow.
  const brushed = () => {
    const dims = (div as unknown as {
      data?: { dimensions: { values: number[]; constraintrange?: number[] | number[][] }[] }[];
    }).data?.[0]?.dimensions ?? [];
    const inside = (v: number, r: number[] | number[][]) =>
      (Array.isArray(r[0]) ? r as number[][] : [r as number[]]).some(([lo, hi]) =>
        v >= lo! && v <= hi!
      );
    const active = dims.filter((d) => d.constraintrange && d.constraintrange.length > 0);
    onBrush?.(
      active.length === 0 ? undefined : new Set(
        cells.filter((_, i) => active.every((d) => inside(d.values[i]!, d.constraintrange!)))
          .map((c) => c.cell.id),
      ),
    );
  };
  Plotly.newPlot(
    div,
    [{
      type: "parcoords",
      line: {
        color,
        colorscale: "Viridis",
        reversescale: !higherIsBetter(by),
        showscale: true,
        colorbar: { title: { text: nice(by) } },
      },
      dimensions,
    }],
    { margin: { t: 60, l: 80, r: 80, b: 30 } },
    PLOT_CONFIG,
  ).then(() => {
    (div as unknown as { on: (e: string, f: () => void) => void }).on("plotly_restyle", brushed);
  });
}

/** One dimension per varying axis (log for numbers spanning decades, categories as such), then the columns. */
function dimensionsOf(
  run: PageRunInfo,
  cells: readonly PageCell[],
  columns: readonly string[],
): object[] {
  const dimensions: object[] = [];
  for (const axis of varyingAxes(run, cells)) {
    if (isNumericAxis(cells, axis)) {
      const values = cells.map((c) => c.cell.params[axis] as number);
      if (spansDecades(values)) {
        const ticks = axisTicks(values, true)!;
        dimensions.push({
          label: `${axis} (log)`,
          values: values.map(Math.log10),
          tickvals: ticks.map(Math.log10),
          ticktext: ticks.map((t) => String(shortNumber(t))),
        });
      } else dimensions.push({ label: axis, values });
    } else {
      const names = [...new Set(cells.map((c) => formatValue(c.cell.params[axis] ?? null)))];
      dimensions.push({
        label: axis,
        values: cells.map((c) => names.indexOf(formatValue(c.cell.params[axis] ?? null))),
        tickvals: names.map((_, i) => i),
        ticktext: names,
      });
    }
  }
  for (const column of columns) {
    dimensions.push({
      label: nice(column),
      values: cells.map((c) => c.finals[column]?.mean ?? NaN),
      tickformat: ".4~g", // ticks and the range's ends: 0.9733, not 0.9733333
    });
  }
  return dimensions;
}
