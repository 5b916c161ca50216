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
  headline,
  higherIsBetter,
  primaryMetric,
} from "../../experiment/analysis/aggregate.ts";
import type { RunData } from "../../experiment/records.ts";
import { chooseBest } from "../../experiment/analysis/select.ts";
import { loadPlotly, warn } from "./dom.ts";
import { searchView } from "./views/search.ts";
import { bestSection } from "./views/best.ts";
import { topSection } from "./views/top.ts";
import { cellTable } from "./views/cell_table.ts";
import { gridView } from "./views/grid.ts";
import { parallelCoordinates } from "./views/parallel_coordinates.ts";
import { curves } from "./views/curves.ts";
import { classification } from "./views/classification.ts";
import { boundaries } from "./views/boundaries.ts";
import { nice, section } from "./views/_shared.ts";

/**
 * Draws the report of a run into the page's sections.
 *
 * @param run The run.
 */
export async function renderReport(run: RunData): Promise<void> {
  const cells = aggregate(run);
  const metric = primaryMetric(run.manifest);
  const choices = chooseBest(cells, metric);
  const chosen = new Set(choices.flatMap((c) => (c.chosen ? [c.chosen] : [])));
  const main = headline(run, cells);
  section("best", bestSection(choices, metric));
  section("top", topSection(run, choices));
  section("table", cellTable(run, cells, chosen));
  const Plotly = await loadPlotly();
  if (Plotly === undefined) {
    warn(
      "plotly.min.js did not load (the _assets folder next to this run's experiment folder is missing): figures are not shown.",
    );
    return;
  }
  searchView(Plotly, run, cells, choices[0]?.by ?? main, section);
  gridView(Plotly, run, choices);
  let brushed: ReadonlySet<string> | undefined;
  let redraw = () => {};
  parallelCoordinates(Plotly, run, cells, choices, (ids) => {
    brushed = ids;
    redraw();
  });
  classification(Plotly, choices);
  const by = choices[0]?.by ?? main;
  const ranked = rankCells(cells, chosen, by);
  const picked = new Set<string>();
  const draw = () => {
    const visible = visibleCells(brushed);
    const shown = [
      ...ranked.filter((c) => picked.has(c.cell.id)),
      ...ranked.filter((c) => !picked.has(c.cell.id) && visible.has(c.cell.id)).slice(0, SHOWN),
    ];
    const note = shown.length < cells.length
      ? `${shown.length} of ${cells.length} cells: the best on ${
        nice(by)
      } among those the table shows (★ chosen first), and any you pick by clicking a row of the table. Type in the table's filter, or brush an axis of the parallel coordinates, to see others.`
      : "";
    curves(Plotly, shown, chosen, note);
    boundaries(Plotly, shown, main);
  };
  followTable(picked, draw);
  redraw = draw;
  draw();
}

/** How many cells the curves and boundaries show at once (and any the reader picks). */
const SHOWN = 8;

/** Cells best first on `by` (the chosen ones first of all); cells without a value last. */
function rankCells(
  cells: readonly CellAggregate[],
  chosen: ReadonlySet<CellAggregate>,
  by: string,
): CellAggregate[] {
  const sign = higherIsBetter(by) ? -1 : 1;
  const value = (c: CellAggregate) => {
    const v = c.finals[by]?.mean ?? NaN;
    return Number.isFinite(v) ? sign * v : Infinity;
  };
  return [...cells].sort((a, b) =>
    Number(chosen.has(b)) - Number(chosen.has(a)) || value(a) - value(b) ||
    a.cell.index - b.cell.index
  );
}

/**
 * The ids of the cells the table's filter leaves shown and, when the parallel coordinates
 * are brushed, that lie inside every brushed range; the table's rows follow the brush too.
 */
function visibleCells(brushed: ReadonlySet<string> | undefined): Set<string> {
  const rows = [...document.querySelectorAll<HTMLTableRowElement>("#cells tbody tr")];
  for (const r of rows) r.classList.toggle("brushed-out", brushed?.has(r.dataset.cell!) === false);
  return new Set(
    rows.filter((r) => !r.hidden && brushed?.has(r.dataset.cell!) !== false).map((r) =>
      r.dataset.cell!
    ),
  );
}

/** Redraws on the table's filter, and toggles a cell picked when its row is clicked. */
function followTable(picked: Set<string>, draw: () => void): void {
  document.getElementById("filter")?.addEventListener("input", draw);
  for (const row of document.querySelectorAll<HTMLTableRowElement>("#cells tbody tr")) {
    row.title = "Click to show this cell's curves (again to hide them)";
    row.addEventListener("click", () => {
      const id = row.dataset.cell!;
      if (picked.delete(id)) row.classList.remove("picked");
      else picked.add(id), row.classList.add("picked");
      draw();
    });
  }
}
