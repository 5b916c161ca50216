/// <reference lib="dom" />
/**
 * The table of every cell: sortable (click a header), filterable (type words) and
 * following the parallel coordinates' brush. It draws at most {@link TABLE_ROWS} rows —
 * the first of the cells that match, in the order chosen — so a sweep of 10⁴ cells lays
 * out as fast as one of 12; sorting and filtering run over every cell.
 *
 * @module
 */

import { formatValue, shortNumber } from "../../../experiment/json.ts";
import { formatInterval, formatSummary, formatValueOf } from "../../format.ts";
import { h } from "../dom.ts";
import { nice, type PageCell, type PageRunInfo } from "./_shared.ts";

/** Rows drawn at most. */
export const TABLE_ROWS = 100;

/** A column: its header, each cell's text, and the number it sorts by (else the text). */
interface Column {
  readonly header: string;
  readonly text: (c: PageCell) => string;
  readonly small?: (c: PageCell) => string;
  readonly sort?: (c: PageCell) => number;
}

/** The cells table and what it leaves shown. */
export class CellTable {
  /** The table with its filter box and note, to put in the page. */
  readonly node: HTMLElement;
  /** The cells the reader clicked (their rows highlighted). */
  readonly picked: Set<string> = new Set();
  /** Called when the reader filters or picks a cell. */
  onChange: () => void = () => {};
  readonly #cells: readonly PageCell[];
  readonly #columns: readonly Column[];
  readonly #texts: readonly string[];
  readonly #body = h("tbody", {});
  readonly #note = h("p", { class: "note", id: "cells-shown" });
  readonly #rows = new Map<PageCell, HTMLTableRowElement>();
  #order: readonly PageCell[];
  #words: readonly string[] = [];
  #brushed: ReadonlySet<string> | undefined;

  /**
   * @param run The run (its axes).
   * @param cells Every cell, in plan order.
   * @param chosen The chosen cells (starred).
   */
  constructor(run: PageRunInfo, cells: readonly PageCell[], chosen: ReadonlySet<PageCell>) {
    const axes = Object.keys(run.manifest.axes);
    const metrics = [...new Set(cells.flatMap((c) => Object.keys(c.finals)))]
      .filter((c) => c !== "epochs_run");
    const finite = (v: number | undefined) => (v !== undefined && Number.isFinite(v) ? v : NaN);
    this.#columns = [
      { header: "★", text: (c) => (chosen.has(c) ? "★" : ""), sort: (c) => Number(chosen.has(c)) },
      { header: "cell", text: (c) => c.cell.label },
      ...axes.map((a): Column => ({
        header: a,
        text: (c) => {
          const v = c.cell.params[a];
          return v === undefined ? "" : formatValue(shortNumber(v));
        },
        ...(cells.every((c) => typeof c.cell.params[a] === "number")
          ? { sort: (c: PageCell) => c.cell.params[a] as number }
          : {}),
      })),
      {
        header: "seeds",
        text: (c) =>
          c.diverged ? `${c.units.length} (${c.diverged} diverged)` : String(c.units.length),
        sort: (c) => c.units.length,
      },
      {
        header: "epochs",
        text: (c) => formatValueOf("epochs_run", c.finals.epochs_run?.mean ?? NaN),
        sort: (c) => finite(c.finals.epochs_run?.mean),
      },
      ...metrics.map((m): Column => ({
        header: nice(m),
        text: (c) => formatSummary(c.finals[m]),
        small: (c) => formatInterval(m, c.finals[m]),
        sort: (c) => finite(c.finals[m]?.mean),
      })),
    ];
    this.#cells = cells;
    this.#order = cells;
    this.#texts = cells.map((c) => this.#columns.map((col) => col.text(c)).join(" ").toLowerCase());
    const headers = this.#columns.map((col, i) => {
      const th = h("th", { class: "sortable", title: "Sort" }, col.header);
      th.addEventListener("click", () => {
        const descending = th.dataset.order === "asc";
        for (const x of headers) delete x.dataset.order;
        th.dataset.order = descending ? "desc" : "asc";
        this.#sortBy(i, descending);
      });
      return th;
    });
    const table = h("table", { id: "cells" }, h("thead", {}, h("tr", {}, headers)), this.#body);
    const filter = h("input", {
      type: "search",
      id: "filter",
      placeholder: "Filter cells: type words, e.g. moons two-layer",
      "aria-label": "Filter cells",
    });
    filter.addEventListener("input", () => {
      this.#words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
      this.render();
      this.onChange();
    });
    this.node = h(
      "div",
      {},
      filter,
      h("p", { class: "note" }, "Mean ± std over seeds, [95% interval]. Click a header to sort."),
      h("div", { class: "scroll tall" }, table),
      this.#note,
    );
    this.render();
  }

  /** Keeps only the cells inside the parallel coordinates' brush (undefined: every cell). */
  set brushed(ids: ReadonlySet<string> | undefined) {
    this.#brushed = ids;
    this.render();
  }

  /** The cells the filter and the brush leave, in the table's order. */
  matching(): PageCell[] {
    const index = new Map(this.#cells.map((c, i) => [c, i]));
    return this.#order.filter((c) =>
      this.#brushed?.has(c.cell.id) !== false &&
      this.#words.every((w) => this.#texts[index.get(c)!]!.includes(w))
    );
  }

  /** Draws the first {@link TABLE_ROWS} matching rows. */
  render(): void {
    const matching = this.matching();
    this.#body.replaceChildren(...matching.slice(0, TABLE_ROWS).map((c) => this.#row(c)));
    this.#note.textContent = matching.length > TABLE_ROWS
      ? `The first ${TABLE_ROWS} of ${matching.length} cells${
        matching.length < this.#cells.length ? ` that match (of ${this.#cells.length})` : ""
      }: sort or filter to see others; cells.csv lists every one.`
      : "";
  }

  #sortBy(column: number, descending: boolean): void {
    const col = this.#columns[column]!;
    const key = col.sort ?? col.text;
    const keys = new Map(this.#cells.map((c) => [c, key(c)]));
    this.#order = [...this.#cells].sort((a, b) => {
      const x = keys.get(a)!, y = keys.get(b)!;
      const order = typeof x === "number" && typeof y === "number"
        ? (Number.isNaN(x) ? 1 : Number.isNaN(y) ? -1 : x - y)
        : String(x).localeCompare(String(y), undefined, { numeric: true });
      return descending ? -order : order;
    });
    this.render();
  }

  #row(c: PageCell): HTMLTableRowElement {
    let row = this.#rows.get(c);
    if (row === undefined) {
      row = h(
        "tr",
        {
          "data-cell": c.cell.id,
          title: "Click to show this cell's curves (again to hide them)",
        },
        this.#columns.map((col) =>
          h("td", {}, col.text(c), col.small ? [" ", h("small", {}, col.small(c))] : [])
        ),
      );
      const r = row;
      r.addEventListener("click", () => {
        if (this.picked.delete(c.cell.id)) r.classList.remove("picked");
        else this.picked.add(c.cell.id), r.classList.add("picked");
        this.onChange();
      });
      this.#rows.set(c, row);
    }
    return row;
  }
}
