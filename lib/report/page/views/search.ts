/// <reference lib="dom" />
/**
 * The report's view of a search (random, Sobol, halving): what it trained in all, the best
 * score so far against the epochs spent, and for successive halving each rung — the trials
 * that reached it, the ones it stopped and the scores the decision was made on.
 *
 * @module
 */

import { higherIsBetter } from "../../../experiment/analysis/aggregate.ts";
import { searchBudget, trainedEpochs } from "../../../experiment/analysis/budget.ts";
import { formatValueOf } from "../../format.ts";
import { figure, h, PLOT_CONFIG, type PlotlyApi } from "../dom.ts";
import { type PageCell, type PageRunInfo, trialKey } from "./_shared.ts";

const nice = (column: string) => column.replaceAll("_", " ");

/** One rung of a halving search, as the run's files show it. */
interface Rung {
  readonly epochs: number;
  readonly cells: readonly PageCell[];
  /** Trial keys that went on to the next rung. */
  readonly continued: ReadonlySet<string>;
}

function rungsOf(cells: readonly PageCell[]): Rung[] {
  const epochs = [...new Set(cells.map((c) => c.cell.config.epochs))].sort((a, b) => a - b);
  const at = epochs.map((e) => cells.filter((c) => c.cell.config.epochs === e));
  return epochs.map((e, k) => ({
    epochs: e,
    cells: at[k]!,
    continued: new Set((at[k + 1] ?? []).map(trialKey)),
  }));
}

/**
 * Draws the search section, when the run is a search.
 *
 * @param Plotly The plotting library.
 * @param run The run.
 * @param cells Its cells, aggregated.
 * @param by The column the best cell is chosen on (e.g. `validation_accuracy`).
 * @param section Shows the page section of an id, with content appended.
 */
export function searchView(
  Plotly: PlotlyApi,
  run: PageRunInfo,
  cells: readonly PageCell[],
  by: string,
  section: (id: string, ...content: Node[]) => HTMLElement,
): void {
  const search = run.manifest.search;
  if (search === undefined || search.kind === "grid" || cells.length === 0) return;
  const budget = searchBudget(run.manifest, [...run.units.values()].map(trainedEpochs))!;
  const el = section("search", h("p", { id: "search-budget" }, budget.text));
  bestSoFar(Plotly, el, cells, by);
  if (search.kind === "halving") rungView(Plotly, el, cells);
}

/** Each trial's score in the order the search ran them, and the best so far, against epochs spent. */
function bestSoFar(
  Plotly: PlotlyApi,
  el: HTMLElement,
  cells: readonly PageCell[],
  by: string,
): void {
  const sign = higherIsBetter(by) ? 1 : -1;
  const ordered = [...cells].sort((a, b) => a.cell.index - b.cell.index);
  const spent: number[] = [], scores: (number | null)[] = [], best: (number | null)[] = [];
  let total = 0, top = NaN;
  for (const c of ordered) {
    total += c.units.reduce((n, u) => n + trainedEpochs(u), 0);
    const score = c.finals[by]?.mean ?? NaN;
    if (Number.isFinite(score) && c.diverged === 0 && !(sign * (top - score) >= 0)) top = score;
    spent.push(total);
    scores.push(Number.isFinite(score) ? score : null);
    best.push(Number.isFinite(top) ? top : null);
  }
  Plotly.newPlot(
    figure(el, "plot wide"),
    [
      {
        type: "scatter",
        mode: "markers",
        name: "trial (cell)",
        x: spent,
        y: scores,
        text: ordered.map((c, i) => `#${i + 1} ${c.cell.label}`),
        hovertemplate: "%{text}<br>%{y:.4f} after %{x} epochs<extra></extra>",
        marker: { color: "#999", size: 7 },
      },
      {
        type: "scatter",
        mode: "lines",
        name: "best so far",
        x: spent,
        y: best,
        line: { color: "#d62728", width: 2, shape: "hv" },
        hovertemplate: "best %{y:.4f} after %{x} epochs<extra></extra>",
      },
    ],
    {
      title: {
        x: 0,
        xanchor: "left",
        xref: "paper",
        text: `Best ${nice(by)} so far against the epochs trained (every seed counted)`,
      },
      xaxis: { title: { text: "epochs trained" }, rangemode: "tozero" },
      yaxis: { title: { text: nice(by) } },
      margin: { t: 60, l: 60, r: 20, b: 50 },
      legend: { orientation: "h", y: -0.2 },
    },
    PLOT_CONFIG,
  );
}

/** The rungs of a halving search: a table, and each trial's decision score rung by rung. */
function rungView(Plotly: PlotlyApi, el: HTMLElement, cells: readonly PageCell[]): void {
  // The runner keeps the trials with the lowest mean validation loss (training loss without
  // a validation part).
  const column = cells.some((c) => "validation_loss" in c.finals)
    ? "validation_loss"
    : "train_loss";
  const rungs = rungsOf(cells);
  const score = (c: PageCell) => c.finals[column]?.mean ?? NaN;
  el.append(
    h("h3", {}, "Rungs"),
    h(
      "p",
      { class: "note" },
      `Each rung trains its trials for its epochs (a trial going on continues where its previous rung ended); the best on mean ${
        nice(column)
      } over seeds go on to the next. Grey: trials stopped at the rung where their line ends.`,
    ),
    rungTable(rungs, column, score),
  );
  trialTraces(Plotly, el, { cells, rungs, column, score });
}

/** One row per rung: its epochs, trials, how many went on and stopped, the best score. */
function rungTable(
  rungs: ReturnType<typeof rungsOf>,
  column: string,
  score: (c: PageCell) => number,
): HTMLElement {
  const last = rungs.length - 1;
  const table = h(
    "table",
    { id: "rungs" },
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        ["rung", "epochs", "trials", "went on", "stopped here", `best ${nice(column)}`].map((t) =>
          h("th", {}, t)
        ),
      ),
    ),
    h(
      "tbody",
      {},
      rungs.map((r, k) => {
        const on = r.cells.filter((c) => r.continued.has(trialKey(c))).length;
        const finite = r.cells.map(score).filter(Number.isFinite);
        return h(
          "tr",
          {},
          h("td", {}, String(k + 1)),
          h("td", {}, String(r.epochs)),
          h("td", {}, String(r.cells.length)),
          h("td", {}, k === last ? "— (last rung)" : String(on)),
          h("td", {}, k === last ? "—" : String(r.cells.length - on)),
          h("td", {}, finite.length ? formatValueOf(column, Math.min(...finite)) : "—"),
        );
      }),
    ),
  );
  return table;
}

/** Each trial's score at every rung it reached: blue to the last rung, grey ending in ×. */
function trialTraces(
  Plotly: PlotlyApi,
  el: HTMLElement,
  at: {
    cells: readonly PageCell[];
    rungs: ReturnType<typeof rungsOf>;
    column: string;
    score: (c: PageCell) => number;
  },
): void {
  const { cells, rungs, column, score } = at;
  const last = rungs.length - 1;
  const byTrial = new Map<string, PageCell[]>();
  for (const c of cells) {
    const key = trialKey(c);
    (byTrial.get(key) ?? byTrial.set(key, []).get(key)!).push(c);
  }
  const traces = [...byTrial.values()].map((trial) => {
    trial.sort((a, b) => a.cell.config.epochs - b.cell.config.epochs);
    const reached = rungs.findIndex((r) => r.epochs === trial.at(-1)!.cell.config.epochs);
    const finished = reached === last;
    return {
      type: "scatter",
      mode: "lines+markers",
      x: trial.map((c) => c.cell.config.epochs),
      y: trial.map((c) => (Number.isFinite(score(c)) ? score(c) : null)),
      text: trial.map((c) => c.cell.label),
      hovertemplate: "%{text}<br>%{y:.4f}<extra></extra>",
      showlegend: false,
      line: { color: finished ? "#1f77b4" : "#bbb", width: finished ? 2 : 1 },
      marker: {
        color: finished ? "#1f77b4" : "#bbb",
        symbol: trial.map((_, i) => (i === trial.length - 1 && !finished ? "x" : "circle")),
      },
    };
  });
  Plotly.newPlot(
    figure(el, "plot wide"),
    traces,
    {
      title: {
        x: 0,
        xanchor: "left",
        xref: "paper",
        text: `Each trial's ${nice(column)} at every rung it reached (blue: the last rung)`,
      },
      xaxis: {
        title: { text: "epochs (rung)" },
        type: "log",
        tickvals: rungs.map((r) => r.epochs),
        ticktext: rungs.map((r) => String(r.epochs)),
      },
      yaxis: { title: { text: nice(column) } },
      margin: { t: 60, l: 60, r: 20, b: 50 },
    },
    PLOT_CONFIG,
  );
}
