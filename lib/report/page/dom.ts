/// <reference lib="dom" />
/**
 * The pages' DOM helpers: elements are built with text nodes only (never `innerHTML`), so
 * a label from a run is always text; a minimal typing of the Plotly global; sortable and
 * filterable tables.
 *
 * @module
 */

/** The part of plotly.js the pages use (it is loaded by a `<script>` element). */
export interface PlotlyApi {
  newPlot(
    root: HTMLElement,
    data: readonly object[],
    layout?: object,
    config?: object,
  ): Promise<unknown>;
}

/** The Plotly global, or undefined when plotly.min.js did not load. */
export function plotly(): PlotlyApi | undefined {
  return (globalThis as { Plotly?: PlotlyApi }).Plotly;
}

/**
 * plotly, loaded when a page first needs it (after its text is drawn, so the 4.8 MB script
 * never holds up the first paint; a page without figures never loads it): from the path in
 * `<body data-plotly>`, or already there (a standalone page carries it inline).
 *
 * @returns The library, or undefined when it cannot be loaded.
 */
export async function loadPlotly(): Promise<PlotlyApi | undefined> {
  const path = document.body.dataset.plotly;
  if (plotly() === undefined && path !== undefined) await loadScript(path).catch(() => {});
  return plotly();
}

/** Attributes of {@link h}: strings become attributes, `class` included. */
export type Attributes = { readonly [name: string]: string | number | undefined };

/** A child: a node, or text. */
export type Child = Node | string | number | null | undefined | false;

/**
 * Creates an element with attributes and children; strings become text nodes.
 *
 * @param tag The tag name.
 * @param attributes Attributes (undefined ones are skipped).
 * @param children Children.
 * @returns The element.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: (Child | readonly Child[])[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attributes)) {
    if (v !== undefined) el.setAttribute(k, String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === "number" ? String(c) : c);
  }
  return el;
}

/** Plotly's options of a large figure: no logo, the mode bar only on hover. */
export const PLOT_CONFIG = { displaylogo: false, displayModeBar: "hover", responsive: true };

/** Small multiples: no mode bar at all, so it never covers a title. */
export const SMALL_CONFIG = { ...PLOT_CONFIG, displayModeBar: false };

/** A div for a figure, appended to `parent`. */
export function figure(parent: HTMLElement, className = "plot"): HTMLDivElement {
  const div = h("div", { class: `figure ${className}` });
  parent.append(div);
  return div;
}

/**
 * Makes a table sortable (click a header; again to reverse) and filterable (rows that
 * contain every word typed in the box). Cells may carry `data-sort` with a number.
 *
 * @param table The table; its first row is the header.
 * @param filter The text box.
 */
export function interactiveTable(table: HTMLTableElement, filter?: HTMLInputElement): void {
  const body = table.tBodies[0]!;
  const headers = [...table.tHead!.rows[0]!.cells];
  headers.forEach((th, column) => {
    th.classList.add("sortable");
    th.title = "Sort";
    th.addEventListener("click", () => {
      const descending = th.dataset.order === "asc";
      headers.forEach((x) => delete x.dataset.order);
      th.dataset.order = descending ? "desc" : "asc";
      const key = (row: HTMLTableRowElement) => {
        const cell = row.cells[column];
        const n = cell?.dataset.sort;
        return n !== undefined && n !== "" ? Number(n) : (cell?.textContent ?? "");
      };
      const rows = [...body.rows].sort((a, b) => {
        const x = key(a), y = key(b);
        const order = typeof x === "number" && typeof y === "number"
          ? (Number.isNaN(x) ? 1 : Number.isNaN(y) ? -1 : x - y)
          : String(x).localeCompare(String(y), undefined, { numeric: true });
        return descending ? -order : order;
      });
      body.append(...rows);
    });
  });
  filter?.addEventListener("input", () => {
    const words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
    for (const row of body.rows) {
      const text = (row.textContent ?? "").toLowerCase();
      row.hidden = !words.every((w) => text.includes(w));
    }
  });
}

/** The run registry that `run.js` files fill. */
export function registry(): Record<string, unknown> {
  return ((globalThis as { mlpRuns?: Record<string, unknown> }).mlpRuns ??= {});
}

/**
 * Loads `<path>/run.js` with a script element (works from `file://`, where `fetch` does not).
 *
 * @param path The run folder, relative to the page.
 * @returns When it ran.
 */
export function loadScript(path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = h("script", { src: path });
    s.onload = () => resolve();
    s.onerror = () => reject(new Error(`Cannot load ${path}`));
    document.head.append(s);
  });
}

/**
 * Lets the page handle what is waiting (a click, a live update) before drawing on: a long
 * drawing made of short steps keeps the page responsive.
 *
 * @returns When the page has had its turn.
 */
export function yieldToPage(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Shows a message at the top of the page (e.g. plotly missing). */
export function warn(text: string): void {
  document.body.prepend(h("p", { class: "warning" }, text));
}
