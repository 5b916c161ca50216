/**
 * Several runs side by side: each run's best cell (chosen on validation, as in its report)
 * against the first run's — the difference on the first run's headline column, paired over
 * the seeds both ran when they used the same data, Welch's test otherwise — with Holm's
 * correction over the k − 1 comparisons; and the cells every run has, their headline
 * metric per run.
 *
 * Pure: the comparison page runs the same code.
 *
 * @module
 */

import { aggregateFinals, headline, primaryMetric } from "./aggregate.ts";
import { bestPair, type ComparedCell, type ComparedRun, type SetupDifference } from "./compared.ts";
import { chooseBest } from "./select.ts";
import { holm, type Summary, type TestResult } from "./stats.ts";

/** One run's column of a side-by-side comparison. */
export interface RunColumn {
  /** The run. */
  readonly run: ComparedRun;
  /** Its chosen cell (of its first data set), if any cell qualifies. */
  readonly chosen?: ComparedCell;
  /** The chosen cell's headline column over its seeds. */
  readonly result?: Summary;
  /** Against the first run's chosen cell (absent for the first run). */
  readonly vsFirst?: TestResult;
  /** Holm-adjusted p of `vsFirst` over the k − 1 comparisons. */
  readonly pAdjusted: number;
  /** `vsFirst` differs after correction. */
  readonly differs: boolean;
  /** Settings in which its chosen cell differs from the first run's. */
  readonly settings: readonly SetupDifference[];
}

/** A cell every run has (matched by id, else by label), with its headline metric in each. */
export interface CommonCell {
  /** The cell's label in the first run. */
  readonly label: string;
  /** The headline column's summary per run, in the runs' order. */
  readonly values: readonly (Summary | undefined)[];
}

/** Several runs compared. */
export interface ManyComparison {
  /** The column compared: the first run's headline (e.g. `test_accuracy`). */
  readonly column: string;
  /** Family-wise error rate. */
  readonly alpha: number;
  /** One column per run, the first the baseline. */
  readonly runs: readonly RunColumn[];
  /** The cells every run has (by id, else by label), in the first run's order. */
  readonly common: readonly CommonCell[];
  /** In words: how many runs' best differ from the first run's. */
  readonly verdict: string;
}

/**
 * Compares several runs side by side, each against the first.
 *
 * @param runs Two or more runs; the first is the baseline.
 * @param options `alpha`: the family-wise error rate. @default {0.05}
 * @returns The comparison.
 */
export function compareMany(
  runs: readonly ComparedRun[],
  options: { readonly alpha?: number } = {},
): ManyComparison {
  if (runs.length < 2) throw new RangeError(`Cannot compare ${runs.length} run: give two or more`);
  const alpha = options.alpha ?? 0.05;
  const cells = runs.map((r) => aggregateFinals(r));
  const column = headline(runs[0]!, cells[0]!);
  const metric = primaryMetric(runs[0]!.manifest);
  const chosen = cells.map((c) => chooseBest(c, metric)[0]?.chosen);
  const pairs = chosen.map((c, i) =>
    i > 0 && c !== undefined && chosen[0] !== undefined ? bestPair(chosen[0], c, column) : undefined
  );
  const adjusted = [NaN, ...holm(pairs.slice(1).map((p) => p?.test.p ?? NaN))];
  const columns = runs.map((run, i): RunColumn => {
    const c = chosen[i], pair = pairs[i], p = adjusted[i]!;
    return {
      run,
      ...(c ? { chosen: c } : {}),
      ...(c?.finals[column] ? { result: c.finals[column] } : {}),
      ...(pair ? { vsFirst: pair.test } : {}),
      pAdjusted: p,
      differs: p < alpha,
      settings: pair?.settings ?? [],
    };
  });
  // A cell's match in each run: the same id (same configuration), else the same label.
  const byId = cells.map((c) => new Map(c.map((x) => [x.cell.id, x])));
  const byLabel = cells.map((c) => new Map(c.map((x) => [x.cell.label, x])));
  const common = cells[0]!.flatMap((x) => {
    const matched = byId.map((m, i) => m.get(x.cell.id) ?? byLabel[i]!.get(x.cell.label));
    return matched.every((m) => m !== undefined)
      ? [{ label: x.cell.label, values: matched.map((m) => m!.finals[column]) }]
      : [];
  });
  const differ = columns.filter((c) => c.differs).length;
  const verdict = `${differ} of ${runs.length - 1} runs' best cells differ from run ${
    runs[0]!.manifest.runId
  }'s in ${
    column.replace("_", " ")
  } (best against best, Holm-corrected α = ${alpha}); ${common.length} cells in every run`;
  return { column, alpha, runs: columns, common, verdict };
}
