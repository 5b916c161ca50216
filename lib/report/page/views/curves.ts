/// <reference lib="dom" />
/**
 * Learning curves as small multiples, with the spread over seeds.
 *
 * @module
 */

import { type CellAggregate, type Curve } from "../../../experiment/analysis/aggregate.ts";
import { figure, h, type PlotlyApi, SMALL_CONFIG } from "../dom.ts";
import { colorOf, COLORS, section, spansDecades } from "./_shared.ts";

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

/**
 * The curves section: a metric picker and one small plot per cell.
 *
 * @param Plotly The plotting library.
 * @param cells Every cell.
 * @param chosen The chosen cells' ids (starred).
 * @param note Which cells these are, when not every cell.
 */
export function curves(
  Plotly: PlotlyApi,
  cells: readonly CellAggregate[],
  chosen: ReadonlySet<string>,
  note = "",
): void {
  const root = section("curves");
  root.querySelector(".body")?.remove(); // drawn again when the cells shown change
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
  const same = h("input", { type: "checkbox", id: "curve-shared" });
  root.append(h(
    "div",
    { class: "body" },
    h(
      "p",
      { class: "note" },
      "Show ",
      select,
      " ",
      h("label", {}, same, " same y scale"),
      " — one plot per cell: mean over seeds (line) and the range over seeds (band); hover for the number of seeds behind a point (seeds stop early or diverge). Training in blue, validation in red. ",
      note,
    ),
    grid,
  ));
  const draw = () => {
    grid.replaceChildren();
    const shared = same.checked ? sharedAxis(cells, select.value) : undefined;
    for (const c of cells) {
      cellCurves(Plotly, figure(grid, "small"), c, {
        metric: select.value,
        chosen,
        ...(shared ? { shared } : {}),
      });
    }
  };
  select.addEventListener("change", draw);
  same.addEventListener("change", draw);
  draw();
}

/** One y axis for every cell shown: the type and range that hold all their values. */
function sharedAxis(cells: readonly CellAggregate[], m: string): { type: string; range: number[] } {
  const values = cells.flatMap((c) => curveTraces(c, m).values).filter(Number.isFinite);
  const log = !/accuracy|r2/.test(m) && spansDecades(values, 2);
  const xs = log ? values.filter((v) => v > 0).map(Math.log10) : values;
  const lo = Math.min(...xs), hi = Math.max(...xs), pad = (hi - lo) * 0.05 || 0.05;
  return { type: log ? "log" : "linear", range: [lo - pad, hi + pad] };
}

/** A cell's traces of a metric (or its layers' largest weights), and every value they show. */
function curveTraces(c: CellAggregate, m: string): { traces: object[]; values: number[] } {
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
  return { traces, values };
}

/** One cell's curves of a metric (or its layers' largest weights), drawn into `div`. */
function cellCurves(
  Plotly: PlotlyApi,
  div: HTMLElement,
  c: CellAggregate,
  at: {
    metric: string;
    chosen: ReadonlySet<string>;
    shared?: { type: string; range: number[] };
  },
): void {
  const m = at.metric, chosen = at.chosen;
  const { traces, values } = curveTraces(c, m);
  const epochs = Math.max(...c.units.map((u) => u.history.length));
  const seeds = c.units.length;
  const lastN = Math.min(...Object.values(c.curves).map((k) => k.n.at(-1) ?? 0));
  const lossLike = !/accuracy|r2/.test(m);
  Plotly.newPlot(div, traces, {
    title: {
      x: 0,
      xanchor: "left",
      xref: "paper",
      text: `${chosen.has(c.cell.id) ? "★ " : ""}${c.cell.label}${
        lastN < seeds ? ` (${lastN} of ${seeds} seeds at the end)` : ""
      }`,
      font: { size: 11 },
    },
    xaxis: epochAxis(epochs),
    yaxis: {
      ...(at.shared ?? { type: lossLike && spansDecades(values, 2) ? "log" : "linear" }),
      title: { x: 0, xanchor: "left", xref: "paper", text: m },
    },
    showlegend: false,
    margin: { t: 40, l: 50, r: 10, b: 40 },
  }, SMALL_CONFIG);
}
