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
import { aggregate } from "../experiment/analysis/aggregate.ts";
import { writeTextAtomic } from "../experiment/store/atomic.ts";
import { stableHash } from "../experiment/canonical.ts";
import type { CellConfig, Json, Manifest, RunData } from "../experiment/records.ts";
import { formatValue } from "../experiment/json.ts";
import { commitText } from "../experiment/store/manifest.ts";
import { chooseBest } from "../experiment/analysis/select.ts";
import { INTERVAL_METHOD } from "../experiment/analysis/stats.ts";
import { listRuns } from "../experiment/store/list.ts";
import { readRun } from "../experiment/store/read.ts";
import { npmPackageDir, npmPackageVersion } from "../npm_package.ts";
import { PAGE_SCRIPT } from "./_page_bundle.ts";
import { formatInterval, formatSummary } from "./format.ts";
import { type Html, html, raw } from "./html_template.ts";
import { runPayload, runScript } from "./payload.ts";

/** The npm package and file the report's plots come from. */
export const PLOTLY = {
  name: "plotly.js-dist-min",
  range: "3.7.0",
  file: "plotly.min.js",
} as const;

/** The folder of shared scripts in a results folder. */
export const ASSETS = "_assets";

/** The shared scripts' file names, relative to the assets folder. */
export interface Assets {
  /** plotly's bundle. */
  readonly plotly: string;
  /** The report pages' script. */
  readonly pages: string;
}

/**
 * The results folder a run folder sits in: runs live at `<results>/<experiment>/<run id>`.
 *
 * @param runDir The run folder.
 * @returns The results folder.
 */
export function resultsRoot(runDir: string): string {
  return dirname(dirname(resolve(runDir)));
}

/** Copies plotly and the pages' script into `<root>/_assets` unless they are there. */
async function writeAssets(root: string): Promise<Assets> {
  const dir = await npmPackageDir(PLOTLY.name, PLOTLY.range);
  const version = await npmPackageVersion(PLOTLY.name, PLOTLY.range);
  const assets = {
    plotly: `plotly-${version}.min.js`,
    pages: `pages-${stableHash(PAGE_SCRIPT, 10)}.js`,
  };
  const ensure = async (name: string, text: () => Promise<string> | string) => {
    const path = `${root}/${ASSETS}/${name}`;
    const there = await Deno.stat(path).then((s) => s.isFile, () => false);
    if (!there) await writeTextAtomic(path, await text());
  };
  await Deno.mkdir(`${root}/${ASSETS}`, { recursive: true });
  await ensure(assets.plotly, () => Deno.readTextFile(`${dir}${PLOTLY.file}`));
  await ensure(assets.pages, () => PAGE_SCRIPT);
  return assets;
}

const STYLE = raw(`
body { font: 14px/1.45 system-ui, sans-serif; margin: 1.5em 2em; color: #222; max-width: 1400px; }
h1 { margin-bottom: 0.2em; } h2 { margin-top: 1.6em; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; margin: 0.6em 0; }
th, td { border: 1px solid #ccc; padding: 3px 7px; text-align: left; vertical-align: top; }
th { background: #f4f4f4; } th.sortable { cursor: pointer; user-select: none; }
th[data-order="asc"]::after { content: " ▲"; } th[data-order="desc"]::after { content: " ▼"; }
small, .note { color: #555; } .note { max-width: 60em; }
code { background: #f4f4f4; padding: 0 3px; }
.scroll { overflow-x: auto; max-width: 100%; }
.figure.wide { width: 100%; height: 420px; }
.multiples { display: grid; grid-template-columns: repeat(auto-fill, minmax(310px, 1fr)); gap: 6px; }
.figure.small { height: 250px; } .figure.square { width: 340px; height: 340px; }
.multiples .figure.square { width: auto; }
.chosen { color: #b8860b; font-weight: 600; }
tr.differs td { background: #fff3cd; }
.verdict { font-size: 1.1em; font-weight: 600; }
.strip { display: flex; flex-wrap: wrap; gap: 6px; }
.strip figure { margin: 0; text-align: center; font-size: 12px; }
canvas.digit { width: 56px; height: 56px; image-rendering: pixelated; border: 1px solid #ccc; }
input[type=search] { width: 28em; padding: 3px; }
.warning { background: #f8d7da; padding: 6px; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; }
dl.facts dt { color: #555; } dl.facts dd { margin: 0; }
`);

function page(
  options: {
    readonly title: string;
    readonly assets: string;
    readonly names: Assets;
    readonly body: Record<string, string>;
    readonly head?: Html;
  },
  content: Html,
): string {
  const attributes = Object.entries(options.body).map(([k, v]) =>
    html`
      data-${k}="${v}"
    `
  );
  return String(html`
    <!doctype html>
    <html lang="en">
      <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${options.title}</title>
    <style>${STYLE}</style>
    <script src="${options.assets}/${options.names.plotly}"></script>
    ${options.head ?? ""}
      </head>
      <body${attributes}>
    ${content}
    <script src="${options.assets}/${options.names.pages}"></script>
    </body>
    </html>
  `);
}

/** `--epochs 3 --set lr=0.1,0.2`: the flags as given. */
export function flagsText(flags: Manifest["flags"]): string {
  return Object.entries(flags).flatMap(([k, v]) => {
    if (v === true) return [`--${k}`];
    const values = Array.isArray(v) ? v : [v];
    return values.map((x) => `--${k} ${typeof x === "string" ? x : JSON.stringify(x)}`);
  }).join(" ");
}

function seconds(from: string, to: string | null): number {
  return to === null ? NaN : (Date.parse(to) - Date.parse(from)) / 1000;
}

function durationText(s: number): string {
  if (!Number.isFinite(s)) return "—";
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${Math.round(s % 60)} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

function layersText(config: CellConfig): string {
  return config.model.layers.map((l) => {
    const { kind, ...rest } = l as unknown as { kind: string } & Record<string, Json>;
    const units = "units" in rest ? ` ${rest.units}` : "";
    const others = Object.entries(rest).filter(([k]) => k !== "units")
      .map(([k, v]) => `${k}=${formatValue(v)}`);
    return `${kind}${units}${others.length ? ` (${others.join(", ")})` : ""}`;
  }).join(" → ");
}

function settingsTable(m: Manifest): Html {
  const head = [
    "cell",
    "data",
    "split (validation, test, stratified)",
    "standardize",
    "layers",
    "loss",
    "optimizer",
    "batch",
    "epochs",
    "patience",
    "restore best",
    "λ (L2)",
  ];
  return html`
    <div class="scroll">
      <table id="settings-table">
        <thead>
          <tr>${head.map((t) => html`<th>${t}</th>`)}</tr>
        </thead>
        <tbody>${m.cells.map(({ label, config: c, included }) =>
          html`
            <tr${included ? "" : raw(' class="excluded"')}>
              <td>${label}</td>
              <td>${formatValue(c.data as unknown as Json)}</td>
              <td>${c.split.validation}, ${c.split.test}, ${c.split.stratify ? "yes" : "no"}</td>
              <td>${c.standardize ? "yes" : "no"}</td>
              <td>${c.model.inputs} inputs → ${layersText(c)}</td>
              <td>${c.loss}</td>
              <td>${formatValue(c.optimizer as unknown as Json)}</td>
              <td>${c.batchSize}</td>
              <td>${c.epochs}</td>
              <td>${c.patience ?? "—"}</td>
              <td>${c.patience === null ? "—" : c.restoreBest === false ? "no" : "yes"}</td>
              <td>${c.l2}</td>
              </tr>
          `
        )}</tbody>
      </table>
    </div>
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
  run: Pick<RunData, "manifest" | "units">,
  assets: { readonly path: string; readonly names: Assets },
): string {
  const m = run.manifest, env = m.environment;
  const total = m.cells.filter((c) => c.included).length * m.seeds.length;
  const flags = flagsText(m.flags);
  const fact = (term: string, value: unknown) =>
    html`
      <dt>${term}</dt>
      <dd>${value}</dd>
    `;
  return page(
    {
      title: `${m.experiment} — ${m.runId}`,
      assets: assets.path,
      names: assets.names,
      body: { page: "report", run: `${m.experiment}/${m.runId}` },
      head: html`<script src="run.js"></script>`,
    },
    html`
      <h1>${m.experiment}</h1>
      <p>${m.description}</p>
      <section id="run">
        <h2>This run</h2>
        <dl class="facts">
      ${fact("run", html`<code>${m.runId}</code>`)}
      ${fact("status", html`<b>${m.status}</b>`)}
      ${fact(
        "units",
        `${run.units.size} of ${total} (${
          m.cells.filter((c) => c.included).length
        } cells × ${m.seeds.length} seeds)`,
      )}
      ${fact("seeds", m.seeds.join(", "))}
      ${fact("started", m.started)}
      ${fact("ended", m.ended ?? "—")}
      ${fact("duration", durationText(seconds(m.started, m.ended)))}
      ${fact("flags", flags ? html`<code>${flags}</code>` : "none (the experiment as written)")}
      ${fact(
        "overrides",
        Object.keys(m.overrides).length
          ? html`<code>${JSON.stringify(m.overrides)}</code>`
          : "none",
      )}
      ${m.shard ? fact("shard", `${m.shard.index} of ${m.shard.count}`) : ""}
      ${m.mergedFrom ? fact("merged from", m.mergedFrom.join(", ")) : ""}
      ${m.resumed ? fact("resumed", m.resumed.join(", ")) : ""}
        </dl>
      </section>
      <section id="provenance">
        <h2>Provenance</h2>
        <dl class="facts">
      ${fact("commit", commitText(m.environment))}
      ${fact("definition", html`<code>${m.definitionHash}</code>`)}
      ${fact("experiment file", m.source ?? "— (defined in code)")}
      ${fact("Deno / V8 / TypeScript", `${env.deno} / ${env.v8} / ${env.typescript}`)}
      ${fact("backend", env.kernels)}
      ${fact("platform", `${env.os}/${env.arch}, ${env.cores} cores`)}
      ${fact("intervals", m.intervals ?? INTERVAL_METHOD)}
        </dl>
      </section>
      <section id="best" hidden>
        <h2>Best settings per data set</h2>
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
      <section id="settings"><h2>Settings of every cell</h2>
      ${settingsTable(m)}</section>
    `,
  );
}

/**
 * Writes a run's report — `index.html` and `run.js` — from its stored data, the shared
 * scripts into the results folder's `_assets/` when missing, and the results folder's
 * `index.html`.
 *
 * @param dir The run folder.
 * @returns The path of `index.html`.
 */
export async function writeReport(dir: string): Promise<string> {
  const run = await readRun(dir);
  const root = resultsRoot(dir);
  const names = await writeAssets(root);
  await writeTextAtomic(`${dir}/run.js`, runScript(runPayload(run)));
  const path = `${dir}/index.html`;
  await writeTextAtomic(path, reportHtml(run, { path: `../../${ASSETS}`, names }));
  await writeIndexPages(root, names);
  return path;
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

/**
 * Rewrites `<results>/index.html` — every experiment and run with status, start, duration,
 * cells × seeds, the chosen cells' results and the commit, with links to the reports and
 * a form to compare any two runs of an experiment — and the `compare.html` it opens.
 *
 * @param root The results folder.
 * @returns The path of `index.html`.
 */
export async function writeResultsIndex(root: string): Promise<string> {
  return writeIndexPages(root, await writeAssets(root));
}

async function writeIndexPages(root: string, names: Assets): Promise<string> {
  const experiments: string[] = [];
  for await (const e of Deno.readDir(root)) {
    if (e.isDirectory && !e.name.startsWith("_") && !e.name.startsWith(".")) {
      experiments.push(e.name);
    }
  }
  experiments.sort();
  const sections: Html[] = [];
  for (const experiment of experiments) {
    const dirs = await listRuns(root, experiment);
    if (dirs.length === 0) continue;
    const rows: Html[] = [];
    const options: Html[] = [];
    for (const dir of dirs.toReversed()) {
      const id = dir.split("/").at(-1)!;
      const key = `${experiment}/${id}`;
      options.push(html`<option value="${key}">${id}</option>`);
      try {
        const run = await readRun(dir);
        const m = run.manifest;
        const cells = aggregate(run);
        const choices = chooseBest(cells, m.metrics[0] ?? "loss");
        const included = m.cells.filter((c) => c.included).length;
        rows.push(html`
          <tr>
            <td><a href="${key}/index.html">${id}</a></td>
            <td>${m.status}</td>
            <td>${m.started}</td>
            <td data-sort="${seconds(m.started, m.ended)}">${durationText(
              seconds(m.started, m.ended),
            )}</td>
            <td>${included} × ${m.seeds.length}</td>
            <td>${run.units.size}</td>
            <td>${choices.map((c) =>
              c.chosen
                ? html`<div>${c.group}: ★ ${c.chosen.cell.label} — ${
                  c.reported.replaceAll("_", " ")
                } ${formatSummary(c.result)} <small>${
                  formatInterval(c.reported, c.result)
                }</small></div>`
                : html`<div>${c.group}: —</div>`
            )}</td>
            <td>${flagsText(m.flags)}</td>
            <td><code>${commitText(m.environment).slice(0, 12)}</code>${m.environment.gitDirty
              ? " +"
              : ""}</td>
          </tr>
        `);
      } catch (e) {
        rows.push(html`
          <tr>
            <td>${id}</td>
            <td colspan="8">cannot be read: ${(e as Error).message}</td>
          </tr>
        `);
      }
    }
    sections.push(html`
      <section class="experiment" id="${experiment}">
        <h2>${experiment}</h2>
        <form
          class="compare">Compare <select name="a" aria-label="run A">${options.slice(1).concat(
            options.slice(0, 1),
          )}</select> with <select name="b" aria-label="run B">${options}</select> <button type="submit">Open comparison</button></form>
        <div class="scroll">
          <table class="runs">
            <thead>
              <tr>
                <th>run</th>
                <th>status</th>
                <th>started</th>
                <th>duration</th>
                <th>cells × seeds</th>
                <th>units done</th>
                <th>chosen cell per data set (test result)</th>
                <th>flags</th>
                <th>commit</th>
              </tr>
            </thead>
            <tbody>${rows}</tbody>
          </table>
        </div>
      </section>
    `);
  }
  await writeTextAtomic(
    `${root}/compare.html`,
    page(
      { title: "Comparison", assets: ASSETS, names, body: { page: "compare" } },
      html`
        <h1>Comparison</h1>
        <p><a href="index.html">All runs</a></p>
        <section id="comparison"></section>
      `,
    ),
  );
  const path = `${root}/index.html`;
  await writeTextAtomic(
    path,
    page(
      { title: "Results", assets: ASSETS, names, body: { page: "index" } },
      html`
        <h1>Results</h1><p
          class="note">Every experiment and run in this folder, newest first; "+" after a commit: the run had uncommitted changes. Runs are chosen per data set on validation, reported on test.</p>${sections
              .length
            ? sections
            : html`<p>No runs yet: <code>deno task experiment</code>.</p>`}
      `,
    ),
  );
  return path;
}
