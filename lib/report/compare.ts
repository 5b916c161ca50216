/**
 * Run-vs-run comparison as text and JSON, and finding the runs to compare (by start time).
 * The statistics are the experiment floor's `compareRuns`.
 *
 * @module
 */

import { streamsSentence } from "../experiment/analysis/compared.ts";
import {
  cellVerdict,
  type ComparedRun,
  type RunComparison,
  seedsSentence,
} from "../experiment/analysis/compare.ts";
import { listRuns } from "../experiment/store/list.ts";
import { readRun } from "../experiment/store/read.ts";
import type { RunData } from "../experiment/records.ts";
import { basename, dirname } from "node:path";
import type { ManyComparison } from "../experiment/analysis/compare_many.ts";
import { formatDifference, formatP, formatSummary } from "./format.ts";
import { textTable } from "./table.ts";

/**
 * The comparison as text: both runs, what differs in their set-up, one row per cell on
 * the headline metric, the secondary metrics with a small p, the seeds used, a warning
 * when they are few, and the verdict line last.
 *
 * @param c The comparison.
 * @returns The text.
 */
export function comparisonText(c: RunComparison): string {
  const rows = [
    ["cell", `A ${c.headline}`, `B ${c.headline}`, "B − A [95% CI]", "test", "p", "p (Holm)", ""],
    ...c.cells.map((x) => {
      const m = x.metrics.find((m) => m.column === c.headline);
      const t = m?.test;
      return [
        x.label,
        formatSummary(m?.a),
        formatSummary(m?.b),
        t ? formatDifference(t.difference, t.ciLow, t.ciHigh) : "—",
        t ? `${t.test} (n=${t.n})` : "—",
        formatP(t?.p ?? NaN),
        formatP(m?.pAdjusted ?? NaN),
        cellVerdict(x),
      ];
    }),
  ];
  const others = c.cells.flatMap((x) =>
    x.metrics.filter((m) => !m.primary && m.pAdjusted < c.alpha).map((m) =>
      `  ${x.label}: ${m.column} ${formatSummary(m.a)} → ${formatSummary(m.b)}, ${
        formatDifference(m.test!.difference, m.test!.ciLow, m.test!.ciHigh)
      }, p ${formatP(m.pAdjusted)}`
    )
  );
  const seeds = seedsSentence(c);
  const run = (tag: string, r: ComparedRun) =>
    `${tag}: ${r.dir} (${r.manifest.status}, started ${r.manifest.started})`;
  return [
    run("A", c.a),
    run("B", c.b),
    ...(c.setup.length
      ? ["Differences in set-up:", ...c.setup.map((d) => `  ${d.what}: ${d.a} → ${d.b}`)]
      : ["Same set-up."]),
    "",
    textTable(rows),
    ...(others.length
      ? [
        "",
        `Secondary metrics with p < ${c.alpha} (each test alone; not in the verdict):`,
        ...others,
      ]
      : []),
    ...(seeds ? ["", seeds] : []),
    "",
    streamsSentence(c),
    ...(c.warning ? ["", `Warning: ${c.warning}`] : []),
    "",
    c.verdict,
  ].join("\n");
}

/**
 * The comparison as JSON for scripts: both runs, the set-up differences, every cell with
 * every metric's summaries, test and Holm-adjusted p, and the verdict.
 *
 * @param c The comparison.
 * @returns A JSON-ready object (non-finite numbers become null).
 */
export function comparisonJson(c: RunComparison): unknown {
  const run = (r: ComparedRun) => ({
    dir: r.dir,
    runId: r.manifest.runId,
    status: r.manifest.status,
    started: r.manifest.started,
  });
  return JSON.parse(JSON.stringify({
    a: run(c.a),
    b: run(c.b),
    alpha: c.alpha,
    correction: "holm",
    tests: c.tests,
    headline: c.headline,
    setup: c.setup,
    cells: c.cells.map(({ runs: _runs, ...cell }) => cell),
    verdict: c.verdict,
    ...(c.warning ? { warning: c.warning } : {}),
    ...(c.best ? { best: c.best } : {}),
  }, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v)));
}

async function isRun(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(`${path}/manifest.json`)).isFile;
  } catch {
    return false;
  }
}

/**
 * Finds the two runs to compare: two run folders; one run folder and the run of the same
 * experiment that started before it; or an experiment name and its two latest runs by
 * start time.
 *
 * @param args One or two run folders or an experiment name.
 * @param options `out`: the results folder. @default {"results"}
 * @returns The two runs, A (older or first given) and B.
 */
export async function findRunsToCompare(
  args: readonly string[],
  options: { readonly out?: string } = {},
): Promise<[RunData, RunData]> {
  const out = options.out ?? "results";
  if (args.length === 2) return [await readRun(args[0]!), await readRun(args[1]!)];
  if (args.length !== 1) {
    throw new TypeError("Cannot compare: give one or two run folders, or an experiment name");
  }
  const [arg] = args as [string];
  if (await isRun(arg)) {
    const b = await readRun(arg);
    const runs = await listRuns(out, b.manifest.experiment);
    const at = runs.findIndex((r) => r.split("/").at(-1) === b.manifest.runId);
    // listRuns orders by start time: the run before this one is the one listed before it.
    const before = at > 0
      ? runs[at - 1]
      : at < 0
      ? (await Promise.all(runs.map(async (r) => [r, (await readRun(r)).manifest.started])))
        .filter(([, s]) => s! < b.manifest.started).at(-1)?.[0]
      : undefined;
    if (before === undefined) {
      throw new Deno.errors.NotFound(
        `Cannot compare ${arg}: no earlier run of ${b.manifest.experiment} in ${out}`,
      );
    }
    return [await readRun(before), b];
  }
  // A path (results/mine) names an experiment's folder as it is; a name is looked up in out.
  const [where, name] = arg.includes("/")
    ? [dirname(arg.replace(/\/+$/, "")), basename(arg.replace(/\/+$/, ""))]
    : [out, arg];
  const runs = await listRuns(where, name);
  if (runs.length < 2) {
    throw new Deno.errors.NotFound(
      `Cannot compare "${arg}": it is not a run folder, and ${where}/${name} holds ${runs.length} run(s), not two`,
    );
  }
  return [await readRun(runs.at(-2)!), await readRun(runs.at(-1)!)];
}

/**
 * Several runs side by side as text: one row per run (its best cell against run A's, with
 * Holm's correction over the comparisons), then the verdict line.
 *
 * @param c The comparison.
 * @returns The text.
 */
export function manyText(c: ManyComparison): string {
  const letter = (i: number) => String.fromCharCode(65 + i);
  const rows = [
    ["", "run", "★ best cell", c.column, "− A [95% CI]", "test", "p (Holm)", "", "differs in"],
    ...c.runs.map((x, i) => {
      const t = x.vsFirst;
      return [
        letter(i),
        x.run.dir,
        x.chosen?.cell.label ?? "—",
        formatSummary(x.result),
        t ? formatDifference(t.difference, t.ciLow, t.ciHigh) : i === 0 ? "baseline" : "—",
        t ? `${t.test} (n=${t.n})` : "—",
        formatP(x.pAdjusted),
        i === 0 ? "" : x.differs ? "differs" : t ? "no evidence of a difference" : "—",
        x.settings.map((s) => s.what).join(", "),
      ];
    }),
  ];
  return [textTable(rows), "", c.verdict].join("\n");
}

/**
 * Several runs side by side as JSON (for scripts).
 *
 * @param c The comparison.
 * @returns A JSON value.
 */
export function manyJson(c: ManyComparison): unknown {
  return JSON.parse(JSON.stringify({
    column: c.column,
    alpha: c.alpha,
    correction: "holm",
    verdict: c.verdict,
    runs: c.runs.map((x) => ({
      dir: x.run.dir,
      runId: x.run.manifest.runId,
      chosen: x.chosen?.cell.label ?? null,
      result: x.result ?? null,
      vsFirst: x.vsFirst ?? null,
      pAdjusted: Number.isFinite(x.pAdjusted) ? x.pAdjusted : null,
      differs: x.differs,
      settings: x.settings,
    })),
    common: c.common,
  }, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v)));
}
