/// <reference lib="dom" />
/**
 * The run report's figures and table, drawn in the page from the run's payload: the best
 * settings per data set, a search's progress and rungs, a grid-aware view, parallel coordinates, the sortable table,
 * learning curves as small multiples with the spread over seeds, confusion matrices,
 * misclassified images and decision boundaries.
 *
 * @module
 */

import { aggregate, headline } from "../../experiment/analysis/aggregate.ts";
import type { RunData } from "../../experiment/records.ts";
import { chooseBest } from "../../experiment/analysis/select.ts";
import { plotly, warn } from "./dom.ts";
import { searchView } from "./views/search.ts";
import { bestSection } from "./views/best.ts";
import { cellTable } from "./views/cell_table.ts";
import { gridView } from "./views/grid.ts";
import { parallelCoordinates } from "./views/parallel_coordinates.ts";
import { curves } from "./views/curves.ts";
import { classification } from "./views/classification.ts";
import { boundaries } from "./views/boundaries.ts";
import { section } from "./views/_shared.ts";

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
