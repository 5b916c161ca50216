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

import { aggregateFinals, finalValue, headline, PARTS, primaryMetric } from "./aggregate.ts";
import type { RunData, UnitResult, UnitSummary } from "../records.ts";
import { commitText } from "../store/manifest.ts";
import { chooseBest } from "./select.ts";
import { bestPair, type ComparedCell, type ComparedRun, type SetupDifference } from "./compared.ts";

export type { ComparedCell, ComparedRun, SetupDifference } from "./compared.ts";
import {
  holm,
  metricRange,
  pairedTTest,
  summarize,
  type Summary,
  type TestResult,
  welchTTest,
} from "./stats.ts";

/** One final metric of one matched cell. */
export interface MetricComparison {
  /** e.g. `test_accuracy`. */
  readonly column: string;
  /** The metric over run A's seeds (the seeds both runs have, when they share two or more). */
  readonly a?: Summary;
  /** The metric over run B's seeds (the same seeds as `a`). */
  readonly b?: Summary;
  /** The test of B − A, when both sides have values and the cell is not identical. */
  readonly test?: TestResult;
  /**
   * Holm-adjusted p over the headline metric's tests of every cell (the family the verdict
   * is about); for the other, secondary metrics, the p of the test alone. NaN: no test.
   */
  readonly pAdjusted: number;
  /** The headline metric, its adjusted p below α (always false for a secondary metric). */
  readonly differs: boolean;
  /** Whether this is the headline metric (in the Holm family and the verdict). */
  readonly primary: boolean;
}

/** One cell of either run. */
export interface CellComparison {
  /** The cell's label. */
  readonly label: string;
  /** How the cells were matched: same id, same label, or only in one run. */
  readonly match: "id" | "label" | "only A" | "only B";
  /**
   * The runs' units are the same: every final metric equal on every seed both finished
   * (two or more), or every number equal.
   */
  readonly identical: boolean;
  /** Seeds finished in both runs. */
  readonly pairedSeeds: readonly number[];
  /** Seeds each run finished that the other did not: left out of every column when paired. */
  readonly leftOut: { readonly a: readonly number[]; readonly b: readonly number[] };
  /** One comparison per final metric. */
  readonly metrics: readonly MetricComparison[];
  /** The headline metric differs after correction. */
  readonly differs: boolean;
  /** The matched cell's finals in each run (its units, their summaries), where it is in that run. */
  readonly runs: { readonly a?: ComparedCell; readonly b?: ComparedCell };
}

/** A comparison of two runs. */
export interface RunComparison {
  /** The run compared against (older, or given first). */
  readonly a: ComparedRun;
  /** The run compared with it. */
  readonly b: ComparedRun;
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
  /** Said beside the verdict when the evidence is thin (two seeds or fewer). */
  readonly warning?: string;
  /** When no cell is in both runs: their best cells compared. */
  readonly best?: BestAgainstBest;
}

/** A unit's numbers, for the identity check: everything but the timings (epochs where known). */
function numbers(u: UnitSummary | UnitResult): string {
  return JSON.stringify([
    u.status,
    u.epochsRun,
    u.bestEpoch,
    u.finalEpoch,
    PARTS.map((p) => u.final[p] ?? null),
    "history" in u ? u.history.map((e) => [e.train, e.validation ?? null, e.maxAbsWeight]) : null,
  ]);
}

function sameUnits(x: ComparedCell, y: ComparedCell): boolean {
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
  a: ComparedRun,
  b: ComparedRun,
  options: { readonly alpha?: number } = {},
): RunComparison {
  const alpha = options.alpha ?? 0.05;
  const ca = aggregateFinals(a), cb = aggregateFinals(b);
  const main = headline(a, ca);
  // First every test, then Holm over all of them, then the verdicts.
  const draft = matchCells(ca, cb).map(testCell);
  // Holm's family: the headline metric of every matched cell; the others are secondary.
  const family = draft.flatMap((c) => c.metrics.filter((m) => m.column === main));
  const holmP = holm(family.map((m) => m.test?.p ?? NaN));
  const adjusted = new Map(family.map((m, i) => [m, holmP[i]!]));
  const cells: CellComparison[] = draft.map((c) => {
    const metrics = c.metrics.map((m) => {
      const primary = m.column === main;
      const pAdjusted = primary ? adjusted.get(m)! : m.test?.p ?? NaN;
      return { ...m, pAdjusted, primary, differs: primary && pAdjusted < alpha };
    });
    return { ...c, metrics, differs: metrics.some((m) => m.differs) };
  });
  const tests = [
    ...new Set(family.flatMap((m) => (m.test && Number.isFinite(m.test.p) ? [m.test.test] : []))),
  ].sort();
  const best = cells.some((c) => c.runs.a && c.runs.b)
    ? undefined
    : bestAgainstBest(ca, cb, { a, b, column: main });
  const verdict = best?.verdict ?? verdictOf(cells, tests, { alpha, headline: main });
  const seeds = cells.filter((c) => c.runs.a && c.runs.b).map((c) =>
    c.pairedSeeds.length >= 2 ? c.pairedSeeds.length : Math.min(
      c.runs.a!.units.length,
      c.runs.b!.units.length,
    )
  );
  const fewest = seeds.length ? Math.min(...seeds) : Infinity;
  const warning = fewest <= 2
    ? `Only ${fewest} seed${
      fewest === 1 ? "" : "s"
    } per cell behind some comparisons: intervals are wide and a test can hardly tell a difference from noise; run more seeds (--seeds) before trusting "no evidence".`
    : undefined;
  return {
    a,
    b,
    alpha,
    headline: main,
    cells,
    setup: setupDifferences(a, b),
    tests,
    verdict,
    ...(warning ? { warning } : {}),
    ...(best ? { best: best.best } : {}),
  };
}

/** The best cell of each run, compared on the headline metric (runs with no cell in common). */
export interface BestAgainstBest {
  /** Run A's chosen cell (its first data set's). */
  readonly a: string;
  /** Run B's chosen cell. */
  readonly b: string;
  /** The metric compared. */
  readonly column: string;
  /** B's best − A's best: paired over shared seeds when both use the same data, else Welch. */
  readonly test: TestResult;
  /** The settings in which the two cells differ. */
  readonly settings: readonly SetupDifference[];
}

function bestAgainstBest(
  ca: readonly ComparedCell[],
  cb: readonly ComparedCell[],
  at: { a: ComparedRun; b: ComparedRun; column: string },
): { best: BestAgainstBest; verdict: string } | undefined {
  const pick = (cells: readonly ComparedCell[], run: ComparedRun) =>
    chooseBest(cells, primaryMetric(run.manifest))[0]?.chosen;
  const x = pick(ca, at.a), y = pick(cb, at.b);
  if (x === undefined || y === undefined) return undefined;
  const { test, settings } = bestPair(x, y, at.column);
  const best = { a: x.cell.label, b: y.cell.label, column: at.column, test, settings };
  const d = test.difference, sign = (v: number) => (v >= 0 ? "+" : "") + v.toFixed(4);
  return {
    best,
    verdict:
      `No cell is in both runs: best against best — A's ★ ${x.cell.label} vs B's ★ ${y.cell.label}: ${
        at.column.replace("_", " ")
      } B − A ${sign(d)}${
        Number.isFinite(test.ciLow) ? ` [${sign(test.ciLow)}, ${sign(test.ciHigh)}]` : ""
      } (${test.test}, p ${Number.isFinite(test.p) ? test.p.toFixed(3) : "—"}); they differ in ${
        settings.map((s) => s.what).join(", ") || "nothing but their runs"
      }`,
  };
}

/** A cell of A and its match in B, or one of them alone. */
interface CellPair {
  readonly label: string;
  readonly match: CellComparison["match"];
  readonly x?: ComparedCell;
  readonly y?: ComparedCell;
}

/** A's cells matched to B's by id, else by label; then B's cells left over. */
function matchCells(ca: readonly ComparedCell[], cb: readonly ComparedCell[]): CellPair[] {
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

/**
 * Every final metric of a matched pair tested: paired over the seeds both runs finished
 * when there are two or more — and then every column (A, B and B − A) is over those seeds
 * alone — else Welch's test over all of each run's seeds.
 */
function testCell({ label, match, x, y }: CellPair) {
  const seedsA = new Set(x?.units.map((u) => u.seed) ?? []);
  const seedsB = new Set(y?.units.map((u) => u.seed) ?? []);
  const paired = [...seedsA].filter((s) => seedsB.has(s));
  const pairs = x !== undefined && y !== undefined && paired.length >= 2;
  const leftOut = pairs
    ? { a: [...seedsA].filter((s) => !seedsB.has(s)), b: [...seedsB].filter((s) => !seedsA.has(s)) }
    : { a: [], b: [] };
  const columns = [
    ...new Set([...Object.keys(x?.finals ?? {}), ...Object.keys(y?.finals ?? {})]),
  ].filter((c) => c !== "epochs_run");
  const over = (agg: ComparedCell, column: string) =>
    pairs
      ? paired.map((s) => finalValue(agg.units.find((u) => u.seed === s)!, column))
      : agg.units.map((u) => finalValue(u, column));
  const summary = (agg: ComparedCell | undefined, column: string) =>
    agg === undefined || agg.finals[column] === undefined
      ? undefined
      : pairs
      ? summarize(over(agg, column), {
        range: metricRange(column, { epochs: agg.cell.config.epochs }),
      })
      : agg.finals[column];
  // Identical: every number equal, or every final metric equal on the same seeds.
  const identical = x !== undefined && y !== undefined && (sameUnits(x, y) ||
    (pairs && columns.every((c) => {
      const ys = over(y, c);
      return over(x, c).every((v, i) => Object.is(v, ys[i]));
    })));
  const metrics = columns.map((column) => {
    let test: TestResult | undefined;
    if (x && y && !identical) {
      test = pairs
        ? pairedTTest(over(x, column), over(y, column))
        : welchTTest(over(x, column), over(y, column));
    }
    const a = summary(x, column), b = summary(y, column);
    return { column, ...(a ? { a } : {}), ...(b ? { b } : {}), ...(test ? { test } : {}) };
  });
  const runs = { ...(x ? { a: x } : {}), ...(y ? { b: y } : {}) };
  return { label, match, identical, pairedSeeds: paired, leftOut, metrics, runs };
}

/** The verdict line: how many matched cells differ, by which tests, how many are identical. */
function verdictOf(
  cells: readonly CellComparison[],
  tests: readonly string[],
  at: { alpha: number; headline: string },
): string {
  const { alpha } = at;
  const matched = cells.filter((c) => c.match === "id" || c.match === "label");
  const differ = matched.filter((c) => c.differs).length;
  const identical = matched.filter((c) => c.identical).length;
  const only = cells.length - matched.length;
  const how = tests.length ? `${tests.join(" / ")}, ` : "";
  return matched.length === 0
    ? "No cell is in both runs: nothing to compare."
    : `${differ} of ${matched.length} cells differ in ${
      at.headline.replace("_", " ")
    } (${how}Holm-corrected α = ${alpha}); ` +
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
export function setupDifferences(
  a: Pick<RunData, "manifest">,
  b: Pick<RunData, "manifest">,
): SetupDifference[] {
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

/**
 * Which seeds every column uses, when the runs did not finish the same seeds (every column
 * of a paired comparison is over the seeds both have); undefined when they did.
 *
 * @param c The comparison.
 * @returns e.g. "Seeds: A has 5, B has 10 (8 of 8 cells); every column is over the 5 both
 *   finished (1, 2, 3, 4, 5); left out: A none, B 6, 7, 8, 9, 10".
 */
export function seedsSentence(c: RunComparison): string | undefined {
  const uneven = c.cells.filter((x) => x.leftOut.a.length + x.leftOut.b.length > 0);
  if (uneven.length === 0) return undefined;
  const x = uneven[0]!;
  const count = (r: "a" | "b") => x.runs[r]?.units.length ?? 0;
  return `Seeds: A has ${count("a")}, B has ${
    count("b")
  } (${uneven.length} of ${c.cells.length} cells); every column is over the ${x.pairedSeeds.length} both finished (${
    x.pairedSeeds.join(", ")
  }); left out: A ${x.leftOut.a.join(", ") || "none"}, B ${x.leftOut.b.join(", ") || "none"}`;
}
