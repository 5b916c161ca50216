/// <reference lib="dom" />
/**
 * The comparison page: what differs between the two runs' set-ups, the verdict, per-cell
 * differences with paired intervals and Holm-corrected p-values, every metric, and both
 * runs' curves per cell overlaid.
 *
 * @module
 */

import { cellVerdict, compareRuns, seedsSentence } from "../../experiment/analysis/compare.ts";
import type { RunData } from "../../experiment/records.ts";
import { formatDifference, formatP, formatSummary } from "../format.ts";
import {
  figure,
  h,
  interactiveTable,
  loadPlotly,
  type PlotlyApi,
  SMALL_CONFIG,
  warn,
} from "./dom.ts";

const nice = (column: string) => column.replaceAll("_", " ");

type Comparison = ReturnType<typeof compareRuns>;

/**
 * Draws the comparison of run B against run A into the page.
 *
 * @param a The run compared against.
 * @param b The run compared with it.
 * @param links Relative links to both runs' reports.
 */
export async function renderComparison(
  a: RunData,
  b: RunData,
  links: { readonly a: string; readonly b: string },
): Promise<void> {
  const c = compareRuns(a, b);
  const root = document.getElementById("comparison")!;
  const runLine = (tag: string, r: RunData, href: string) =>
    h(
      "li",
      {},
      `${tag}: `,
      h("a", { href }, `${r.manifest.experiment} / ${r.manifest.runId}`),
      ` — ${r.manifest.status}, started ${r.manifest.started}`,
    );
  document.title = `${a.manifest.runId} vs ${b.manifest.runId}`;
  const table = cellsTable(c), all = metricsTable(c), seeds = seedsSentence(c);
  root.append(
    h("ul", {}, runLine("A", a, links.a), runLine("B", b, links.b)),
    h("h2", {}, "Set-up"),
    setupTable(c),
    h("h2", {}, "Verdict"),
    h("p", { id: "verdict", class: "verdict" }, c.verdict),
    c.warning ? h("p", { id: "few-seeds", class: "warning" }, c.warning) : "",
    seeds ? h("p", { id: "seeds", class: "note" }, `${seeds}.`) : "",
    h(
      "p",
      { class: "note" },
      `Paired t-test over the seeds both runs finished (the same seed gives the same data and split), and every column over those seeds; Welch's t-test where fewer than two seeds match. The verdict is about the primary metric, ${
        c.headline.replaceAll("_", " ")
      }: Holm's correction runs over that metric in every cell; the other metrics are secondary (their p is each test's alone). A cell whose final metrics are equal on every seed is identical and not tested.`,
    ),
    h("div", { class: "scroll" }, table),
    h("h2", {}, "Every final metric"),
    h("div", { class: "scroll" }, all),
    h("h2", {}, "Curves, both runs"),
  );
  const Plotly = await loadPlotly();
  if (Plotly === undefined) {
    warn("plotly.min.js did not load: figures are not shown.");
    return;
  }
  curves(Plotly, root, c);
}

/** Per cell: how it was matched, both runs' headline metric, B − A, the test and verdict. */
function cellsTable(c: Comparison): HTMLElement {
  const table = h(
    "table",
    { id: "cells" },
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        ["cell", "matched by", "paired seeds", `A ${nice(c.headline)}`, `B ${nice(c.headline)}`]
          .concat(["B − A [95% CI]", "test", "p", "p (Holm)", "verdict"]).map((t) =>
            h("th", {}, t)
          ),
      ),
    ),
    h(
      "tbody",
      {},
      c.cells.map((x) => {
        const m = x.metrics.find((m) => m.column === c.headline), t = m?.test;
        return h(
          "tr",
          { class: x.differs ? "differs" : "" },
          h("td", {}, x.label),
          h("td", {}, x.match),
          h("td", { "data-sort": x.pairedSeeds.length }, String(x.pairedSeeds.length)),
          h("td", { "data-sort": m?.a?.mean ?? "" }, formatSummary(m?.a)),
          h("td", { "data-sort": m?.b?.mean ?? "" }, formatSummary(m?.b)),
          h(
            "td",
            { "data-sort": t?.difference ?? "" },
            t ? formatDifference(t.difference, t.ciLow, t.ciHigh) : "—",
          ),
          h("td", {}, t ? `${t.test} (n=${t.n})` : "—"),
          h("td", { "data-sort": t?.p ?? "" }, formatP(t?.p ?? NaN)),
          h("td", { "data-sort": m?.pAdjusted ?? "" }, formatP(m?.pAdjusted ?? NaN)),
          h("td", {}, cellVerdict(x)),
        );
      }),
    ),
  );
  interactiveTable(table);
  return table;
}

/** Every final metric of every cell, both runs and the difference. */
function metricsTable(c: Comparison): HTMLElement {
  const all = h(
    "table",
    { id: "metrics" },
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        ["cell", "metric", "A", "B", "B − A [95% CI]", "p", "p (Holm, primary only)"].map((t) =>
          h("th", {}, t)
        ),
      ),
    ),
    h(
      "tbody",
      {},
      c.cells.flatMap((x) =>
        x.metrics.map((m) =>
          h(
            "tr",
            { class: m.differs ? "differs" : "" },
            h("td", {}, x.label),
            h("td", {}, nice(m.column), m.primary ? " (primary)" : " (secondary)"),
            h("td", {}, formatSummary(m.a)),
            h("td", {}, formatSummary(m.b)),
            h(
              "td",
              {},
              m.test ? formatDifference(m.test.difference, m.test.ciLow, m.test.ciHigh) : "—",
            ),
            h("td", { "data-sort": m.test?.p ?? "" }, formatP(m.test?.p ?? NaN)),
            h(
              "td",
              { "data-sort": m.primary ? m.pAdjusted : "" },
              m.primary ? formatP(m.pAdjusted) : "—",
            ),
          )
        )
      ),
    ),
  );
  interactiveTable(all);
  return all;
}

/** What differs between the two runs' set-ups (or that nothing does). */
function setupTable(c: Comparison): HTMLElement {
  return (
    c.setup.length
      ? h(
        "table",
        { id: "setup" },
        h("thead", {}, h("tr", {}, h("th", {}, "what"), h("th", {}, "A"), h("th", {}, "B"))),
        h(
          "tbody",
          {},
          c.setup.map((d) => h("tr", {}, h("td", {}, d.what), h("td", {}, d.a), h("td", {}, d.b))),
        ),
      )
      : h("p", {}, "Same set-up: definition, overrides, flags, seeds, commit, backend and Deno.")
  );
}

/** Both runs' curves of each cell, overlaid: A in blue, B in red. */
function curves(Plotly: PlotlyApi, root: HTMLElement, c: Comparison): void {
  const metric = c.headline.slice(c.headline.indexOf("_") + 1);
  const grid = h("div", { class: "multiples" });
  root.append(
    h(
      "p",
      { class: "note" },
      `Validation ${metric} (training where there is none): A in blue, B in red; mean over seeds.`,
    ),
    grid,
  );
  for (const x of c.cells) {
    const sides = [[x.runs.a, "A", "#1f77b4"], [x.runs.b, "B", "#d62728"]] as const;
    const traces = sides.flatMap(([g, name, color]) => {
      if (g === undefined) return [];
      const curve = g.curves[`validation_${metric}`] ?? g.curves[`train_${metric}`];
      if (curve === undefined) return [];
      return [{
        type: "scatter",
        mode: "lines",
        name,
        x: curve.mean.map((_, i) => i + 1),
        y: curve.mean.map((v) => (Number.isFinite(v) ? v : null)),
        line: { color },
      }];
    });
    Plotly.newPlot(figure(grid, "small"), traces, {
      title: { x: 0, xanchor: "left", xref: "paper", text: x.label, font: { size: 11 } },
      xaxis: { title: { text: "epoch" }, tickformat: "d" },
      margin: { t: 40, l: 50, r: 10, b: 40 },
      legend: { orientation: "h", y: -0.25 },
    }, SMALL_CONFIG);
  }
}
