/**
 * Run against run: cells matched by id (same configuration) or else by label; every final
 * metric tested over seeds — paired where both runs have the seed (the same seed gives the
 * same data and split, so the seed-to-seed spread cancels), Welch's test otherwise — and
 * Holm's correction over all the tests at once. A cell whose units are equal number for
 * number in both runs is `identical`, not tested.
 *
 * Pure: the pages that compare any two runs in a browser run the same code.
 *
 * @module
 */

import { aggregate, type CellAggregate, finalValue, headline, PARTS } from "./aggregate.ts";
import type { RunData, UnitResult } from "../records.ts";
import { commitText } from "../store/manifest.ts";
import { holm, pairedTTest, type Summary, type TestResult, welchTTest } from "./stats.ts";

/** One final metric of one matched cell. */
export interface MetricComparison {
  /** e.g. `test_accuracy`. */
  readonly column: string;
  /** The metric over run A's seeds. */
  readonly a?: Summary;
  /** The metric over run B's seeds. */
  readonly b?: Summary;
  /** The test of B − A, when both sides have values and the cell is not identical. */
  readonly test?: TestResult;
  /** Holm-adjusted p over every test of the comparison (NaN where no test ran). */
  readonly pAdjusted: number;
  /** Whether the adjusted p is below α. */
  readonly differs: boolean;
}

/** One cell of either run. */
export interface CellComparison {
  /** The cell's label. */
  readonly label: string;
  /** How the cells were matched: same id, same label, or only in one run. */
  readonly match: "id" | "label" | "only A" | "only B";
  /** Every unit has the same seeds and the same numbers in both runs. */
  readonly identical: boolean;
  /** Seeds finished in both runs. */
  readonly pairedSeeds: readonly number[];
  /** One comparison per final metric. */
  readonly metrics: readonly MetricComparison[];
  /** Some metric differs after correction. */
  readonly differs: boolean;
  /** The matched cell's aggregates in each run (curves, units), where it is in that run. */
  readonly runs: { readonly a?: CellAggregate; readonly b?: CellAggregate };
}

/** A setting that differs between the two runs. */
export interface SetupDifference {
  /** What differs (definition, overrides, flags, commit …). */
  readonly what: string;
  /** Its value in run A. */
  readonly a: string;
  /** Its value in run B. */
  readonly b: string;
}

/** A comparison of two runs. */
export interface RunComparison {
  /** The run compared against (older, or given first). */
  readonly a: RunData;
  /** The run compared with it. */
  readonly b: RunData;
  /** Family-wise error rate. */
  readonly alpha: number;
  /** The column shown first, e.g. `test_accuracy`. */
  readonly headline: string;
  /** Every cell of the two runs. */
  readonly cells: readonly CellComparison[];
  /** Everything that differs between the two runs' set-ups. */
  readonly setup: readonly SetupDifference[];
  /** Which tests ran, e.g. `paired t` or `paired t, Welch t`. */
  readonly tests: readonly string[];
  /** e.g. "4 of 12 cells differ (paired t, Holm-corrected α = 0.05); 8 identical per seed". */
  readonly verdict: string;
}

/** A unit's numbers, for the identity check: everything but the timings. */
function numbers(u: UnitResult): string {
  return JSON.stringify([
    u.status,
    u.epochsRun,
    u.bestEpoch,
    u.finalEpoch,
    PARTS.map((p) => u.final[p] ?? null),
    u.history.map((e) => [e.train, e.validation ?? null, e.maxAbsWeight]),
  ]);
}

function sameUnits(x: CellAggregate, y: CellAggregate): boolean {
  return x.units.length === y.units.length &&
    x.units.every((u, i) => u.seed === y.units[i]!.seed && numbers(u) === numbers(y.units[i]!));
}

/**
 * A cell's verdict in words: in one run only, identical, differs, or no evidence of a
 * difference.
 *
 * @param cell The compared cell.
 * @returns The words.
 */
export function cellVerdict(cell: CellComparison): string {
  if (cell.match === "only A" || cell.match === "only B") return cell.match;
  if (cell.identical) return "identical";
  return cell.differs ? "differs" : "no evidence of a difference";
}

/**
 * Compares run B against run A on every final metric.
 *
 * @param a The run compared against.
 * @param b The run compared with it.
 * @param options `alpha`: the family-wise error rate. @default {0.05}
 * @returns The comparison.
 */
export function compareRuns(
  a: RunData,
  b: RunData,
  options: { readonly alpha?: number } = {},
): RunComparison {
  const alpha = options.alpha ?? 0.05;
  const ca = aggregate(a), cb = aggregate(b);
  const main = headline(a, ca);
  // First every test, then Holm over all of them, then the verdicts.
  const draft = matchCells(ca, cb).map(testCell);
  const flat = draft.flatMap((c) => c.metrics);
  const adjusted = holm(flat.map((m) => m.test?.p ?? NaN));
  let k = 0;
  const cells: CellComparison[] = draft.map((c) => {
    const metrics = c.metrics.map((m) => {
      const pAdjusted = adjusted[k++]!;
      return { ...m, pAdjusted, differs: pAdjusted < alpha };
    });
    return { ...c, metrics, differs: metrics.some((m) => m.differs) };
  });
  const tests = [
    ...new Set(flat.flatMap((m) => (m.test && Number.isFinite(m.test.p) ? [m.test.test] : []))),
  ].sort();
  const verdict = verdictOf(cells, tests, alpha);
  return { a, b, alpha, headline: main, cells, setup: setupDifferences(a, b), tests, verdict };
}

/** A cell of A and its match in B, or one of them alone. */
interface CellPair {
  readonly label: string;
  readonly match: CellComparison["match"];
  readonly x?: CellAggregate;
  readonly y?: CellAggregate;
}

/** A's cells matched to B's by id, else by label; then B's cells left over. */
function matchCells(ca: readonly CellAggregate[], cb: readonly CellAggregate[]): CellPair[] {
  const pairs: CellPair[] = [];
  const usedB = new Set<number>();
  for (const x of ca) {
    let j = cb.findIndex((y) => y.cell.id === x.cell.id);
    let match: CellComparison["match"] = "id";
    if (j < 0) {
      j = cb.findIndex((y, k) => !usedB.has(k) && y.cell.label === x.cell.label);
      match = "label";
    }
    if (j < 0) {
      pairs.push({ label: x.cell.label, match: "only A", x });
      continue;
    }
    usedB.add(j);
    pairs.push({ label: x.cell.label, match, x, y: cb[j]! });
  }
  cb.forEach((y, k) => {
    if (!usedB.has(k)) pairs.push({ label: y.cell.label, match: "only B", y });
  });

  return pairs;
}

/** Every final metric of a matched pair tested (paired over shared seeds, else Welch's). */
function testCell({ label, match, x, y }: CellPair) {
  const identical = x !== undefined && y !== undefined && sameUnits(x, y);
  const seedsB = new Set(y?.units.map((u) => u.seed) ?? []);
  const paired = (x?.units ?? []).filter((u) => seedsB.has(u.seed)).map((u) => u.seed);
  const columns = [
    ...new Set([...Object.keys(x?.finals ?? {}), ...Object.keys(y?.finals ?? {})]),
  ].filter((c) => c !== "epochs_run");
  const metrics = columns.map((column) => {
    let test: TestResult | undefined;
    if (x && y && !identical) {
      if (paired.length >= 2) {
        const byseed = (agg: CellAggregate) =>
          paired.map((s) => finalValue(agg.units.find((u) => u.seed === s)!, column));
        test = pairedTTest(byseed(x), byseed(y));
      } else {
        const values = (agg: CellAggregate) => agg.units.map((u) => finalValue(u, column));
        test = welchTTest(values(x), values(y));
      }
    }
    return {
      column,
      ...(x?.finals[column] ? { a: x.finals[column] } : {}),
      ...(y?.finals[column] ? { b: y.finals[column] } : {}),
      ...(test ? { test } : {}),
    };
  });
  const runs = { ...(x ? { a: x } : {}), ...(y ? { b: y } : {}) };
  return { label, match, identical, pairedSeeds: paired, metrics, runs };
}

/** The verdict line: how many matched cells differ, by which tests, how many are identical. */
function verdictOf(
  cells: readonly CellComparison[],
  tests: readonly string[],
  alpha: number,
): string {
  const matched = cells.filter((c) => c.match === "id" || c.match === "label");
  const differ = matched.filter((c) => c.differs).length;
  const identical = matched.filter((c) => c.identical).length;
  const only = cells.length - matched.length;
  const how = tests.length ? `${tests.join(" / ")}, ` : "";
  return matched.length === 0
    ? "No cell is in both runs: nothing to compare."
    : `${differ} of ${matched.length} cells differ (${how}Holm-corrected α = ${alpha}); ` +
      `${identical} identical per seed` +
      (only ? `; ${only} cells in only one run` : "");
}

/**
 * What differs between two runs' set-ups: experiment, definition, overrides, flags, seeds,
 * code version, backend, Deno, V8, TypeScript, platform.
 *
 * @param a One run.
 * @param b The other.
 * @returns The differences.
 */
export function setupDifferences(a: RunData, b: RunData): SetupDifference[] {
  const ma = a.manifest, mb = b.manifest, ea = ma.environment, eb = mb.environment;
  const rows: [string, unknown, unknown][] = [
    ["experiment", ma.experiment, mb.experiment],
    ["definition", ma.definitionHash, mb.definitionHash],
    ["overrides", ma.overrides, mb.overrides],
    ["flags", ma.flags, mb.flags],
    ["seeds", ma.seeds, mb.seeds],
    ["shard", ma.shard, mb.shard],
    ["git commit", commitText(ea), commitText(eb)],
    ["backend", ea.kernels, eb.kernels],
    ["Deno", ea.deno, eb.deno],
    ["V8", ea.v8, eb.v8],
    ["TypeScript", ea.typescript, eb.typescript],
    [
      "platform",
      `${ea.os}/${ea.arch}, ${ea.cores} cores`,
      `${eb.os}/${eb.arch}, ${eb.cores} cores`,
    ],
  ];
  return rows.flatMap(([what, x, y]) => {
    const sx = typeof x === "string" ? x : JSON.stringify(x);
    const sy = typeof y === "string" ? y : JSON.stringify(y);
    return sx === sy ? [] : [{ what, a: sx, b: sy }];
  });
}
