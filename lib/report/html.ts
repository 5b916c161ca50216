/**
 * The HTML report of a run: `index.html` with its data embedded, and `plotly.min.js`
 * (from the npm package `plotly.js-dist-min`) copied next to it, so it opens offline.
 *
 * @module
 */

import { writeTextAtomic } from "../experiment/atomic.ts";
import { readRun, type RunData } from "../experiment/store.ts";
import { npmPackageDir } from "../npm_package.ts";
import { aggregate, formatSummary, headline, higherIsBetter } from "./aggregate.ts";

/** The npm package and file the report's plots come from. */
export const PLOTLY = {
  name: "plotly.js-dist-min",
  range: "^3.7.0",
  file: "plotly.min.js",
} as const;

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function finite(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

/**
 * The report page for a run.
 *
 * @param run The run.
 * @returns HTML text (expects `plotly.min.js` beside it).
 */
export function reportHtml(run: RunData): string {
  const m = run.manifest;
  const cells = aggregate(run);
  const main = headline(run, cells);
  const columns = [...new Set(cells.flatMap((c) => Object.keys(c.finals)))];
  const data = {
    headline: main,
    higherIsBetter: higherIsBetter(main),
    cells: cells.map((c) => ({
      label: c.cell.label,
      finals: Object.fromEntries(
        Object.entries(c.finals).map((
          [k, s],
        ) => [k, { mean: finite(s.mean), low: finite(s.ciLow), high: finite(s.ciHigh) }]),
      ),
      curves: Object.fromEntries(Object.entries(c.curves).map(([k, v]) => [k, v.map(finite)])),
      maxAbsWeight: c.maxAbsWeight.map((layer) => layer.map(finite)),
      boundary: c.units[0]?.seed === m.seeds[0] ? c.units[0]?.boundary ?? null : null,
    })),
  };
  const rows = cells.map((c) =>
    `<tr><td>${escapeHtml(c.cell.label)}</td><td>${c.units.length}${
      c.diverged ? ` (${c.diverged} diverged)` : ""
    }</td>${
      columns.map((col) => {
        const s = c.finals[col];
        const ci = s && Number.isFinite(s.ciLow)
          ? ` <small>[${s.ciLow.toFixed(4)}, ${s.ciHigh.toFixed(4)}]</small>`
          : "";
        return `<td>${escapeHtml(formatSummary(s))}${ci}</td>`;
      }).join("")
    }</tr>`
  ).join("\n");
  const env = m.environment;
  const total = m.cells.filter((c) => c.included).length * m.seeds.length;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(m.experiment)} — ${escapeHtml(m.runId)}</title>
<script src="plotly.min.js"></script>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid #ccc; padding: 4px 8px; text-align: left; }
th { background: #f4f4f4; }
small { color: #666; }
.plot { width: 100%; max-width: 1100px; height: 420px; }
code { background: #f4f4f4; padding: 0 3px; }
</style>
</head>
<body>
<h1>${escapeHtml(m.experiment)}</h1>
<p>${escapeHtml(m.description)}</p>
<p>Run <code>${
    escapeHtml(m.runId)
  }</code> · status <b>${m.status}</b> · ${run.units.size} of ${total} units ·
seeds ${m.seeds.join(", ")}${
    m.shard ? ` · shard ${m.shard.index}/${m.shard.count}` : ""
  } · started ${escapeHtml(m.started)}<br>
<small>Deno ${escapeHtml(env.deno)} · V8 ${escapeHtml(env.v8)} · TypeScript ${
    escapeHtml(env.typescript)
  } ·
${escapeHtml(env.os)}/${escapeHtml(env.arch)} · ${env.cores} cores · kernels ${
    escapeHtml(env.kernels)
  } ·
commit ${escapeHtml(env.gitCommit ?? "unknown")} · definition ${
    escapeHtml(m.definitionHash)
  }</small></p>
<h2>Summary (mean ± std over seeds, [95% t-interval])</h2>
<table>
<tr><th>cell</th><th>seeds</th>${
    columns.map((c) => `<th>${escapeHtml(c.replaceAll("_", " "))}</th>`).join("")
  }</tr>
${rows}
</table>
<h2>${escapeHtml(main.replaceAll("_", " "))} by cell</h2>
<div id="final" class="plot"></div>
<h2>Learning curves (mean over seeds)</h2>
<div id="curves"></div>
<h2>Largest |weight| per layer (mean over seeds)</h2>
<div id="weights" class="plot"></div>
<div id="boundaries-section" style="display:none">
<h2>Decision boundaries (seed ${m.seeds[0]}; training points on top)</h2>
<div id="boundaries" style="display:flex;flex-wrap:wrap"></div>
</div>
<script type="application/json" id="data">${JSON.stringify(data).replace(/</g, "\\u003c")}</script>
<script>
const data = JSON.parse(document.getElementById("data").textContent);
const layout = (title, y) => ({ title: { text: title }, xaxis: { title: { text: "epoch" } }, yaxis: { title: { text: y } }, margin: { t: 40 } });
if (typeof Plotly === "undefined") {
  document.body.insertAdjacentHTML("afterbegin", "<p><b>plotly.min.js is missing next to this file: plots are not shown.</b></p>");
} else {
  const h = data.headline;
  const cells = data.cells.filter((c) => c.finals[h] && c.finals[h].mean !== null);
  Plotly.newPlot("final", [{
    type: "bar",
    x: cells.map((c) => c.label),
    y: cells.map((c) => c.finals[h].mean),
    error_y: {
      type: "data", symmetric: false,
      array: cells.map((c) => c.finals[h].high === null ? 0 : c.finals[h].high - c.finals[h].mean),
      arrayminus: cells.map((c) => c.finals[h].low === null ? 0 : c.finals[h].mean - c.finals[h].low),
    },
  }], { yaxis: { title: { text: h.replaceAll("_", " ") } }, margin: { t: 20, b: 160 } });
  const metrics = [...new Set(data.cells.flatMap((c) => Object.keys(c.curves)))].sort();
  for (const metric of metrics) {
    const div = document.createElement("div");
    div.className = "plot";
    document.getElementById("curves").appendChild(div);
    Plotly.newPlot(div, data.cells.filter((c) => c.curves[metric]).map((c) => ({
      type: "scatter", mode: "lines", name: c.label,
      x: c.curves[metric].map((_, i) => i + 1), y: c.curves[metric],
    })), layout(metric.replaceAll("_", " "), metric.split("_").slice(1).join(" ")));
  }
  const withBoundary = data.cells.filter((c) => c.boundary);
  if (withBoundary.length > 0) document.getElementById("boundaries-section").style.display = "block";
  for (const c of withBoundary) {
    const b = c.boundary, n = b.size;
    const axis = (lo, hi) => Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
    const z = Array.from({ length: n }, (_, r) => b.classes.slice(r * n, (r + 1) * n));
    const div = document.createElement("div");
    div.style.width = "360px";
    div.style.height = "340px";
    document.getElementById("boundaries").appendChild(div);
    Plotly.newPlot(div, [
      { type: "heatmap", x: axis(b.x0, b.x1), y: axis(b.y0, b.y1), z, showscale: false, opacity: 0.45, colorscale: "Viridis" },
      {
        type: "scatter", mode: "markers", x: b.points.map((p) => p[0]), y: b.points.map((p) => p[1]),
        marker: { size: 5, color: b.points.map((p) => p[2]), colorscale: "Viridis", line: { width: 0.5, color: "#fff" } },
      },
    ], { title: { text: c.label, font: { size: 11 } }, showlegend: false, margin: { t: 30, l: 30, r: 10, b: 30 } });
  }
  Plotly.newPlot("weights", data.cells.flatMap((c) => c.maxAbsWeight.map((layer, l) => ({
    type: "scatter", mode: "lines", name: c.label + " · layer " + (l + 1), legendgroup: c.label,
    x: layer.map((_, i) => i + 1), y: layer,
  }))), layout("max |w| per dense layer", "max |w|"));
}
</script>
</body>
</html>
`;
}

/**
 * Writes `index.html` and `plotly.min.js` into a run folder, from its stored data.
 *
 * @param dir The run folder.
 * @returns The path of `index.html`.
 */
export async function writeReport(dir: string): Promise<string> {
  const run = await readRun(dir);
  const plotly = `${await npmPackageDir(PLOTLY.name, PLOTLY.range)}${PLOTLY.file}`;
  await writeTextAtomic(`${dir}/${PLOTLY.file}`, await Deno.readTextFile(plotly));
  const path = `${dir}/index.html`;
  await writeTextAtomic(path, reportHtml(run));
  return path;
}
