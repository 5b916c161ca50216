/**
 * Run-vs-run comparison: cells matched by id (same configuration) or else by label, the
 * headline metric side by side with its difference and Welch's t-test over seeds, and
 * what differs between the two runs' set-ups.
 *
 * @module
 */

import { studentTCdf, type Summary } from "../experiment/stats.ts";
import { listRuns, readRun, type RunData } from "../experiment/store.ts";
import { aggregate, formatSummary, headline } from "./aggregate.ts";
import { textTable } from "./table.ts";

/** One matched (or unmatched) cell. */
export interface ComparedCell {
  readonly label: string;
  /** How the cells were matched: same id, same label, or only in one run. */
  readonly match: "id" | "label" | "only A" | "only B";
  readonly a?: Summary;
  readonly b?: Summary;
  /** mean(B) − mean(A). */
  readonly difference: number;
  /** Two-sided p-value of Welch's t-test (NaN when it cannot be computed). */
  readonly p: number;
}

/** A comparison of two runs. */
export interface Comparison {
  readonly a: RunData;
  readonly b: RunData;
  /** The metric column compared, e.g. `test_accuracy`. */
  readonly column: string;
  readonly cells: readonly ComparedCell[];
  /** Differences in set-up: definition, overrides, code version, Deno version. */
  readonly notes: readonly string[];
}

/**
 * Welch's two-sided t-test between two summaries.
 *
 * @example
 * ```ts
 * import { welchP } from "./compare.ts";
 * import { summarize } from "../experiment/stats.ts";
 * import assert from "node:assert/strict";
 *
 * assert.ok(welchP(summarize([1, 2, 3]), summarize([11, 12, 13])) < 0.001);
 * assert.ok(welchP(summarize([1, 2, 3]), summarize([1.5, 2, 2.5])) > 0.5);
 * ```
 *
 * @param a One sample's summary.
 * @param b The other's.
 * @returns The p-value, or NaN with fewer than two values on a side.
 */
export function welchP(a: Summary, b: Summary): number {
  if (a.n < 2 || b.n < 2) return NaN;
  const va = a.std ** 2 / a.n, vb = b.std ** 2 / b.n;
  if (va + vb === 0) return a.mean === b.mean ? 1 : 0;
  const t = (b.mean - a.mean) / Math.sqrt(va + vb);
  const df = (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1));
  return 2 * (1 - studentTCdf(Math.abs(t), df));
}

/**
 * Compares run B against run A on A's headline metric.
 *
 * @param a The baseline run.
 * @param b The run compared with it.
 * @returns The comparison.
 */
export function compareRuns(a: RunData, b: RunData): Comparison {
  const ca = aggregate(a), cb = aggregate(b);
  const column = headline(a, ca);
  const cells: ComparedCell[] = [];
  const usedB = new Set<number>();
  for (const x of ca) {
    let j = cb.findIndex((y) => y.cell.id === x.cell.id);
    let match: ComparedCell["match"] = "id";
    if (j < 0) {
      j = cb.findIndex((y, k) => !usedB.has(k) && y.cell.label === x.cell.label);
      match = "label";
    }
    if (j < 0) {
      cells.push({
        label: x.cell.label,
        match: "only A",
        ...withA(x.finals[column]),
        difference: NaN,
        p: NaN,
      });
      continue;
    }
    usedB.add(j);
    const sa = x.finals[column], sb = cb[j]!.finals[column];
    cells.push({
      label: x.cell.label,
      match,
      ...withA(sa),
      ...(sb ? { b: sb } : {}),
      difference: (sb?.mean ?? NaN) - (sa?.mean ?? NaN),
      p: sa && sb ? welchP(sa, sb) : NaN,
    });
  }
  cb.forEach((y, k) => {
    if (!usedB.has(k)) {
      const sb = y.finals[column];
      cells.push({
        label: y.cell.label,
        match: "only B",
        ...(sb ? { b: sb } : {}),
        difference: NaN,
        p: NaN,
      });
    }
  });
  const ma = a.manifest, mb = b.manifest, notes: string[] = [];
  const note = (what: string, x: unknown, y: unknown) => {
    const sx = JSON.stringify(x), sy = JSON.stringify(y);
    if (sx !== sy) notes.push(`${what}: ${sx} → ${sy}`);
  };
  note("experiment", ma.experiment, mb.experiment);
  note("definition", ma.definitionHash, mb.definitionHash);
  note("overrides", ma.overrides, mb.overrides);
  note("seeds", ma.seeds, mb.seeds);
  note("git commit", ma.environment.gitCommit, mb.environment.gitCommit);
  note("Deno", ma.environment.deno, mb.environment.deno);
  note("kernels", ma.environment.kernels, mb.environment.kernels);
  return { a, b, column, cells, notes };
}

function withA(s: Summary | undefined): { a?: Summary } {
  return s ? { a: s } : {};
}

/**
 * The comparison as text: a header naming both runs, the set-up differences, and one row
 * per cell.
 *
 * @param c The comparison.
 * @returns The text.
 */
export function comparisonText(c: Comparison): string {
  const rows = [
    ["cell", `A ${c.column}`, `B ${c.column}`, "B − A", "p (Welch)", "matched by"],
    ...c.cells.map((x) => [
      x.label,
      formatSummary(x.a),
      formatSummary(x.b),
      Number.isFinite(x.difference)
        ? (x.difference >= 0 ? "+" : "") + x.difference.toFixed(4)
        : "—",
      Number.isFinite(x.p) ? x.p.toFixed(3) : "—",
      x.match,
    ]),
  ];
  return [
    `A: ${c.a.dir} (${c.a.manifest.status})`,
    `B: ${c.b.dir} (${c.b.manifest.status})`,
    ...(c.notes.length
      ? ["Differences in set-up:", ...c.notes.map((n) => `  ${n}`)]
      : ["Same set-up."]),
    "",
    textTable(rows),
  ].join("\n");
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
 * experiment before it; or an experiment name and its two latest runs.
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
    const runs = (await listRuns(out, b.manifest.experiment)).filter((r) =>
      r.split("/").at(-1)! < b.manifest.runId
    );
    if (runs.length === 0) {
      throw new Deno.errors.NotFound(
        `Cannot compare ${arg}: no earlier run of ${b.manifest.experiment} in ${out}`,
      );
    }
    return [await readRun(runs.at(-1)!), b];
  }
  const runs = await listRuns(out, arg);
  if (runs.length < 2) {
    throw new Deno.errors.NotFound(
      `Cannot compare "${arg}": it is not a run folder, and ${out}/${arg} holds ${runs.length} run(s), not two`,
    );
  }
  return [await readRun(runs.at(-2)!), await readRun(runs.at(-1)!)];
}
