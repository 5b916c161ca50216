/// <reference lib="dom" />
/**
 * The script of every page `deno task experiment`, `report` and `compare` write, bundled
 * into `lib/report/_page_bundle.ts` by `deno task build:pages`. The page says what it is
 * with `<body data-page="report" | "compare" | "index">`.
 *
 * @module
 */

import type { RunPayload } from "../payload.ts";
import { pageRun } from "./run_data.ts";
import { h, loadScript, registry, warn } from "./dom.ts";
import { renderComparison } from "./compare_view.ts";
import { renderMany } from "./compare_many_view.ts";
import { renderReport } from "./report_view.ts";
import { watchRun } from "./live_report.ts";
import { renderIndex } from "./views/index_view.ts";

function payload(key: string): RunPayload {
  const p = registry()[key] as RunPayload | undefined;
  if (p === undefined) throw new Error(`The data of run ${key} is missing (run.js)`);
  return p;
}

/**
 * Loads a run folder's `run.js` (a path relative to the page) and returns its payload,
 * registered as `<experiment>/<run id>`: the folder's name is the run id.
 */
async function loadRun(path: string): Promise<RunPayload> {
  await loadScript(`${path}/run.js`);
  const id = path.replace(/\/+$/, "").split("/").at(-1)!;
  const key = Object.keys(registry()).find((k) => k.endsWith(`/${id}`));
  if (key === undefined) throw new Error(`${path}/run.js did not register run ${id}`);
  return payload(key);
}

/**
 * Where the runs of a comparison are: the body's data attributes, else the URL's hash —
 * `#a=<run>&b=<run>` for two, `#runs=<run>,<run>,…` for several side by side.
 */
function comparedRuns(): string[] | undefined {
  const body = document.body.dataset;
  if (body.a && body.b) return [body.a, body.b];
  const hash = new URLSearchParams(location.hash.slice(1));
  const a = hash.get("a"), b = hash.get("b");
  if (a && b) return [a, b];
  const runs = hash.get("runs")?.split(",").filter(Boolean) ?? [];
  return runs.length >= 2 ? runs : undefined;
}

async function main(): Promise<void> {
  (globalThis as { mlpPages?: boolean }).mlpPages = true; // the page's fallback checks it
  const page = document.body.dataset.page;
  if (page === "report") {
    const key = document.body.dataset.run!;
    const p = payload(key);
    await renderReport(await pageRun(p, key, "."));
    watchRun(p); // served by deno task serve: the page follows its run while it goes
  } else if (page === "compare") {
    // A page opened from the index draws the runs its hash names: a new hash, new runs.
    globalThis.addEventListener("hashchange", () => location.reload());
    const paths = comparedRuns();
    if (paths === undefined) {
      document.getElementById("comparison")!.append(
        h("p", {}, "Pick two runs or more on the results page (index.html) to compare them."),
      );
      return;
    }
    const runs = [];
    for (const path of paths) runs.push(await pageRun(await loadRun(path), path, path));
    const links = paths.map((p) => `${p}/index.html`);
    if (runs.length === 2) {
      await renderComparison(runs[0]!, runs[1]!, { a: links[0]!, b: links[1]! });
    } else await renderMany(runs, links);
  } else if (page === "index") {
    renderIndex();
  }
}

main().catch((e: unknown) => {
  warn(`This page could not be drawn: ${e instanceof Error ? e.message : String(e)}`);
  console.error(e);
}).finally(() => {
  document.body.dataset.drawn = ""; // everything is drawn (what tests and scripts wait for)
});
