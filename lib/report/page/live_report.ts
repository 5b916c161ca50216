/// <reference lib="dom" />
/**
 * A run's page while the run goes, served by `deno task serve`: the report redrawn as units
 * finish (at most once a second — less often when a redraw is slow — keeping the reader's place), and a "Live" section with the
 * run's progress, each unit that diverges the moment its journal line is read, and the loss
 * curves of the units in progress growing epoch by epoch. When the run's final report is
 * written, the page loads it.
 *
 * @module
 */

import type { UnitResult } from "../../experiment/records.ts";
import { unitKey } from "../../experiment/store/manifest.ts";
import type { EpochRecord } from "../../train/fit.ts";
import type { IndexRow, LiveRow } from "../index_page.ts";
import { type RunPayload, unitFromJson } from "../payload.ts";
import { figure, h, loadPlotly, PLOT_CONFIG } from "./dom.ts";
import { liveEvents, onEvent, pageFolder, throttled } from "./live.ts";
import { renderReport } from "./report_view.ts";
import { pageRun } from "./run_data.ts";

/** The report's sections a redraw empties first. */
const SECTIONS = [
  "best",
  "top",
  "search",
  "grid",
  "parcoords",
  "table",
  "curves",
  "classification",
  "boundaries",
];

interface InProgress {
  readonly cell: string;
  readonly seed: number;
  readonly epochs: EpochRecord[];
}

/**
 * Follows the page's run when the page is served live and the run is going.
 *
 * @param payload The run's data as the page loaded it.
 */
export function watchRun(payload: RunPayload): void {
  const folder = pageFolder();
  const source = liveEvents(folder);
  if (source === undefined) return;
  const units = new Map<string, UnitResult>();
  const running = new Map<string, InProgress>();
  const labels = new Map(payload.manifest.cells.map((c) => [c.id, c.label]));
  let panel: LivePanel | undefined;
  const redraw = throttled(() => redrawReport(payload, [...units.values()]), 1000);
  const drawProgress = throttled(() => panel?.progress([...running.values()], labels), 500);
  onEvent<LiveRow>(source, "run", (row) => {
    if (row.key !== folder) return;
    if (row.status === "running") (panel ??= new LivePanel()).status(row);
    else panel?.ended(row);
  });
  onEvent<{ key: string; units: UnitResult[] }>(source, "units", (data) => {
    if (data.key !== folder) return;
    for (const raw of data.units) {
      const u = unitFromJson(raw), key = unitKey(u.cellId, u.seed);
      units.set(key, u);
      running.delete(key);
      if (u.status === "diverged") panel?.diverged(u, labels.get(u.cellId) ?? u.cellId);
    }
    redraw();
    drawProgress();
  });
  onEvent<InProgress & { key: string }>(source, "epochs", (data) => {
    if (data.key !== folder) return;
    const key = unitKey(data.cell, data.seed);
    let unit = running.get(key);
    if (unit === undefined) {
      running.set(key, unit = { cell: data.cell, seed: data.seed, epochs: [] });
    }
    unit.epochs.push(...data.epochs);
    drawProgress();
  });
  onEvent<{ key: string }>(source, "reset", (data) => {
    if (data.key !== folder) return;
    units.clear();
    redraw();
  });
  onEvent<IndexRow>(source, "row", (row) => {
    // The run's final report is written: show it.
    if (panel !== undefined && `${row.experiment}/${row.id}` === folder) location.reload();
  });
}

/** Draws the report again from the units so far, keeping the reader's place. */
async function redrawReport(payload: RunPayload, units: UnitResult[]): Promise<void> {
  const y = scrollY;
  for (const id of SECTIONS) {
    const el = document.getElementById(id);
    if (el === null) continue;
    const heading = el.querySelector(":scope > h2");
    el.replaceChildren(...(heading ? [heading] : []));
    el.hidden = true;
  }
  const key = `${payload.manifest.experiment}/${payload.manifest.runId}`;
  const run = await pageRun({ key, manifest: payload.manifest, units }, key, ".");
  await renderReport(run, { live: true });
  scrollTo(0, y);
}

/** The "Live" section: progress, units that diverged, units in progress. */
class LivePanel {
  readonly #line = h("p", { class: "live", id: "live-status" });
  readonly #diverged = h("ul", { id: "live-diverged" });
  readonly #plot: HTMLDivElement;
  readonly #waiting = h(
    "p",
    { class: "note" },
    "The loss of each unit in progress, epoch by epoch, shows here once it has trained for a second (shorter units show when they finish).",
  );

  constructor() {
    const section = h(
      "section",
      { id: "live" },
      h("h2", {}, "Live"),
      this.#line,
      h("h3", {}, "Units that diverged"),
      this.#diverged,
      h("h3", {}, "Units in progress"),
      this.#waiting,
    );
    this.#plot = figure(section, "figure wide");
    this.#plot.hidden = true;
    const status = document.querySelector("p.status");
    (status ?? document.body.firstElementChild!).after(section);
  }

  status(row: LiveRow): void {
    const { done, diverged, total, workers, eta } = row.live;
    this.#line.dataset.done = String(done);
    this.#line.textContent = [
      `running: ${done} of ${total} units done`,
      `${diverged} diverged`,
      `${total - done} left`,
      ...(eta !== undefined ? [`about ${Math.max(1, Math.round(eta))} s to go`] : []),
      `${workers} worker${workers === 1 ? "" : "s"}`,
    ].join(" · ");
  }

  ended(row: LiveRow): void {
    this.#line.textContent =
      `The run has ended (${row.status}): its report is being written and loads here.`;
  }

  diverged(u: UnitResult, label: string): void {
    this.#diverged.append(
      h("li", { class: "diverged" }, `${label}, seed ${u.seed}: diverged at epoch ${u.epochsRun}`),
    );
  }

  async progress(running: InProgress[], labels: Map<string, string>): Promise<void> {
    const shown = running.filter((r) => r.epochs.length > 0);
    this.#plot.hidden = shown.length === 0;
    this.#waiting.hidden = shown.length > 0;
    if (shown.length === 0) return;
    const Plotly = await loadPlotly();
    if (Plotly === undefined) return;
    const traces = shown.flatMap((r, i) => {
      const name = `${labels.get(r.cell) ?? r.cell} · seed ${r.seed}`;
      const x = r.epochs.map((e) => e.epoch);
      const color = `hsl(${(i * 67) % 360} 60% 42%)`;
      return [
        {
          type: "scatter",
          mode: "lines+markers",
          name: `${name} (train)`,
          x,
          y: r.epochs.map((e) => e.train.loss),
          line: { color },
        },
        ...(r.epochs[0]?.validation
          ? [{
            type: "scatter",
            mode: "lines+markers",
            name: `${name} (validation)`,
            x,
            y: r.epochs.map((e) => e.validation?.loss ?? null),
            line: { color, dash: "dot" },
          }]
          : []),
      ];
    });
    await Plotly.newPlot(this.#plot, traces, {
      margin: { t: 30, r: 10 },
      title: { text: "Loss of the units in progress, by epoch" },
      xaxis: { title: { text: "epoch" } },
      yaxis: { title: { text: "loss" } },
    }, PLOT_CONFIG);
  }
}
