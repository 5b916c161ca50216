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
import { renderReport } from "./report_view.ts";
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

/** Where the two runs of a comparison are: the body's data attributes, else the URL's hash. */
function comparedRuns(): { a: string; b: string } | undefined {
  const body = document.body.dataset;
  if (body.a && body.b) return { a: body.a, b: body.b };
  const hash = new URLSearchParams(location.hash.slice(1));
  const a = hash.get("a"), b = hash.get("b");
  return a && b ? { a, b } : undefined;
}

async function main(): Promise<void> {
  (globalThis as { mlpPages?: boolean }).mlpPages = true; // the page's fallback checks it
  const page = document.body.dataset.page;
  if (page === "report") {
    const key = document.body.dataset.run!;
    const p = payload(key);
    await renderReport(await pageRun(p, key, "."));
  } else if (page === "compare") {
    const runs = comparedRuns();
    if (runs === undefined) {
      document.getElementById("comparison")!.append(
        h("p", {}, "Pick two runs on the results page (index.html) to compare them."),
      );
      return;
    }
    const [a, b] = [await loadRun(runs.a), await loadRun(runs.b)];
    await renderComparison(
      await pageRun(a, runs.a, runs.a),
      await pageRun(b, runs.b, runs.b),
      { a: `${runs.a}/index.html`, b: `${runs.b}/index.html` },
    );
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
