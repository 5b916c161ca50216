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
  aggregateFinals,
  headline,
  higherIsBetter,
  primaryMetric,
} from "../../experiment/analysis/aggregate.ts";
import { chooseBest } from "../../experiment/analysis/select.ts";
import type { PageRun } from "./run_data.ts";
import { loadPlotly, type PlotlyApi, warn, yieldToPage } from "./dom.ts";
import { searchView } from "./views/search.ts";
import { bestSection } from "./views/best.ts";
import { topSection } from "./views/top.ts";
import { CellTable } from "./views/cell_table.ts";
import { gridView } from "./views/grid.ts";
import { parallelCoordinates } from "./views/parallel_coordinates.ts";
import { curves } from "./views/curves.ts";
import { classification } from "./views/classification.ts";
import { boundaries } from "./views/boundaries.ts";
import { nice, type PageCell, section } from "./views/_shared.ts";

/**
 * Draws the report of a run into the page's sections: the overview from the units'
 * summaries, then the curves, boundaries and confusion matrices of the cells shown, whose
 * epochs and pictures load on demand.
 *
 * @param run The run.
 * @param options `live`: the run is still going and the page redraws often — the parallel
 *   coordinates (a WebGL figure, seconds to draw in software) wait for its end.
 */
export async function renderReport(
  run: PageRun,
  options: { readonly live?: boolean } = {},
): Promise<void> {
  const cells = aggregateFinals(run);
  const metric = primaryMetric(run.manifest);
  const choices = chooseBest(cells, metric);
  const chosen = new Set(choices.flatMap((c) => (c.chosen ? [c.chosen] : [])));
  const main = headline(run, cells);
  section("best", bestSection(choices, metric, run.manifest));
  section("top", topSection(run, choices));
  const table = new CellTable(run, cells, chosen);
  section("table", table.node);
  const Plotly = await loadPlotly();
  if (Plotly === undefined) {
    warn(
      "plotly.min.js did not load (the _assets folder next to this run's experiment folder is missing): figures are not shown.",
    );
    return;
  }
  searchView(Plotly, run, cells, choices[0]?.by ?? main, section);
  await yieldToPage();
  gridView(Plotly, run, choices);
  await yieldToPage();
  let redraw = () => {};
  if (!options.live) {
    parallelCoordinates(Plotly, run, cells, choices, (ids) => {
      table.brushed = ids;
      redraw();
    });
  }
  await yieldToPage();
  await chosenCells(Plotly, run, choices, chosen);
  const by = choices[0]?.by ?? main;
  const ranked = rankCells(cells, chosen, by);
  const starred = new Set([...chosen].map((c) => c.cell.id));
  const picked = table.picked;
  let drawing = 0;
  const draw = async () => {
    const visible = new Set(table.matching().map((c) => c.cell.id));
    const shown = [
      ...ranked.filter((c) => picked.has(c.cell.id)),
      ...ranked.filter((c) => !picked.has(c.cell.id) && visible.has(c.cell.id)).slice(0, SHOWN),
    ];
    const note = shown.length < cells.length
      ? `${shown.length} of ${cells.length} cells: the best on ${
        nice(by)
      } among those the table shows (★ chosen first), and any you pick by clicking a row of the table. Type in the table's filter, or brush an axis of the parallel coordinates, to see others.`
      : "";
    const turn = ++drawing;
    document.body.dataset.drawing = "";
    const detailed = await run.full(shown.map((c) => c.cell.id)).catch((e) => {
      warn(e instanceof Error ? e.message : String(e));
      return undefined;
    });
    if (turn !== drawing) return; // a later draw is under way
    delete document.body.dataset.drawing;
    if (detailed === undefined) return;
    const byId = new Map(aggregate(detailed).map((c) => [c.cell.id, c]));
    const drawn = shown.flatMap((c) => byId.get(c.cell.id) ?? []);
    curves(Plotly, drawn, starred, note);
    await yieldToPage();
    if (turn !== drawing) return;
    boundaries(Plotly, drawn, main);
  };
  table.onChange = draw;
  redraw = draw;
  await draw();
}

/** The chosen cells' confusion matrices and misclassified images (their details loaded). */
async function chosenCells(
  Plotly: PlotlyApi,
  run: PageRun,
  choices: ReturnType<typeof chooseBest<PageCell>>,
  chosen: ReadonlySet<PageCell>,
): Promise<void> {
  const full = new Map(
    aggregate(await run.full([...chosen].map((c) => c.cell.id))).map((c) => [c.cell.id, c]),
  );
  await yieldToPage();
  classification(
    Plotly,
    choices.map(({ chosen, ...c }) => ({
      ...c,
      cells: [],
      tied: [],
      ...(chosen ? { chosen: full.get(chosen.cell.id)! } : {}),
    })),
  );
}

/** How many cells the curves and boundaries show at once (and any the reader picks). */
const SHOWN = 8;

/** Cells best first on `by` (the chosen ones first of all); cells without a value last. */
function rankCells(
  cells: readonly PageCell[],
  chosen: ReadonlySet<PageCell>,
  by: string,
): PageCell[] {
  const sign = higherIsBetter(by) ? -1 : 1;
  const value = (c: PageCell) => {
    const v = c.finals[by]?.mean ?? NaN;
    return Number.isFinite(v) ? sign * v : Infinity;
  };
  return [...cells].sort((a, b) =>
    Number(chosen.has(b)) - Number(chosen.has(a)) || value(a) - value(b) ||
    a.cell.index - b.cell.index
  );
}
