/**
 * The pages a results folder holds, written from stored data only:
 *
 * - `<run>/index.html` and `<run>/run.js`: a run's report and its data;
 * - `<experiment>/compare-<A>--<B>.html`: a comparison written by `deno task compare`;
 * - `index.html`: every experiment and run, and `compare.html`, which compares any two
 *   runs picked there;
 * - `_assets/`: plotly (from the npm package `plotly.js-dist-min`) and the pages' script,
 *   shared by every page and named by version and content, so an old page keeps the
 *   script it was written with.
 *
 * Everything opens from `file://` with no network. Markup comes from the `html` template,
 * which escapes every value from a run.
 *
 * @module
 */

import { dirname, relative, resolve } from "node:path";
import { writeTextAtomic } from "../experiment/store/atomic.ts";
import type { CellConfig, Json, Manifest, RunData, RunSummary } from "../experiment/records.ts";
import { formatShort } from "../experiment/json.ts";
import { commitText } from "../experiment/store/manifest.ts";
import { INTERVAL_METHOD } from "../experiment/analysis/stats.ts";
import { openRun, readManifest, type StoredRun } from "../experiment/store/read.ts";
import { CompactJournal, JOURNAL_GZ } from "../experiment/store/compact.ts";
import { JOURNAL } from "../experiment/store/journal.ts";
import { type Html, html, raw } from "./html_template.ts";
import { detailChunks, DETAILS_BYTES, writeRunScript } from "./run_script.ts";
import {
  ASSETS,
  type Assets,
  durationText,
  flagsText,
  page,
  resultsRoot,
  seconds,
  writeAssets,
} from "./shell.ts";
import { type Labels, readLabels } from "../experiment/store/labels.ts";
import { recordInIndex } from "./index_page.ts";

function layersText(config: CellConfig): string {
  return config.model.layers.map((l) => {
    const { kind, ...rest } = l as unknown as { kind: string } & Record<string, Json>;
    const units = "units" in rest ? ` ${rest.units}` : "";
    const others = Object.entries(rest).filter(([k]) => k !== "units")
      .map(([k, v]) => `${k}=${formatShort(v)}`);
    return `${kind}${units}${others.length ? ` (${others.join(", ")})` : ""}`;
  }).join(" → ");
}

/** At most this many rows in the settings table; cells.csv and manifest.json list every cell. */
const SETTINGS_ROWS = 200;

/** Each setting of a cell as text, in the settings table's order. */
const SETTINGS: readonly (readonly [string, (c: CellConfig) => string])[] = [
  ["data", (c) => formatShort(c.data as unknown as Json)],
  [
    "split (validation, test, stratified)",
    (c) => `${c.split.validation}, ${c.split.test}, ${c.split.stratify ? "yes" : "no"}`,
  ],
  ["standardize", (c) => c.standardize ? "yes" : "no"],
  ["layers", (c) => `${c.model.inputs} inputs → ${layersText(c)}`],
  ["loss", (c) => c.loss],
  ["optimizer", (c) => formatShort(c.optimizer as unknown as Json)],
  ["batch", (c) => String(c.batchSize)],
  ["epochs", (c) => String(c.epochs)],
  ["patience", (c) => c.patience === null ? "—" : String(c.patience)],
  ["restore best", (c) => c.patience === null ? "—" : c.restoreBest === false ? "no" : "yes"],
  ["λ (L2)", (c) => String(c.l2)],
];

/**
 * The settings: those every cell shares once, then a table of the ones that vary, one row
 * per cell (the first {@link SETTINGS_ROWS}), so it stays readable however many cells.
 */
function settingsTable(m: Manifest): Html {
  const varying = SETTINGS.filter(([, text]) =>
    m.cells.some((c) => text(c.config) !== text(m.cells[0]!.config))
  );
  const shared = SETTINGS.filter((s) => !varying.includes(s));
  const rows = m.cells.slice(0, SETTINGS_ROWS);
  const first = m.cells[0]?.config;
  return html`
    ${first && shared.length
      ? html`<p id="settings-shared">Every cell: ${
        shared.map(([name, text], i) => html`${i ? "; " : ""}${name} <b>${text(first)}</b>`)
      }.</p>`
      : ""}
    ${varying.length
      ? html`
        <div class="scroll">
          <table id="settings-table">
            <thead>
              <tr><th>cell</th>${varying.map(([name]) => html`<th>${name}</th>`)}</tr>
            </thead>
            <tbody>${rows.map(({ label, config, included }) =>
              html`
                <tr${included ? "" : raw(' class="excluded"')}>
                  <td>${label}</td>${varying.map(([, text]) => html`<td>${text(config)}</td>`)}
                </tr>
              `
            )}</tbody>
          </table>
        </div>
        ${m.cells.length > rows.length
          ? html`
            <p
              class="note">The first ${rows.length} of ${m.cells
                .length} cells; cells.csv and manifest.json list every one.</p>
          `
          : ""}
      `
      : ""}
  `;
}

/**
 * The report page of a run (its data comes from `run.js` beside it).
 *
 * @param run The run.
 * @param assets Where the shared scripts are, relative to the page, and their names.
 * @returns HTML text.
 */
export function reportHtml(
  run: RunSummary,
  assets: { readonly path: string; readonly names: Assets },
  labels: Labels = { tags: [] },
): string {
  const m = run.manifest;
  return page(
    {
      title: `${m.experiment} — ${m.runId}`,
      assets: assets.path,
      names: assets.names,
      body: { page: "report", run: `${m.experiment}/${m.runId}` },
      figures: true,
      head: html`<script src="run.js"></script>`,
    },
    html`
      <h1>${m.experiment}</h1>
      <p>${m.description}</p>
      ${labelsLine(labels)}
      <p class="status">${runLine(run)}</p>
      <section id="best" hidden>
        <h2>Best settings per data set</h2>
      </section>
      <section id="top" hidden>
        <h2>The top cells, and how sure</h2>
      </section>
      <section id="search" hidden>
        <h2>The search</h2>
      </section>
      <section id="grid" hidden>
        <h2>Which settings won</h2>
      </section>
      <section id="parcoords" hidden>
        <h2>All cells at once (parallel coordinates)</h2>
      </section>
      <section id="table" hidden>
        <h2>Every cell</h2>
      </section>
      <section id="curves" hidden>
        <h2>Learning curves</h2>
      </section>
      <section id="classification" hidden>
        <h2>Classification: confusion matrices of the chosen cells</h2>
      </section>
      <section id="boundaries" hidden>
        <h2>Decision boundaries (first seed; training points on top)</h2>
      </section>
      <section id="run">
        <h2>This run</h2>
        <dl class="facts">${runFacts(run)}</dl>
      </section>
      <section id="provenance">
        <h2>Provenance</h2>
        <dl class="facts">${provenanceFacts(m)}</dl>
      </section>
      <section id="settings">
        <h2>Settings</h2>
        <div class="scroll tall">${settingsTable(m)}</div>
      </section>
    `,
  );
}

function fact(term: string, value: unknown): Html {
  return html`
    <dt>${term}</dt>
    <dd>${value}</dd>
  `;
}

/** The run's tags and note, when it has any. */
function labelsLine(labels: Labels): Html | string {
  if (labels.tags.length === 0 && labels.note === undefined) return "";
  return html`
    <p class="labels">${labels.tags.map((t) =>
      html`
        <span class="tag">${t}</span>
      `
    )}${labels.note ?? ""}</p>
  `;
}

/** The run in one line, above everything: status, units, duration, start. */
function runLine(run: RunSummary): string {
  const m = run.manifest;
  const included = m.cells.filter((c) => c.included).length;
  return `${m.status} — ${run.units.size} of ${
    included * m.seeds.length
  } units (${included} cells × ${m.seeds.length} seeds), ${
    durationText(seconds(m.started, m.ended))
  }, started ${m.started}; details at the end of the page`;
}

/** What the run was: its id, status, units, seeds, times, flags, overrides, shard. */
function runFacts(run: RunSummary): Html[] {
  const m = run.manifest;
  const included = m.cells.filter((c) => c.included).length;
  const flags = flagsText(m.flags);
  return [
    fact("run", html`<code>${m.runId}</code>`),
    fact("status", html`<b>${m.status}</b>`),
    fact(
      "units",
      `${run.units.size} of ${
        included * m.seeds.length
      } (${included} cells × ${m.seeds.length} seeds)`,
    ),
    fact("seeds", m.seeds.join(", ")),
    fact("started", m.started),
    fact("ended", m.ended ?? "—"),
    fact("duration", durationText(seconds(m.started, m.ended))),
    fact("flags", flags ? html`<code>${flags}</code>` : "none (the experiment as written)"),
    fact(
      "overrides",
      Object.keys(m.overrides).length ? html`<code>${JSON.stringify(m.overrides)}</code>` : "none",
    ),
    ...(m.shard ? [fact("shard", `${m.shard.index} of ${m.shard.count}`)] : []),
    ...(m.mergedFrom ? [fact("merged from", m.mergedFrom.join(", "))] : []),
    ...(m.resumed ? [fact("resumed", m.resumed.join(", "))] : []),
  ];
}

/** Where the run came from: commit, definition, file, versions, backend, platform. */
function provenanceFacts(m: Manifest): Html[] {
  const env = m.environment;
  return [
    fact("commit", commitText(m.environment)),
    fact("definition", html`<code>${m.definitionHash}</code>`),
    fact("experiment file", m.source ?? "— (defined in code)"),
    fact("Deno / V8 / TypeScript", `${env.deno} / ${env.v8} / ${env.typescript}`),
    fact("backend", env.kernels),
    fact("platform", `${env.os}/${env.arch}, ${env.cores} cores`),
    fact("intervals", m.intervals ?? INTERVAL_METHOD),
  ];
}

/**
 * Writes a run's report — `index.html` and `run.js` — from its stored data, the shared
 * scripts into the results folder's `_assets/` when missing, and the results folder's
 * `index.html`.
 *
 * @param dir The run folder.
 * @param units Its finished units' summaries, when the caller has them (the run or merge
 * that just wrote the folder): a completed run's journal is then streamed without being
 * read through first, and its summaries are not held twice.
 * @param options `detailsBytes`: how much JSON text of the units' epochs and pictures
 * each `details/<k>.js` chunk holds before gzip (about 1 MB; tests set it small).
 * @returns The path of `index.html`.
 */
export async function writeReport(
  dir: string,
  units?: RunSummary["units"],
  options: { readonly detailsBytes?: number } = {},
): Promise<string> {
  const stored = await storedRun(dir, units);
  const run = { dir, manifest: stored.manifest, units: stored.store.summaries };
  const root = resultsRoot(dir);
  const names = await writeAssets(root);
  await writeRunScript(dir, stored, options.detailsBytes ?? DETAILS_BYTES);
  const labels = await readLabels(dir);
  const path = await writeReportPage(run, names, labels);
  await recordInIndex(root, run, names, labels);
  return path;
}

/**
 * Writes a run's `index.html` (the page; `run.js` holds its data).
 *
 * @param run The run.
 * @param names The shared scripts' names.
 * @param labels Its tags and note.
 * @returns The page's path.
 */
export async function writeReportPage(
  run: RunSummary & { readonly dir: string },
  names: Assets,
  labels: Labels,
): Promise<string> {
  const path = `${run.dir}/index.html`;
  await writeTextAtomic(path, reportHtml(run, { path: `../../${ASSETS}`, names }, labels));
  return path;
}

/**
 * Writes `<run>/standalone.html`: the report with everything it loads inside it — plotly,
 * the pages' script and the run's data (its details chunks too) — one file to send to someone, opened anywhere
 * without the results folder. (The report is written first if the run has none.)
 *
 * @param dir The run folder.
 * @returns The file's path.
 */
export async function writeStandaloneReport(dir: string): Promise<string> {
  const there = await Deno.stat(`${dir}/run.js`).then(() => true, () => false);
  if (!there) await writeReport(dir);
  const root = resultsRoot(dir), names = await writeAssets(root);
  const page = await Deno.readTextFile(`${dir}/index.html`);
  // Inline scripts end at the first "</script": none of these holds one (checked).
  const inline = async (path: string) => {
    const text = await Deno.readTextFile(path);
    if (/<\/script/i.test(text)) throw new Error(`Cannot inline ${path}: it holds "</script"`);
    return `<script>${text}</script>`;
  };
  const pages = page.match(/<script src="([^"]*\/pages-[^"]*\.js)"><\/script>/);
  if (pages === null) throw new Error(`${dir}/index.html is not a report page`);
  const [before, after] = page.replace(pages[0], "\u0000").split("\u0000") as [string, string];
  const path = `${dir}/standalone.html`;
  await writeTextAtomic(
    path,
    before.replace(`<script src="run.js"></script>`, "").replace(/ data-plotly="[^"]*"/, "") +
      (await inline(`${root}/${ASSETS}/${names.plotly}`)) + (await inline(`${dir}/run.js`)) +
      (await Promise.all((await detailChunks(dir)).map(inline))).join("") +
      (await inline(`${root}/${ASSETS}/${names.pages}`)) + after,
  );
  return path;
}

/** A run folder to report: its compacted journal over known summaries, else opened. */
async function storedRun(dir: string, units?: RunSummary["units"]): Promise<StoredRun> {
  const gz = `${dir}/${JOURNAL_GZ}`;
  const compacted = await Deno.stat(gz).then(() => true, () => false);
  const plain = await Deno.stat(`${dir}/${JOURNAL}`).then(() => true, () => false);
  if (units === undefined || !compacted || plain) return await openRun(dir);
  const manifest = await readManifest(dir);
  return { dir, manifest, store: CompactJournal.over(gz, units, manifest.seeds[0]) };
}

/**
 * Writes the page comparing run B with run A beside B's experiment folder:
 * `<results>/<experiment>/compare-<A>--<B>.html`.
 *
 * @param a The run compared against.
 * @param b The run compared with it.
 * @returns The page's path.
 */
export async function writeComparisonPage(a: RunData, b: RunData): Promise<string> {
  const root = resultsRoot(b.dir);
  const names = await writeAssets(root);
  for (const run of [a, b]) {
    const script = `${run.dir}/run.js`;
    if (!(await Deno.stat(script).then(() => true, () => false))) await writeReport(run.dir);
  }
  const folder = dirname(resolve(b.dir));
  const path = `${folder}/compare-${a.manifest.runId}--${b.manifest.runId}.html`;
  await writeTextAtomic(
    path,
    page(
      {
        title: `${a.manifest.runId} vs ${b.manifest.runId}`,
        assets: `../${ASSETS}`,
        names,
        figures: true,
        body: {
          page: "compare",
          a: relative(folder, resolve(a.dir)),
          b: relative(folder, resolve(b.dir)),
        },
      },
      html`
        <h1>Comparison: ${b.manifest.experiment}</h1>
        <section id="comparison"></section>
      `,
    ),
  );
  return path;
}
