/// <reference lib="dom" />
/**
 * The sortable, filterable table of every cell.
 *
 * @module
 */

import { type CellAggregate } from "../../../experiment/analysis/aggregate.ts";
import { formatValue, shortNumber } from "../../../experiment/json.ts";
import type { RunData } from "../../../experiment/records.ts";
import { formatInterval, formatSummary, formatValueOf } from "../../format.ts";
import { h, interactiveTable } from "../dom.ts";
import { nice } from "./_shared.ts";

export function cellTable(
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
          v === undefined ? "" : formatValue(shortNumber(v)),
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
    h("div", { class: "scroll tall" }, table),
  );
}
