/// <reference lib="dom" />
/**
 * The comparison page: what differs between the two runs' set-ups, the verdict, per-cell
 * differences with paired intervals and Holm-corrected p-values, every metric, and both
 * runs' curves overlaid for the cells that differ most.
 *
 * @module
 */

import { cellVerdict, compareRuns, seedsSentence } from "../../experiment/analysis/compare.ts";
import { streamsSentence } from "../../experiment/analysis/compared.ts";
import { aggregate, type CellAggregate } from "../../experiment/analysis/aggregate.ts";
import type { PageRun } from "./run_data.ts";
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
  a: PageRun,
  b: PageRun,
  links: { readonly a: string; readonly b: string },
): Promise<void> {
  const c = compareRuns(a, b);
  const root = document.getElementById("comparison")!;
  const runLine = (tag: string, r: PageRun, href: string) =>
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
    h("p", { id: "streams", class: "note" }, streamsSentence(c)),
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
  await curves(Plotly, root, c, { a, b });
}

/** How many cells the comparison draws curves for: those whose runs differ most. */
const CURVES_SHOWN = 8;

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

/**
 * Both runs' curves of the cells that differ most (at most {@link CURVES_SHOWN}: differing
 * cells first, then by the size of B − A on the primary metric), overlaid: A in blue, B in
 * red. Their epochs load on demand.
 */
async function curves(
  Plotly: PlotlyApi,
  root: HTMLElement,
  c: Comparison,
  runs: { readonly a: PageRun; readonly b: PageRun },
): Promise<void> {
  const metric = c.headline.slice(c.headline.indexOf("_") + 1);
  const size = (x: Comparison["cells"][number]) =>
    Math.abs(x.metrics.find((m) => m.column === c.headline)?.test?.difference ?? NaN);
  const order = (x: Comparison["cells"][number]) => Number.isFinite(size(x)) ? size(x) : -1;
  const shown = [...c.cells].sort((x, y) =>
    Number(y.differs) - Number(x.differs) || order(y) - order(x)
  ).slice(0, CURVES_SHOWN);
  const [fa, fb] = await Promise.all(
    (["a", "b"] as const).map(async (side) => {
      const ids = shown.flatMap((x) => x.runs[side] ? [x.runs[side].cell.id] : []);
      const run = await runs[side].full(ids);
      return new Map(aggregate(run).map((g) => [g.cell.id, g]));
    }),
  ) as [Map<string, CellAggregate>, Map<string, CellAggregate>];
  const grid = h("div", { class: "multiples" });
  root.append(
    h(
      "p",
      { class: "note" },
      `Validation ${metric} (training where there is none): A in blue, B in red; mean over seeds.${
        shown.length < c.cells.length
          ? ` ${shown.length} of ${c.cells.length} cells: those that differ, then those with the largest B − A in ${
            nice(c.headline)
          }.`
          : ""
      }`,
    ),
    grid,
  );
  for (const x of shown) {
    const sides = [
      [x.runs.a && fa.get(x.runs.a.cell.id), "A", "#1f77b4"],
      [x.runs.b && fb.get(x.runs.b.cell.id), "B", "#d62728"],
    ] as const;
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
