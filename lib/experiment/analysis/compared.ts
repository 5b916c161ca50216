/**
 * What a comparison reads and how two chosen cells are compared: the types the pairwise
 * and the side-by-side comparisons share, and the best-against-best test.
 *
 * Pure: the comparison pages run the same code.
 *
 * @module
 */

import { type CellFinals, finalValue } from "./aggregate.ts";
import { canonicalJson } from "../json.ts";
import type { Json, RunSummary, UnitSummary } from "../records.ts";
import { pairedTTest, type TestResult, welchTTest } from "./stats.ts";

/**
 * A run as a comparison reads it: its folder, manifest and finished units — summaries (the
 * final metrics) suffice; where the units carry their epochs too, the identity check
 * compares those as well.
 */
export interface ComparedRun extends RunSummary {
  /** The run folder. */
  readonly dir: string;
}

/** A compared cell's finals over seeds in one run. */
export type ComparedCell = CellFinals<UnitSummary>;

/** A setting that differs between the two runs. */
export interface SetupDifference {
  /** What differs (definition, overrides, flags, commit …). */
  readonly what: string;
  /** Its value in run A. */
  readonly a: string;
  /** Its value in run B. */
  readonly b: string;
}

/**
 * Two chosen cells compared on a column: paired over the seeds both ran when they used the
 * same data (two or more), Welch's test otherwise; and the settings they differ in.
 *
 * @param x The first cell.
 * @param y The second.
 * @param column e.g. `test_accuracy`.
 * @returns y − x with its test, and the settings that differ.
 */
export function bestPair(
  x: ComparedCell,
  y: ComparedCell,
  column: string,
): { test: TestResult; settings: SetupDifference[] } {
  const sameData = canonicalJson(x.cell.config.data as unknown as Json) ===
    canonicalJson(y.cell.config.data as unknown as Json);
  const seeds = x.units.map((u) => u.seed).filter((s) => y.units.some((u) => u.seed === s));
  const at = (c: ComparedCell, s: number) => finalValue(c.units.find((u) => u.seed === s)!, column);
  const test = sameData && seeds.length >= 2
    ? pairedTTest(seeds.map((s) => at(x, s)), seeds.map((s) => at(y, s)))
    : welchTTest(
      x.units.map((u) => finalValue(u, column)),
      y.units.map((u) => finalValue(u, column)),
    );
  const keys = [...new Set([...Object.keys(x.cell.config), ...Object.keys(y.cell.config)])];
  const settings = keys.flatMap((k) => {
    const va = JSON.stringify((x.cell.config as unknown as Record<string, unknown>)[k] ?? null);
    const vb = JSON.stringify((y.cell.config as unknown as Record<string, unknown>)[k] ?? null);
    return va === vb ? [] : [{ what: k, a: va, b: vb }];
  });
  return { test, settings };
}

/**
 * Which random streams the matched cells of two runs share per seed — the data and split
 * always (they derive from the data spec); the initial weights when the model is the same
 * and the batch order when data, split and batch size are (runs since common random
 * numbers) — said in a sentence.
 *
 * @param c The two runs and their cells as matched.
 * @returns The sentence.
 */
export function streamsSentence(c: {
  readonly a: ComparedRun;
  readonly b: ComparedRun;
  readonly cells: readonly {
    readonly runs: { readonly a?: ComparedCell; readonly b?: ComparedCell };
  }[];
}): string {
  const old = (["a", "b"] as const).filter((r) => c[r].manifest.streams !== "settings");
  if (old.length > 0) {
    return `Run ${
      old.map((r) => r.toUpperCase()).join(" and ")
    } drew each cell's initial weights and batch order from the cell's id (made before common random numbers): paired cells share each seed's data and split, not its initial weights or batch order.`;
  }
  const pairs = c.cells.flatMap((x) => (x.runs.a && x.runs.b ? [[x.runs.a, x.runs.b]] : []));
  const same = (f: (x: ComparedCell) => unknown) =>
    pairs.filter(([x, y]) => canonicalJson(f(x!)) === canonicalJson(f(y!))).length;
  const init = same((x) => x.cell.config.model);
  const order = same((x) => {
    const { data, split, batchSize } = x.cell.config;
    return { data, split, batchSize };
  });
  return `Common random numbers: per seed, ${init} of ${pairs.length} paired cells share their initial weights (same model) and ${order} of ${pairs.length} their batch order (same data, split and batch size); all share their data and split.`;
}
