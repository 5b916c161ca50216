/// <reference lib="dom" />
/**
 * A grid-aware view: the headline metric against the first varying axis, one line per combination of the others.
 *
 * @module
 */

import { formatShort, shortNumber } from "../../../experiment/json.ts";
import type { Json } from "../../../experiment/records.ts";
import { type Choice } from "../../../experiment/analysis/select.ts";
import { figure, PLOT_CONFIG, type PlotlyApi } from "../dom.ts";
import {
  colorOf,
  COLORS,
  isNumericAxis,
  nice,
  type PageCell,
  type PageRunInfo,
  section,
  spansDecades,
  varyingAxes,
} from "./_shared.ts";

/**
 * Ticks at the grid's own values, labelled with them (up to 12 of them): a log axis would
 * otherwise label 0.005 as "5" and 20 as "2", and 16/32/64 would go unlabelled.
 */
function valueTicks(values: readonly number[]): object {
  const ticks = [...new Set(values)].filter(Number.isFinite).sort((a, b) => a - b);
  if (ticks.length > 12) return { tickformat: "~g" };
  return { tickvals: ticks, ticktext: ticks.map((t) => String(shortNumber(t))) };
}

/** Beyond this many lines a legend is a wall of text: hovering names a line instead. */
const LEGEND = 12;

/** Per data set: the choice metric against a numeric axis, a colour per other setting. */
export function gridView(
  Plotly: PlotlyApi,
  run: PageRunInfo,
  choices: readonly Choice<PageCell>[],
): void {
  const root = section("grid");
  for (const choice of choices) {
    const cells = choice.cells;
    const axes = varyingAxes(run, cells);
    if (axes.length === 0) continue;
    const x = axes.find((a) => isNumericAxis(cells, a)) ?? axes[0]!;
    const numeric = isNumericAxis(cells, x);
    const rest = axes.filter((a) => a !== x);
    const groups = new Map<string, PageCell[]>();
    for (const c of cells) {
      const key = rest.map((a) => `${a}=${formatShort(c.cell.params[a] ?? null)}`).join(" ") ||
        choice.by;
      (groups.get(key) ?? groups.set(key, []).get(key)!).push(c);
    }
    const xs = cells.map((c) => c.cell.params[x]) as Json[];
    const log = numeric && spansDecades(xs as number[]);
    // Distinct colours however many lines (the seven named ones cycle beyond seven).
    const color = (i: number) =>
      groups.size <= COLORS.classes.length
        ? colorOf(COLORS.classes, i)
        : `hsl(${Math.round((360 * i) / groups.size)}, 70%, 42%)`;
    const traces = [...groups].map(([name, members], i) => {
      const s = members.map((c) => c.finals[choice.by]);
      return {
        type: "scatter",
        // Categories (optimizer, a named row) are not a sequence: points, not a line.
        mode: numeric ? "lines+markers" : "markers",
        name,
        x: members.map((c) => numeric ? c.cell.params[x] : formatShort(c.cell.params[x] ?? null)),
        y: s.map((v) => v?.mean ?? null),
        error_y: {
          type: "data",
          symmetric: false,
          array: s.map((v) => (v && Number.isFinite(v.ciHigh) ? v.ciHigh - v.mean : 0)),
          arrayminus: s.map((v) => (v && Number.isFinite(v.ciLow) ? v.mean - v.ciLow : 0)),
        },
        marker: {
          color: color(i),
          size: members.map((c) => (c === choice.chosen ? 16 : 8)),
          symbol: members.map((c) => (c === choice.chosen ? "star" : "circle")),
        },
        line: { color: color(i) },
        text: members.map((c) => c.cell.label),
        hovertemplate: "%{text}<br>%{y:.4f}<extra></extra>",
      };
    });
    Plotly.newPlot(figure(root, "plot wide"), traces, {
      title: {
        x: 0,
        xanchor: "left",
        xref: "paper",
        text: `${choice.group}: ${nice(choice.by)} (mean, 95% interval; ★ chosen${
          groups.size > LEGEND ? `; ${groups.size} lines: hover one for its settings` : ""
        })`,
      },
      xaxis: {
        title: { text: x },
        type: log ? "log" : numeric ? "linear" : "category",
        ...(numeric ? valueTicks(xs as number[]) : {}),
      },
      yaxis: { title: { text: nice(choice.by) } },
      margin: { t: 60, l: 60, r: 20, b: 50 },
      showlegend: groups.size <= LEGEND,
      legend: { orientation: "h", y: -0.2 },
    }, PLOT_CONFIG);
  }
}
