/// <reference lib="dom" />
/**
 * Several runs side by side (`compare.html#runs=<a>,<b>,<c>…`): each run's best cell
 * against the first run's, with Holm's correction over the comparisons; the cells every
 * run has, their headline metric per run; and the best cells' validation curves overlaid.
 *
 * @module
 */

import { aggregate } from "../../experiment/analysis/aggregate.ts";
import { compareMany, type ManyComparison } from "../../experiment/analysis/compare_many.ts";
import { formatDifference, formatInterval, formatP, formatSummary } from "../format.ts";
import {
  figure,
  h,
  interactiveTable,
  loadPlotly,
  PLOT_CONFIG,
  type PlotlyApi,
  warn,
} from "./dom.ts";
import type { PageRun } from "./run_data.ts";
import { colorOf, COLORS, nice } from "./views/_shared.ts";

/** Rows of the table of cells every run has, at most. */
const COMMON_ROWS = 100;

/**
 * Draws the side-by-side comparison of several runs into the page.
 *
 * @param runs The runs, the baseline first.
 * @param links Relative links to their reports.
 */
export async function renderMany(
  runs: readonly PageRun[],
  links: readonly string[],
): Promise<void> {
  const c = compareMany(runs);
  const root = document.getElementById("comparison")!;
  document.title = `${runs.length} runs side by side`;
  const main = runsTable(c, links);
  const common = commonTable(c);
  root.append(
    h("h2", {}, "Verdict"),
    h("p", { id: "verdict", class: "verdict" }, c.verdict),
    h(
      "p",
      { class: "note" },
      `Each run's best cell is chosen on validation as in its report; its ${
        nice(c.column)
      } is compared with run A's best — a paired t-test over the seeds both ran when they used the same data, Welch's test otherwise — and Holm's correction runs over the ${
        runs.length - 1
      } comparisons.`,
    ),
    h("div", { class: "scroll" }, main),
    h("h2", {}, "Cells in every run"),
    c.common.length
      ? h(
        "p",
        { class: "note" },
        `${nice(c.column)}, mean ± std over seeds${
          c.common.length > COMMON_ROWS
            ? `; the first ${COMMON_ROWS} of ${c.common.length} cells`
            : ""
        }. Click a header to sort.`,
      )
      : h("p", {}, "No cell is in every run (cells match by their settings, else by their label)."),
    c.common.length ? h("div", { class: "scroll tall" }, common) : "",
    h("h2", {}, "The best cells' curves"),
  );
  const Plotly = await loadPlotly();
  if (Plotly === undefined) {
    warn("plotly.min.js did not load: figures are not shown.");
    return;
  }
  await bestCurves(Plotly, root, c, runs);
}

/** A, B, C … */
function letter(i: number): string {
  return String.fromCharCode(65 + i);
}

/** One row per run: its best cell, the headline metric, against run A with Holm's p. */
function runsTable(c: ManyComparison, links: readonly string[]): HTMLTableElement {
  const main = h(
    "table",
    { id: "many" },
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        ["", "run", "seeds", "★ best cell", nice(c.column), "− A [95% CI]", "test", "p", "p (Holm)"]
          .concat(["verdict", "its best differs from A's in"]).map((t) => h("th", {}, t)),
      ),
    ),
    h(
      "tbody",
      {},
      c.runs.map((x, i) => {
        const m = x.run.manifest, t = x.vsFirst;
        return h(
          "tr",
          { class: x.differs ? "differs" : "" },
          h("td", {}, letter(i)),
          h("td", {}, h("a", { href: links[i]! }, `${m.experiment} / ${m.runId}`)),
          h("td", { "data-sort": m.seeds.length }, String(m.seeds.length)),
          h("td", {}, x.chosen?.cell.label ?? "—"),
          h(
            "td",
            { "data-sort": x.result?.mean ?? "" },
            formatSummary(x.result),
            " ",
            h("small", {}, formatInterval(c.column, x.result)),
          ),
          h(
            "td",
            { "data-sort": t?.difference ?? "" },
            t ? formatDifference(t.difference, t.ciLow, t.ciHigh) : i === 0 ? "baseline" : "—",
          ),
          h("td", {}, t ? `${t.test} (n=${t.n})` : "—"),
          h("td", { "data-sort": t?.p ?? "" }, formatP(t?.p ?? NaN)),
          h("td", { "data-sort": x.pAdjusted }, formatP(x.pAdjusted)),
          h(
            "td",
            {},
            i === 0 ? "baseline" : x.differs ? "differs" : t ? "no evidence of a difference" : "—",
          ),
          h("td", {}, x.settings.map((s) => s.what).join(", ") || (i === 0 ? "" : "nothing")),
        );
      }),
    ),
  );
  interactiveTable(main);
  return main;
}

/** The cells every run has, the headline metric per run (the first rows). */
function commonTable(c: ManyComparison): HTMLTableElement {
  const common = h(
    "table",
    { id: "common" },
    h(
      "thead",
      {},
      h("tr", {}, h("th", {}, "cell"), c.runs.map((_, i) => h("th", {}, letter(i)))),
    ),
    h(
      "tbody",
      {},
      c.common.slice(0, COMMON_ROWS).map((x) =>
        h(
          "tr",
          {},
          h("td", {}, x.label),
          x.values.map((v) => h("td", { "data-sort": v?.mean ?? "" }, formatSummary(v))),
        )
      ),
    ),
  );
  interactiveTable(common);
  return common;
}

/** The best cells' validation curves overlaid, their epochs loaded on demand. */
async function bestCurves(
  Plotly: PlotlyApi,
  root: HTMLElement,
  c: ManyComparison,
  runs: readonly PageRun[],
): Promise<void> {
  const metric = c.column.slice(c.column.indexOf("_") + 1);
  const traces = await Promise.all(c.runs.map(async (x, i) => {
    if (x.chosen === undefined) return [];
    const [g] = aggregate(await runs[i]!.full([x.chosen.cell.id]));
    const curve = g?.curves[`validation_${metric}`] ?? g?.curves[`train_${metric}`];
    if (curve === undefined) return [];
    return [{
      type: "scatter",
      mode: "lines",
      name: `${letter(i)}: ${x.chosen.cell.label}`,
      x: curve.mean.map((_, e) => e + 1),
      y: curve.mean.map((v) => (Number.isFinite(v) ? v : null)),
      line: { color: colorOf(COLORS.classes, i) },
    }];
  }));
  Plotly.newPlot(figure(root, "plot wide"), traces.flat(), {
    title: {
      x: 0,
      xanchor: "left",
      xref: "paper",
      text:
        `Validation ${metric} (training where there is none) of each run's ★ cell, mean over seeds`,
    },
    xaxis: { title: { text: "epoch" }, tickformat: "d" },
    margin: { t: 60, l: 60, r: 20, b: 50 },
    legend: { orientation: "h", y: -0.2 },
  }, PLOT_CONFIG);
}
