/**
 * The results folder's `index.html` — every experiment and run, newest first, with links to
 * the reports and a form to compare any two runs — and the `compare.html` it opens.
 *
 * Recording a run in the index costs the same however many runs the folder holds: each run
 * appends one line, its row, to `runs.js` (an append-only script the page reads), and the
 * two pages are static. No run reads its siblings — a late shard of a 1,000-task array does no
 * more work than the first. A run recorded again (resumed, its report rebuilt) appends a new
 * row; the page keeps the last row of each run. {@link writeResultsIndex} rebuilds `runs.js`
 * from every run folder, dropping rows of runs that are gone.
 *
 * @module
 */

import { aggregateFinals, primaryMetric } from "../experiment/analysis/aggregate.ts";
import { chooseBest } from "../experiment/analysis/select.ts";
import type { Manifest, RunSummary } from "../experiment/records.ts";
import { writeTextAtomic } from "../experiment/store/atomic.ts";
import { type Labels, readLabels } from "../experiment/store/labels.ts";
import { listRuns } from "../experiment/store/list.ts";
import { commitText } from "../experiment/store/manifest.ts";
import { openRun } from "../experiment/store/read.ts";
import { formatInterval, formatSummary } from "./format.ts";
import { html } from "./html_template.ts";
import {
  ASSETS,
  type Assets,
  durationText,
  flagsText,
  page,
  seconds,
  writeAssets,
} from "./shell.ts";

/** The append-only list of the index's rows, beside `index.html`. */
export const RUNS_SCRIPT = "runs.js";

/** A run's row in the results index, its texts formatted (the page only lays them out). */
export interface IndexRow {
  /** The experiment. */
  readonly experiment: string;
  /** The run id (the run folder's name). */
  readonly id: string;
  /** The run's status. */
  readonly status: string;
  /** When it started (ISO 8601). */
  readonly started: string;
  /** Wall-clock seconds from start to end (or to now, for a run in progress). */
  readonly seconds: number;
  /** How long, in words. */
  readonly duration: string;
  /** `cells × seeds` of this run (or shard). */
  readonly size: string;
  /** Units finished. */
  readonly units: number;
  /** Per data set: the chosen cell and its result, or none. */
  readonly chosen: readonly {
    readonly group: string;
    readonly text?: string;
    readonly interval?: string;
  }[];
  /** The flags as given. */
  readonly flags: string;
  /** The commit, shortened, with ` +` for uncommitted changes. */
  readonly commit: string;
  /** Why the run could not be read, instead of its figures. */
  readonly error?: string;
  /** Its tags (`--tag`, `deno task tag`). */
  readonly tags?: readonly string[];
  /** Its note (`--note`, `deno task tag --note`). */
  readonly note?: string;
}

/** A running run's progress, as the index shows it. */
export interface LiveProgress {
  /** Units finished (completed, stopped early or diverged). */
  readonly done: number;
  /** Units whose loss or weights became NaN or infinite. */
  readonly diverged: number;
  /** Units the run (or shard) has in all. */
  readonly total: number;
  /** Units trained at once. */
  readonly workers: number;
  /** Seconds left at the rate seen since the server started watching, when there is one. */
  readonly eta?: number;
}

/** A run's row on the index, with its progress while it runs. */
export interface LiveRow extends IndexRow {
  /** The run folder's path below the results folder (`<experiment>/<run id>`, or deeper). */
  readonly key: string;
  readonly live: LiveProgress;
}

/**
 * A run's row in the results index.
 *
 * @param run The run, as read back.
 * @returns The row.
 */
function indexRow(run: RunSummary, labels: Labels): IndexRow {
  const m = run.manifest;
  const choices = chooseBest(aggregateFinals(run), primaryMetric(m));
  return {
    ...rowOfManifest(m, run.units.size, labels),
    chosen: choices.map((c) =>
      c.chosen
        ? {
          group: c.group,
          text: `★ ${c.chosen.cell.label}${
            c.tied.length > 1
              ? ` (tied with ${c.tied.length - 1} on ${c.by.replace("_", " ")})`
              : ""
          } — ${c.reported.replaceAll("_", " ")} ${formatSummary(c.result)}`,
          interval: formatInterval(c.reported, c.result),
        }
        : { group: c.group }
    ),
  };
}

/**
 * What a run's row says from its manifest alone (all but the chosen cells): for a finished
 * run's row, and for a running run's on a served index.
 *
 * @param m The manifest.
 * @param units Units finished.
 * @param labels Its tags and note.
 * @returns The row's fields.
 */
export function rowOfManifest(
  m: Manifest,
  units: number,
  labels: Labels,
): Omit<IndexRow, "chosen"> {
  const s = seconds(m.started, m.ended);
  return {
    experiment: m.experiment,
    id: m.runId,
    status: m.status,
    started: m.started,
    seconds: s,
    duration: durationText(s),
    size: `${m.cells.filter((c) => c.included).length} × ${m.seeds.length}`,
    units,
    flags: flagsText(m.flags),
    commit: `${commitText(m.environment).slice(0, 12)}${m.environment.gitDirty ? " +" : ""}`,
    ...labelsOf(labels),
  };
}

/**
 * A row's tags and note fields (none when the run has neither).
 *
 * @param labels The run's labels.
 * @returns The fields.
 */
export function labelsOf(labels: Labels): Pick<IndexRow, "tags" | "note"> {
  return {
    ...(labels.tags.length ? { tags: labels.tags } : {}),
    ...(labels.note !== undefined ? { note: labels.note } : {}),
  };
}

/** One line of `runs.js`: a self-contained statement that adds a row. */
function rowLine(row: IndexRow): string {
  // JSON is a JavaScript expression; "</" cannot end a script element when it is escaped.
  return `(globalThis.mlpIndex ??= []).push(${JSON.stringify(row).replaceAll("</", "<\\/")});\n`;
}

/**
 * Adds a run's row to the results folder's index: one appended line, whatever the folder
 * holds, and the two static pages rewritten (their size does not grow with the runs either).
 *
 * @param root The results folder.
 * @param run The run, as read back.
 * @param names The assets' file names.
 * @param labels The run's tags and note.
 */
export async function recordInIndex(
  root: string,
  run: RunSummary,
  names: Assets,
  labels: Labels = { tags: [] },
): Promise<void> {
  await Deno.writeTextFile(`${root}/${RUNS_SCRIPT}`, rowLine(indexRow(run, labels)), {
    append: true,
  });
  await writeIndexPages(root, names);
}

/**
 * Rebuilds `<results>/runs.js` from every run folder (rows of runs since deleted drop out;
 * a run that cannot be read gets a row saying why) and writes `index.html` and the
 * `compare.html` it opens. Reads every run: an explicit rebuild, never part of a run.
 *
 * @param root The results folder.
 * @returns The path of `index.html`.
 */
export async function writeResultsIndex(root: string): Promise<string> {
  const names = await writeAssets(root);
  const experiments: string[] = [];
  for await (const e of Deno.readDir(root)) {
    if (e.isDirectory && !e.name.startsWith("_") && !e.name.startsWith(".")) {
      experiments.push(e.name);
    }
  }
  const lines: string[] = [];
  for (const experiment of experiments.sort()) {
    for (const dir of await listRuns(root, experiment)) {
      lines.push(rowLine(await rowOf(dir, experiment)));
    }
  }
  await writeTextAtomic(`${root}/${RUNS_SCRIPT}`, lines.join(""));
  return await writeIndexPages(root, names);
}

async function rowOf(dir: string, experiment: string): Promise<IndexRow> {
  try {
    const { manifest, store } = await openRun(dir);
    return indexRow({ manifest, units: store.summaries }, await readLabels(dir));
  } catch (e) {
    const id = dir.split("/").at(-1)!;
    return {
      experiment,
      id,
      status: "unreadable",
      started: "",
      seconds: NaN,
      duration: "",
      size: "",
      units: 0,
      chosen: [],
      flags: "",
      commit: "",
      error: (e as Error).message,
    };
  }
}

/**
 * Writes `index.html` and `compare.html`: static pages that draw the rows of `runs.js`.
 *
 * @param root The results folder.
 * @param names The assets' file names.
 * @returns The path of `index.html`.
 */
async function writeIndexPages(root: string, names: Assets): Promise<string> {
  await writeTextAtomic(`${root}/compare.html`, comparePageHtml(names));
  const path = `${root}/index.html`;
  await writeTextAtomic(path, indexPageHtml(names));
  return path;
}

/**
 * The results folder's `compare.html`: it draws the runs its URL names.
 *
 * @param names The assets' file names.
 * @returns HTML text.
 */
export function comparePageHtml(names: Assets): string {
  return page(
    { title: "Comparison", assets: ASSETS, names, body: { page: "compare" }, figures: true },
    html`
      <h1>Comparison</h1>
      <p><a href="index.html">All runs</a></p>
      <section id="comparison"></section>
    `,
  );
}

/**
 * The results folder's `index.html`: it draws the rows of `runs.js`.
 *
 * @param names The assets' file names.
 * @returns HTML text.
 */
export function indexPageHtml(names: Assets): string {
  return page(
    {
      title: "Results",
      assets: ASSETS,
      names,
      body: { page: "index" },
      head: html`<script src="${RUNS_SCRIPT}"></script>`,
    },
    html`
      <h1>Results</h1>
      <p
        class="note">Every experiment and run in this folder, newest first; "+" after a commit: the run had uncommitted changes. Runs are chosen per data set on validation, reported on test.</p>
      <div id="runs"></div>
    `,
  );
}
