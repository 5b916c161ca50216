/// <reference lib="dom" />
/**
 * The run report's figures and table, drawn in the page from the run's payload: the best
 * settings per data set, a search's progress and rungs, a grid-aware view, parallel coordinates, the sortable table,
 * learning curves as small multiples with the spread over seeds, confusion matrices,
 * misclassified images and decision boundaries.
 *
 * @module
 */

import {
  aggregate,
  type CellAggregate,
  type Curve,
  headline,
  higherIsBetter,
} from "../../experiment/analysis/aggregate.ts";
import { formatValue } from "../../experiment/json.ts";
import type { Json, RunData } from "../../experiment/records.ts";
import { type Choice, chooseBest } from "../../experiment/analysis/select.ts";
import { INTERVAL_METHOD } from "../../experiment/analysis/stats.ts";
import { formatInterval, formatSummary, formatValueOf } from "../format.ts";
import {
  figure,
  h,
  interactiveTable,
  PLOT_CONFIG,
  plotly,
  type PlotlyApi,
  SMALL_CONFIG,
  warn,
} from "./dom.ts";
import { searchView } from "./search_view.ts";

/** Colours: train and validation in every small multiple; classes in pictures. */
export const COLORS = {
  train: "#1f77b4",
  validation: "#d62728",
  classes: ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2"],
  regions: ["#c6dbef", "#fdd0a2", "#c7e9c0", "#fcbba1", "#dadaeb", "#e7d4c8", "#f7c6e4"],
} as const;

function colorOf(list: readonly string[], i: number): string {
  return list[i % list.length]!;
}

const nice = (column: string) => column.replaceAll("_", " ");

/** Axes whose value differs between the cells given. */
function varyingAxes(run: RunData, cells: readonly CellAggregate[]): string[] {
  return Object.keys(run.manifest.axes).filter((a) =>
    new Set(cells.map((c) => JSON.stringify(c.cell.params[a] ?? null))).size > 1
  );
}

function isNumericAxis(cells: readonly CellAggregate[], axis: string): boolean {
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

/**
 * Draws the report of a run into the page's sections.
 *
 * @param run The run.
 */
export function renderReport(run: RunData): void {
  const cells = aggregate(run);
  const metric = run.manifest.metrics[0] ?? "loss";
  const choices = chooseBest(cells, metric);
  const chosen = new Set(choices.flatMap((c) => (c.chosen ? [c.chosen] : [])));
  const main = headline(run, cells);
  section("best", bestSection(choices));
  section("table", cellTable(run, cells, chosen));
  const Plotly = plotly();
  if (Plotly === undefined) {
    warn(
      "plotly.min.js did not load (the _assets folder next to this run's experiment folder is missing): figures are not shown.",
    );
    return;
  }
  searchView(Plotly, run, cells, choices[0]?.by ?? main, section);
  gridView(Plotly, run, choices);
  parallelCoordinates(Plotly, run, cells, choices);
  curves(Plotly, cells, chosen);
  classification(Plotly, choices);
  boundaries(Plotly, cells, main);
}

function section(id: string, ...content: Node[]): HTMLElement {
  const el = document.getElementById(id)!;
  el.append(...content);
  el.hidden = false;
  return el;
}

function bestSection(choices: readonly Choice[]): Node {
  const items = choices.map((c) =>
    h(
      "li",
      {},
      h("b", {}, c.group),
      ": ",
      c.chosen
        ? [
          h("span", { class: "chosen" }, `★ ${c.chosen.cell.label}`),
          ` — chosen on mean ${nice(c.by)} ${
            formatSummary(c.chosen.finals[c.by])
          } among ${c.cells.length} cells`,
          c.excluded ? ` (${c.excluded} with a diverged seed left out)` : "",
          `; its ${nice(c.reported)}: `,
          h("b", {}, formatSummary(c.result)),
          ` ${formatInterval(c.reported, c.result)}`,
        ]
        : "no cell qualifies (every cell has a diverged seed)",
    )
  );
  return h(
    "div",
    {},
    h("ul", { class: "choices" }, items),
    h(
      "p",
      { class: "note" },
      "★ marks the chosen cell of each data set: the best mean on the validation part (training part where there is none), never on the test part, never a cell with a diverged seed. Its test result is then reported as it is. Intervals: ",
      INTERVAL_METHOD,
      ".",
    ),
  );
}

function cellTable(
  run: RunData,
  cells: readonly CellAggregate[],
  chosen: ReadonlySet<CellAggregate>,
): Node {
  const axes = Object.keys(run.manifest.axes);
  const columns = [...new Set(cells.flatMap((c) => Object.keys(c.finals)))]
    .filter((c) => c !== "epochs_run");
  const header = h(
    "tr",
    {},
    h("th", {}, "★"),
    h("th", {}, "cell"),
    axes.map((a) => h("th", {}, a)),
    h("th", {}, "seeds"),
    h("th", {}, "epochs"),
    columns.map((c) => h("th", {}, nice(c))),
  );
  const rows = cells.map((c) =>
    h(
      "tr",
      { "data-cell": c.cell.id },
      h("td", { "data-sort": chosen.has(c) ? 1 : 0 }, chosen.has(c) ? "★" : ""),
      h("td", {}, c.cell.label),
      axes.map((a) => {
        const v = c.cell.params[a];
        return h(
          "td",
          typeof v === "number" ? { "data-sort": v } : {},
          v === undefined ? "" : formatValue(v),
        );
      }),
      h(
        "td",
        { "data-sort": c.units.length },
        c.diverged ? `${c.units.length} (${c.diverged} diverged)` : String(c.units.length),
      ),
      h(
        "td",
        { "data-sort": c.finals.epochs_run?.mean ?? "" },
        formatValueOf("epochs_run", c.finals.epochs_run?.mean ?? NaN),
      ),
      columns.map((col) => {
        const s = c.finals[col];
        return h(
          "td",
          { "data-sort": s && Number.isFinite(s.mean) ? s.mean : "" },
          formatSummary(s),
          " ",
          h("small", {}, formatInterval(col, s)),
        );
      }),
    )
  );
  const table = h("table", { id: "cells" }, h("thead", {}, header), h("tbody", {}, rows));
  const filter = h("input", {
    type: "search",
    id: "filter",
    placeholder: "Filter cells: type words, e.g. moons two-layer",
    "aria-label": "Filter cells",
  });
  interactiveTable(table, filter);
  return h(
    "div",
    {},
    filter,
    h("p", { class: "note" }, "Mean ± std over seeds, [95% interval]. Click a header to sort."),
    h("div", { class: "scroll" }, table),
  );
}

/** Per data set: the choice metric against a numeric axis, a colour per other setting. */
function gridView(Plotly: PlotlyApi, run: RunData, choices: readonly Choice[]): void {
  const root = section("grid");
  for (const choice of choices) {
    const cells = choice.cells;
    const axes = varyingAxes(run, cells);
    if (axes.length === 0) continue;
    const x = axes.find((a) => isNumericAxis(cells, a)) ?? axes[0]!;
    const numeric = isNumericAxis(cells, x);
    const rest = axes.filter((a) => a !== x);
    const groups = new Map<string, CellAggregate[]>();
    for (const c of cells) {
      const key = rest.map((a) => `${a}=${formatValue(c.cell.params[a] ?? null)}`).join(" ") ||
        choice.by;
      (groups.get(key) ?? groups.set(key, []).get(key)!).push(c);
    }
    const xs = cells.map((c) => c.cell.params[x]) as Json[];
    const log = numeric && spansDecades(xs as number[]);
    const traces = [...groups].map(([name, members], i) => {
      const s = members.map((c) => c.finals[choice.by]);
      return {
        type: "scatter",
        mode: "lines+markers",
        name,
        x: members.map((c) => numeric ? c.cell.params[x] : formatValue(c.cell.params[x] ?? null)),
        y: s.map((v) => v?.mean ?? null),
        error_y: {
          type: "data",
          symmetric: false,
          array: s.map((v) => (v && Number.isFinite(v.ciHigh) ? v.ciHigh - v.mean : 0)),
          arrayminus: s.map((v) => (v && Number.isFinite(v.ciLow) ? v.mean - v.ciLow : 0)),
        },
        marker: {
          color: colorOf(COLORS.classes, i),
          size: members.map((c) => (c === choice.chosen ? 16 : 8)),
          symbol: members.map((c) => (c === choice.chosen ? "star" : "circle")),
        },
        line: { color: colorOf(COLORS.classes, i) },
        text: members.map((c) => c.cell.label),
        hovertemplate: "%{text}<br>%{y:.4f}<extra></extra>",
      };
    });
    Plotly.newPlot(figure(root, "plot wide"), traces, {
      title: {
        x: 0,
        xanchor: "left",
        xref: "paper",
        text: `${choice.group}: ${nice(choice.by)} (mean, 95% interval; ★ chosen)`,
      },
      xaxis: { title: { text: x }, type: log ? "log" : numeric ? "linear" : "category" },
      yaxis: { title: { text: nice(choice.by) } },
      margin: { t: 60, l: 60, r: 20, b: 50 },
      legend: { orientation: "h", y: -0.2 },
    }, PLOT_CONFIG);
  }
}

/** All cells at once: one line per cell through its settings and final metrics. */
function parallelCoordinates(
  Plotly: PlotlyApi,
  run: RunData,
  cells: readonly CellAggregate[],
  choices: readonly Choice[],
): void {
  const by = choices[0]?.by, reported = choices[0]?.reported;
  if (by === undefined || cells.length < 2) return;
  const dimensions: object[] = [];
  for (const axis of varyingAxes(run, cells)) {
    if (isNumericAxis(cells, axis)) {
      const values = cells.map((c) => c.cell.params[axis] as number);
      if (spansDecades(values)) {
        const ticks = [...new Set(values)].sort((a, b) => a - b);
        dimensions.push({
          label: `${axis} (log)`,
          values: values.map(Math.log10),
          tickvals: ticks.map(Math.log10),
          ticktext: ticks.map(String),
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
  for (const column of [...new Set([by, reported!])]) {
    dimensions.push({
      label: nice(column),
      values: cells.map((c) => c.finals[column]?.mean ?? NaN),
    });
  }
  const color = cells.map((c) => c.finals[by]?.mean ?? NaN);
  Plotly.newPlot(
    figure(section("parcoords"), "plot wide"),
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
  );
}

function band(curve: Curve, color: string, name: string, group: string): object[] {
  const epochs = curve.mean.map((_, i) => i + 1);
  const finite = (v: number) => (Number.isFinite(v) ? v : null);
  return [
    {
      type: "scatter",
      mode: "lines",
      x: [...epochs, ...epochs.toReversed()],
      y: [...curve.max.map(finite), ...curve.min.toReversed().map(finite)],
      fill: "toself",
      fillcolor: color + "22",
      line: { width: 0 },
      hoverinfo: "skip",
      showlegend: false,
      legendgroup: group,
    },
    {
      type: "scatter",
      mode: "lines",
      name,
      legendgroup: group,
      x: epochs,
      y: curve.mean.map(finite),
      customdata: curve.n,
      line: { color, width: 2 },
      hovertemplate: `${name} epoch %{x}: %{y:.4f} (%{customdata} seeds)<extra></extra>`,
    },
  ];
}

/** Ticks one epoch or a round number of epochs apart, never between epochs. */
function epochAxis(epochs: number): object {
  const step = [1, 2, 5, 10, 20, 25, 50, 100, 200, 500].find((s) => epochs / s <= 6) ?? 1000;
  return { title: { text: "epoch" }, tickmode: "linear", tick0: 0, dtick: step, tickformat: "d" };
}

function curves(
  Plotly: PlotlyApi,
  cells: readonly CellAggregate[],
  chosen: ReadonlySet<CellAggregate>,
): void {
  const root = section("curves");
  const metrics = [...new Set(cells.flatMap((c) => Object.keys(c.curves)))].map((k) =>
    k.slice(k.indexOf("_") + 1)
  );
  const names = [...new Set(metrics)];
  const options = [...names, "max |w|"];
  const select = h(
    "select",
    { id: "curve-metric", "aria-label": "Metric" },
    options.map((m) => h("option", { value: m }, m)),
  );
  const grid = h("div", { class: "multiples" });
  root.append(
    h(
      "p",
      { class: "note" },
      "Show ",
      select,
      " — one plot per cell: mean over seeds (line) and the range over seeds (band); hover for the number of seeds behind a point (seeds stop early or diverge). Training in blue, validation in red.",
    ),
    grid,
  );
  const draw = () => {
    grid.replaceChildren();
    const m = select.value;
    for (const c of cells) {
      const div = figure(grid, "small");
      const traces: object[] = [];
      let values: number[] = [];
      if (m === "max |w|") {
        c.maxAbsWeight.forEach((layer, l) => {
          traces.push({
            type: "scatter",
            mode: "lines",
            name: `layer ${l + 1}`,
            x: layer.map((_, i) => i + 1),
            y: layer,
            line: { color: colorOf(COLORS.classes, l) },
          });
          values = values.concat(layer);
        });
      } else {
        for (const part of ["train", "validation"] as const) {
          const curve = c.curves[`${part}_${m}`];
          if (curve === undefined) continue;
          traces.push(...band(curve, COLORS[part], part, part));
          values = values.concat(curve.min, curve.max);
        }
      }
      const epochs = Math.max(...c.units.map((u) => u.history.length));
      const seeds = c.units.length;
      const lastN = Math.min(...Object.values(c.curves).map((k) => k.n.at(-1) ?? 0));
      const lossLike = !/accuracy|r2/.test(m);
      Plotly.newPlot(div, traces, {
        title: {
          x: 0,
          xanchor: "left",
          xref: "paper",
          text: `${chosen.has(c) ? "★ " : ""}${c.cell.label}${
            lastN < seeds ? ` (${lastN} of ${seeds} seeds at the end)` : ""
          }`,
          font: { size: 11 },
        },
        xaxis: epochAxis(epochs),
        yaxis: {
          type: lossLike && spansDecades(values, 2) ? "log" : "linear",
          title: { x: 0, xanchor: "left", xref: "paper", text: m },
        },
        showlegend: false,
        margin: { t: 40, l: 50, r: 10, b: 40 },
      }, SMALL_CONFIG);
    }
  };
  select.addEventListener("change", draw);
  draw();
}

function classification(Plotly: PlotlyApi, choices: readonly Choice[]): void {
  const shown = choices.filter((c) => c.chosen?.units.some((u) => u.diagnostics));
  if (shown.length === 0) return;
  const root = section("classification");
  for (const choice of shown) {
    const units = choice.chosen!.units.filter((u) => u.diagnostics);
    const first = units[0]!.diagnostics!;
    const k = first.confusion.length;
    const total = first.confusion.map((row, i) =>
      row.map((_, j) => units.reduce((s, u) => s + (u.diagnostics!.confusion[i]?.[j] ?? 0), 0))
    );
    const classes = Array.from({ length: k }, (_, i) => String(i));
    Plotly.newPlot(figure(root, "square"), [{
      type: "heatmap",
      z: total,
      x: classes,
      y: classes,
      colorscale: "Blues",
      reversescale: true,
      showscale: false,
      texttemplate: "%{z}",
      hovertemplate: "true %{y}, predicted %{x}: %{z}<extra></extra>",
    }], {
      title: {
        x: 0,
        xanchor: "left",
        xref: "paper",
        text: `${choice.group}<br>★ ${
          choice.chosen!.cell.label
        }: ${first.part}, ${units.length} seed${units.length === 1 ? "" : "s"}`,
        font: { size: 11 },
      },
      xaxis: { title: { text: "predicted" }, type: "category" },
      yaxis: { title: { text: "true" }, type: "category", autorange: "reversed" },
      margin: { t: 60, l: 50, r: 10, b: 50 },
    }, SMALL_CONFIG);
    const wrong = first.misclassified ?? [];
    if (wrong.length > 0 && first.image) {
      const { width, height } = first.image;
      root.append(
        h(
          "p",
          { class: "note" },
          `Misclassified ${first.part} images of ★ ${choice.chosen!.cell.label} (seed ${
            units[0]!.seed
          }):`,
        ),
        h(
          "div",
          { class: "strip" },
          wrong.map((w) => {
            const canvas = h("canvas", { width, height, class: "digit" });
            const ctx = canvas.getContext("2d");
            if (ctx) {
              const img = ctx.createImageData(width, height), bytes = atob(w.pixels);
              for (let i = 0; i < width * height; i++) {
                const v = 255 - bytes.charCodeAt(i);
                img.data.set([v, v, v, 255], i * 4);
              }
              ctx.putImageData(img, 0, 0);
            }
            return h("figure", {}, canvas, h("figcaption", {}, `${w.label} → ${w.predicted}`));
          }),
        ),
      );
    }
  }
}

function boundaries(Plotly: PlotlyApi, cells: readonly CellAggregate[], main: string): void {
  const withBoundary = cells.filter((c) => c.units[0]?.boundary);
  if (withBoundary.length === 0) return;
  const root = section("boundaries");
  const grid = h("div", { class: "multiples" });
  root.append(grid);
  for (const c of withBoundary) {
    const unit = c.units[0]!, b = unit.boundary!, n = b.size;
    const axis = (lo: number, hi: number) =>
      Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
    const z = Array.from({ length: n }, (_, r) => b.classes.slice(r * n, (r + 1) * n));
    const k = Math.max(...b.classes, ...b.points.map((p) => p[2])) + 1;
    const scale = Array.from({ length: k }, (_, i) => [
      [i / k, colorOf(COLORS.regions, i)],
      [(i + 1) / k, colorOf(COLORS.regions, i)],
    ]).flat();
    const traces: object[] = [{
      type: "heatmap",
      x: axis(b.x0, b.x1),
      y: axis(b.y0, b.y1),
      z,
      zmin: 0,
      zmax: k,
      colorscale: scale,
      showscale: false,
      hoverinfo: "skip",
    }];
    for (let cls = 0; cls < k; cls++) {
      const pts = b.points.filter((p) => p[2] === cls);
      traces.push({
        type: "scatter",
        mode: "markers",
        name: `class ${cls}`,
        x: pts.map((p) => p[0]),
        y: pts.map((p) => p[1]),
        marker: {
          size: 6,
          color: colorOf(COLORS.classes, cls),
          line: { width: 1, color: "#000" },
        },
      });
    }
    const part = main.slice(0, main.indexOf("_"));
    const acc = unit.final[part as "test"]?.accuracy;
    Plotly.newPlot(figure(grid, "small square"), traces, {
      title: {
        x: 0,
        xanchor: "left",
        xref: "paper",
        text: `${c.cell.label}<br>seed ${unit.seed}${
          acc === undefined ? "" : `, ${part} accuracy ${acc.toFixed(3)}`
        }`,
        font: { size: 11 },
      },
      legend: { orientation: "h", y: -0.12 },
      xaxis: { range: [b.x0, b.x1] },
      yaxis: { range: [b.y0, b.y1] },
      margin: { t: 50, l: 40, r: 10, b: 40 },
    }, SMALL_CONFIG);
  }
}
