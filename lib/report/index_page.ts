/**
 * The results folder's `index.html` — every experiment and run, newest first, with links to
 * the reports and a form to compare any two runs — and the `compare.html` it opens.
 *
 * @module
 */

import { aggregate } from "../experiment/analysis/aggregate.ts";
import { writeTextAtomic } from "../experiment/store/atomic.ts";
import { commitText } from "../experiment/store/manifest.ts";
import { chooseBest } from "../experiment/analysis/select.ts";
import { listRuns } from "../experiment/store/list.ts";
import { readRun } from "../experiment/store/read.ts";
import { formatInterval, formatSummary } from "./format.ts";
import { type Html, html } from "./html_template.ts";
import {
  ASSETS,
  type Assets,
  durationText,
  flagsText,
  page,
  seconds,
  writeAssets,
} from "./shell.ts";

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

export async function writeIndexPages(root: string, names: Assets): Promise<string> {
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
    if (dirs.length > 0) sections.push(await experimentSection(experiment, dirs));
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

/** One experiment's runs, newest first, and the form to compare two of them. */
async function experimentSection(experiment: string, dirs: readonly string[]): Promise<Html> {
  const rows: Html[] = [];
  const options: Html[] = [];
  for (const dir of dirs.toReversed()) {
    const id = dir.split("/").at(-1)!;
    const key = `${experiment}/${id}`;
    options.push(html`<option value="${key}">${id}</option>`);
    rows.push(await runRow(dir, { id, key }));
  }
  return html`
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
  `;
}

/** A run's row: status, times, size, the chosen cells' results, flags and commit. */
async function runRow(dir: string, at: { id: string; key: string }): Promise<Html> {
  const { id, key } = at;
  try {
    const run = await readRun(dir);
    const m = run.manifest;
    const cells = aggregate(run);
    const choices = chooseBest(cells, m.metrics[0] ?? "loss");
    const included = m.cells.filter((c) => c.included).length;
    return html`
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
            ? html`<div>${c.group}: ★ ${c.chosen.cell.label} — ${c.reported.replaceAll("_", " ")} ${
              formatSummary(c.result)
            } <small>${formatInterval(c.reported, c.result)}</small></div>`
            : html`<div>${c.group}: —</div>`
        )}</td>
        <td>${flagsText(m.flags)}</td>
        <td><code>${commitText(m.environment).slice(0, 12)}</code>${m.environment.gitDirty
          ? " +"
          : ""}</td>
      </tr>
    `;
  } catch (e) {
    return html`
      <tr>
        <td>${id}</td>
        <td colspan="8">cannot be read: ${(e as Error).message}</td>
      </tr>
    `;
  }
}
