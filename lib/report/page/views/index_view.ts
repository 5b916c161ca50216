/// <reference lib="dom" />
/**
 * The results index, drawn from the rows `runs.js` holds: one section per experiment, its
 * runs newest first (the last row of a run recorded twice wins), and a form to compare any
 * two of them.
 *
 * @module
 */

import type { IndexRow, LiveRow } from "../../index_page.ts";
import { h } from "../dom.ts";
import { liveEvents, onEvent, throttled } from "../live.ts";
import { IndexFilters } from "./index_filters.ts";

/**
 * The rows `runs.js` added, the last of each run kept, grouped by experiment (sorted), each
 * group newest first.
 *
 * @param rows Every row, in the order they were added.
 * @returns The experiments and their runs.
 */
export function indexSections(rows: readonly IndexRow[]): [string, IndexRow[]][] {
  const last = new Map<string, IndexRow>();
  for (const row of rows) {
    const key = `${row.experiment}/${row.id}`;
    last.delete(key); // a run recorded again moves to where its last row is
    last.set(key, row);
  }
  const groups = new Map<string, IndexRow[]>();
  for (const row of last.values()) {
    (groups.get(row.experiment) ?? groups.set(row.experiment, []).get(row.experiment)!).push(row);
  }
  // Run ids start with the start time, so the newest sort last.
  return [...groups].sort(([a], [b]) => (a < b ? -1 : 1)).map((
    [experiment, runs],
  ) => [experiment, runs.sort((a, b) => (a.started + a.id < b.started + b.id ? 1 : -1))]);
}

/** Draws the results index into `#runs`, and makes its forms open a comparison. */
export function renderIndex(): void {
  const rows: IndexRow[] = [...((globalThis as { mlpIndex?: IndexRow[] }).mlpIndex ?? [])];
  const root = document.getElementById("runs")!;
  const ticked: string[] = [];
  const live = new Map<string, LiveRow>();
  const list = h("div", { id: "run-list" });
  const filters = new IndexFilters(() => draw());
  const draw = () => {
    const all = indexSections([...rows, ...live.values()]);
    filters.offer(all);
    const sections = filters.apply(all);
    if (all.length === 0) {
      list.replaceChildren(
        h("p", {}, "No runs yet: ", h("code", {}, "deno task experiment"), "."),
      );
      return;
    }
    list.replaceChildren(
      anyTwo(sections),
      ...sections.map(([experiment, runs]) => experimentSection(experiment, runs, ticked)),
    );
  };
  root.append(filters.node, picked(ticked), list);
  draw();
  watchIndex(rows, live, draw);
}

/**
 * When the page is served by `deno task serve`: running runs' rows kept up to date (their
 * units done, diverged and left, time left, workers), and the rows of runs that end added,
 * without reloading.
 */
function watchIndex(rows: IndexRow[], live: Map<string, LiveRow>, draw: () => void): void {
  const source = liveEvents();
  if (source === undefined) return;
  const redraw = throttled(draw, 250);
  onEvent<LiveRow>(source, "run", (row) => {
    if (row.key !== `${row.experiment}/${row.id}`) return; // a run below another folder
    if (row.status === "running") live.set(row.key, row);
    else live.delete(row.key); // its final row comes from runs.js
    redraw();
  });
  onEvent<IndexRow>(source, "row", (row) => {
    rows.push(row);
    live.delete(`${row.experiment}/${row.id}`);
    redraw();
  });
}

/**
 * A form comparing the runs ticked in the tables, any number of them and of any
 * experiments, side by side: the first one ticked is the baseline (two: the pairwise page).
 */
function picked(order: string[]): HTMLElement {
  const button = h("button", { type: "submit", disabled: "" }, "Compare the ticked runs");
  const said = h("span", { class: "note" }, "tick two or more runs below");
  const form = h(
    "form",
    { class: "compare", id: "compare-picked" },
    "Or side by side: ",
    button,
    " ",
    said,
  );
  document.addEventListener("change", (e) => {
    const box = e.target as HTMLInputElement;
    if (!box.classList?.contains("pick")) return;
    const at = order.indexOf(box.value);
    if (box.checked && at < 0) order.push(box.value);
    if (!box.checked && at >= 0) order.splice(at, 1);
    button.toggleAttribute("disabled", order.length < 2);
    said.textContent = order.length
      ? `${order.length} ticked: ${order.join(", ")} (the first is the baseline)`
      : "tick two or more runs below";
  });
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const [a, b] = order.map(encodeURIComponent);
    location.href = order.length === 2
      ? `compare.html#a=${a}&b=${b}`
      : `compare.html#runs=${order.map(encodeURIComponent).join(",")}`;
  });
  return form;
}

/** A form comparing any two runs, of any experiments (each list grouped by experiment). */
function anyTwo(sections: readonly [string, readonly IndexRow[]][]): HTMLElement {
  const list = (name: string, label: string, pick: number) => {
    const select = h(
      "select",
      { name, "aria-label": label },
      sections.map(([experiment, runs]) =>
        h(
          "optgroup",
          { label: experiment },
          runs.map((r) =>
            h("option", { value: `${experiment}/${r.id}` }, `${experiment} / ${r.id}`)
          ),
        )
      ),
    );
    select.selectedIndex = Math.max(0, Math.min(pick, select.options.length - 1));
    return select;
  };
  const a = list("a", "any run A", 1), b = list("b", "any run B", 0);
  const form = h(
    "form",
    { class: "compare", id: "compare-any" },
    "Compare any run ",
    a,
    " with any run ",
    b,
    " ",
    h("button", { type: "submit" }, "Open comparison"),
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    location.href = `compare.html#a=${encodeURIComponent(a.value)}&b=${
      encodeURIComponent(b.value)
    }`;
  });
  return form;
}

function experimentSection(
  experiment: string,
  runs: readonly IndexRow[],
  ticked: readonly string[],
): HTMLElement {
  const options = runs.map((r) => h("option", { value: `${experiment}/${r.id}` }, r.id));
  // B is the newest run, A the one before it.
  const a = h(
    "select",
    { name: "a", "aria-label": "run A" },
    [
      ...options.slice(1),
      ...options.slice(0, 1),
    ].map((o) => o.cloneNode(true)),
  );
  const b = h("select", { name: "b", "aria-label": "run B" }, options);
  const form = h(
    "form",
    { class: "compare" },
    "Compare ",
    a,
    " with ",
    b,
    " ",
    h(
      "button",
      { type: "submit" },
      "Open comparison",
    ),
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    location.href = `compare.html#a=${encodeURIComponent(a.value)}&b=${
      encodeURIComponent(b.value)
    }`;
  });
  const head = [
    "tick",
    "run",
    "status",
    "started",
    "duration",
    "cells × seeds",
    "units done",
    "chosen cell per data set (test result)",
    "flags",
    "commit",
  ];
  return h(
    "section",
    { class: "experiment", id: experiment },
    h("h2", {}, experiment),
    form,
    h(
      "div",
      { class: "scroll" },
      h(
        "table",
        { class: "runs" },
        h("thead", {}, h("tr", {}, head.map((t) => h("th", {}, t)))),
        h("tbody", {}, runs.map((r) => runRow(experiment, r, ticked))),
      ),
    ),
  );
}

function runRow(experiment: string, r: IndexRow, ticked: readonly string[]): HTMLElement {
  const key = `${experiment}/${r.id}`;
  if (r.error !== undefined) {
    return h(
      "tr",
      {},
      h("td", {}),
      h("td", {}, r.id),
      h("td", { colspan: 8 }, `cannot be read: ${r.error}`),
    );
  }
  return h(
    "tr",
    {},
    h(
      "td",
      {},
      h("input", {
        type: "checkbox",
        class: "pick",
        value: key,
        "aria-label": `tick ${experiment} / ${r.id}`,
        ...(ticked.includes(key) ? { checked: "" } : {}),
      }),
    ),
    h(
      "td",
      {},
      h("a", { href: `${key}/index.html` }, r.id),
      r.tags?.length || r.note
        ? h(
          "div",
          { class: "labels" },
          (r.tags ?? []).map((t) => h("span", { class: "tag" }, t)),
          r.note ? h("small", {}, r.note) : null,
        )
        : null,
    ),
    h("td", {}, r.status),
    h("td", {}, r.started),
    h("td", { "data-sort": r.seconds }, r.duration),
    h("td", {}, r.size),
    "live" in r && r.status === "running"
      ? h(
        "td",
        { class: "live", "data-done": (r as LiveRow).live.done },
        progressText(r as LiveRow),
      )
      : h("td", {}, String(r.units)),
    h(
      "td",
      {},
      r.chosen.map((c) =>
        c.text === undefined
          ? h("div", {}, `${c.group}: —`)
          : h("div", {}, `${c.group}: ${c.text} `, h("small", {}, c.interval ?? ""))
      ),
    ),
    h("td", {}, r.flags),
    h("td", {}, h("code", {}, r.commit)),
  );
}

/** A running run's progress: `34 of 60 done · 1 diverged · 26 left · ~12 s to go · 2 workers`. */
function progressText(r: LiveRow): string {
  const { done, diverged, total, workers, eta } = r.live;
  return [
    `${done} of ${total} done`,
    ...(diverged ? [`${diverged} diverged`] : []),
    `${total - done} left`,
    ...(eta !== undefined ? [`~${durationWords(eta)} to go`] : []),
    `${workers} worker${workers === 1 ? "" : "s"}`,
  ].join(" · ");
}

function durationWords(s: number): string {
  if (s < 90) return `${Math.max(1, Math.round(s))} s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}
