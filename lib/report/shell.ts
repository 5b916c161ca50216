/**
 * What every page of the reports shares: the offline assets (plotly and the pages' script,
 * written once into the results folder's `_assets/`, named by version and content), the
 * page shell and its style, and a few texts (flags, durations).
 *
 * @module
 */

import { dirname, resolve } from "node:path";
import { writeTextAtomic } from "../experiment/store/atomic.ts";
import { stableHash } from "../experiment/canonical.ts";
import type { Manifest } from "../experiment/records.ts";
import { npmPackageDir, npmPackageVersion } from "../npm_package.ts";
import { PAGE_SCRIPT } from "./_page_bundle.ts";
import { type Html, html, raw } from "./html_template.ts";

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

/**
 * The shared scripts' names: plotly's by its version, the pages' script by its content.
 *
 * @param plotlyVersion plotly's version.
 * @returns The names.
 */
export function assetNames(plotlyVersion: string): Assets {
  return {
    plotly: `plotly-${plotlyVersion}.min.js`,
    pages: `pages-${stableHash(PAGE_SCRIPT, 10)}.js`,
  };
}

/** Copies plotly and the pages' script into `<root>/_assets` unless they are there. */
export async function writeAssets(root: string): Promise<Assets> {
  const dir = await npmPackageDir(PLOTLY.name, PLOTLY.range);
  const assets = assetNames(await npmPackageVersion(PLOTLY.name, PLOTLY.range));
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
.scroll.tall { max-height: 70vh; overflow-y: auto; } .scroll.tall thead th { position: sticky; top: 0; background: #fff; }
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
.status { color: #555; } table.top tr.chosen td { font-weight: 600; } .overview h3 { margin-bottom: 0.3em; }
#cells tbody tr { cursor: pointer; } #cells tbody tr.picked { background: #fff3bf; }

.tag { background: #e7f0fa; border: 1px solid #b6d0ee; border-radius: 3px; padding: 0 4px; font-size: 12px; margin-right: 3px; }
.labels { margin: 0.2em 0; } .live { color: #0b5394; } .filters { margin: 0.6em 0; display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
#live ul { margin: 0.3em 0; } #live .diverged { color: #a61c00; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; }
dl.facts dt { color: #555; } dl.facts dd { margin: 0; }
`);

/**
 * What a page says when its shared script did not load — a run folder copied out of its
 * results folder, without `_assets/` beside its experiment folder — instead of staying blank.
 */
const MISSING_ASSETS = `if (!globalThis.mlpPages) {
  const p = document.createElement("p");
  p.className = "warning";
  p.textContent = "This page's script did not load: it is in the _assets folder of the results folder (results/_assets), which is not beside this run's experiment folder. Open the page inside its results folder, or send a single file: deno task report <run folder> --standalone.";
  document.body.prepend(p);
}`;

export function page(
  options: {
    readonly title: string;
    readonly assets: string;
    readonly names: Assets;
    readonly body: Record<string, string>;
    readonly head?: Html;
    /** The page draws figures: the pages' script loads plotly once the text is drawn. */
    readonly figures?: boolean;
  },
  content: Html,
): string {
  const body = options.figures
    ? { ...options.body, plotly: `${options.assets}/${options.names.plotly}` }
    : options.body;
  const attributes = Object.entries(body).map(([k, v]) =>
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
    ${options.head ?? ""}
      </head>
      <body${attributes}>
    ${content}
    <script src="${options.assets}/${options.names.pages}"></script>
    <script>${raw(MISSING_ASSETS)}</script>
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

export function seconds(from: string, to: string | null): number {
  return to === null ? NaN : (Date.parse(to) - Date.parse(from)) / 1000;
}

export function durationText(s: number): string {
  if (!Number.isFinite(s)) return "—";
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${Math.round(s % 60)} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}
