/// <reference lib="dom" />
/**
 * A grid-aware view: the headline metric against the first numeric axis, one line per
 * combination of the others — for a search, its trials as points (each at its last rung).
 *
 * @module
 */

import { formatShort, shortNumber } from "../../../experiment/json.ts";
import type { Json } from "../../../experiment/records.ts";
import { type Choice } from "../../../experiment/analysis/select.ts";
import { figure, PLOT_CONFIG, type PlotlyApi } from "../dom.ts";
import {
  axisTicks,
  colorOf,
  COLORS,
  isNumericAxis,
  nice,
  type PageCell,
  type PageRunInfo,
  section,
  spansDecades,
  trialKey,
  varyingAxes,
} from "./_shared.ts";

/**
 * Ticks labelled with their values (the grid's own, up to 12 of them): a log axis would
 * otherwise label 0.005 as "5" and 20 as "2", and 16/32/64 would go unlabelled.
 */
function valueTicks(values: readonly number[], log: boolean): object {
  const ticks = axisTicks(values, log);
  if (ticks === undefined) return { tickformat: "~g" };
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
    const search = run.manifest.search !== undefined;
    const cells = search ? lastRungs(choice.cells) : choice.cells;
    const axes = varyingAxes(run, cells).filter((a) => !(search && a === "epochs"));
    if (axes.length === 0) continue;
    const x = axes.find((a) => isNumericAxis(cells, a)) ?? axes[0]!;
    const numeric = isNumericAxis(cells, x);
    const rest = colourAxes(cells, axes.filter((a) => a !== x), search);
    const groups = groupsOf(cells, rest, search ? "trials" : choice.by);
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
        mode: numeric && !search ? "lines+markers" : "markers",
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
          search
            ? `; ${cells.length} trials${
              cells.length < choice.cells.length ? ", each at the last rung it reached" : ""
            }`
            : groups.size > LEGEND
            ? `; ${groups.size} lines: hover one for its settings`
            : ""
        })`,
      },
      xaxis: {
        title: { text: x },
        type: log ? "log" : numeric ? "linear" : "category",
        ...(numeric ? valueTicks(xs as number[], log) : {}),
      },
      yaxis: { title: { text: nice(choice.by) } },
      margin: { t: 60, l: 60, r: 20, b: 50 },
      showlegend: groups.size <= LEGEND,
      legend: { orientation: "h", y: -0.2 },
    }, PLOT_CONFIG);
  }
}

/** Each trial of a search once: at the last rung it reached (its longest training). */
function lastRungs(cells: readonly PageCell[]): PageCell[] {
  const last = new Map<string, PageCell>();
  for (const c of cells) {
    const key = trialKey(c), seen = last.get(key);
    if (seen === undefined || c.cell.config.epochs > seen.cell.config.epochs) last.set(key, c);
  }
  return [...last.values()];
}

/** The cells by their values of the `rest` axes (all in one group named `all` when none). */
function groupsOf(
  cells: readonly PageCell[],
  rest: readonly string[],
  all: string,
): Map<string, PageCell[]> {
  const groups = new Map<string, PageCell[]>();
  for (const c of cells) {
    const key = rest.map((a) => `${a}=${formatShort(c.cell.params[a] ?? null)}`).join(" ") || all;
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(c);
  }
  return groups;
}

/**
 * The axes that tell a panel's lines apart. A grid: every other axis, one line per
 * combination. A search's trials share no values: one setting with few values (the
 * points coloured by it), or none.
 */
function colourAxes(cells: readonly PageCell[], others: readonly string[], search: boolean) {
  if (!search) return others;
  return others.filter((a) =>
    !isNumericAxis(cells, a) &&
    new Set(cells.map((c) => formatShort(c.cell.params[a] ?? null))).size <= LEGEND
  ).slice(0, 1);
}
