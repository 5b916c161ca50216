/**
 * Choosing the best cell honestly: on the validation part (training where there is none),
 * within each group of cells that share a data set — never across data sets, never on the
 * test part, never a cell with a diverged seed — and then reporting the chosen cell's test
 * metric, which played no part in the choice.
 *
 * Pure: the report pages use it too.
 *
 * @module
 */

import { type CellAggregate, type CellFinals, higherIsBetter } from "./aggregate.ts";
import { canonicalJson, formatValue } from "../json.ts";
import type { Json } from "../records.ts";
import type { Summary } from "./stats.ts";

/** The best cell of one data-set group. */
export interface Choice<A extends CellFinals = CellAggregate> {
  /** The data set the group's cells share, as text (`moons(n=400,noise=0.2)`). */
  readonly group: string;
  /** The group's cells, in plan order. */
  readonly cells: readonly A[];
  /** The chosen cell, or undefined when no cell qualifies (all diverged). */
  readonly chosen?: A;
  /** The column the choice was made on, e.g. `validation_accuracy`. */
  readonly by: string;
  /** The column reported for the chosen cell, e.g. `test_accuracy`. */
  readonly reported: string;
  /** The chosen cell's summary in `reported`. */
  readonly result?: Summary;
  /** Cells left out because a seed diverged or no value exists. */
  readonly excluded: number;
  /**
   * Cells whose mean in `by` equals the chosen cell's (the chosen one first): more than one
   * is a tie, broken by `tieBreak` (then by plan order), never hidden.
   */
  readonly tied: readonly A[];
  /** The column a tie was broken on, e.g. `validation_loss`, when there was a tie. */
  readonly tieBreak?: string;
}

/**
 * Whether two means are the same number but for rounding: the mean of 115/120, 116/120 and
 * 117/120 and that of three 116/120 can differ in their last bit. Equal to 12 significant
 * digits — far finer than any difference seeds can show.
 *
 * @example
 * ```ts
 * import { sameMean } from "./select.ts";
 * import assert from "node:assert/strict";
 *
 * assert.ok(sameMean(0.9666666666666667, 0.9666666666666668));
 * assert.ok(!sameMean(0.9666, 0.9667));
 * ```
 *
 * @param a One mean.
 * @param b The other.
 * @returns True when they differ by at most 10⁻¹² of the larger.
 */
export function sameMean(a: number, b: number): boolean {
  return a === b || Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b));
}

/**
 * The best cell of each data-set group.
 *
 * @example Chosen on validation within a data set, reported on test
 * ```ts
 * import { chooseBest } from "../../../mod.ts";
 * import { summarize } from "../../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const cell = (label: string, data: string, validation: number[], test: number[]) => ({
 *   cell: { id: label, index: 0, label, params: {}, config: { data: { kind: data } } },
 *   units: [], diverged: 0, curves: {}, maxAbsWeight: [],
 *   finals: { validation_accuracy: summarize(validation), test_accuracy: summarize(test) },
 * });
 * const choices = chooseBest([
 *   cell("a", "moons", [0.8, 0.82], [0.99, 0.99]),
 *   cell("b", "moons", [0.9, 0.92], [0.85, 0.86]),
 *   cell("c", "xor", [0.7, 0.7], [0.7, 0.7]),
 * ] as never, "accuracy");
 * assert.deepEqual(choices.map((c) => c.chosen?.cell.label), ["b", "c"]);
 * assert.equal(choices[0]!.by, "validation_accuracy");
 * assert.equal(choices[0]!.result?.mean, 0.855);
 * ```
 *
 * @param cells The run's aggregates.
 * @param metric The metric to choose by (the run's primary), e.g. `accuracy`.
 * @returns One choice per data set, in order of first appearance.
 */
export function chooseBest<A extends CellFinals>(cells: readonly A[], metric: string): Choice<A>[] {
  const groups = new Map<string, A[]>();
  for (const c of cells) {
    const k = canonicalJson(c.cell.config.data);
    (groups.get(k) ?? groups.set(k, []).get(k)!).push(c);
  }
  return [...groups.values()].map((members) => {
    const by = members.some((c) => `validation_${metric}` in c.finals)
      ? `validation_${metric}`
      : `train_${metric}`;
    const sign = higherIsBetter(by) ? 1 : -1;
    const eligible = members.filter((c) =>
      c.diverged === 0 && Number.isFinite(c.finals[by]?.mean ?? NaN)
    );
    const best = Math.max(...eligible.map((c) => sign * c.finals[by]!.mean));
    const top = eligible.filter((c) => sameMean(sign * c.finals[by]!.mean, best));
    // A tie on `by` is broken on the part's loss (lower is better) when `by` is not the loss
    // itself, then by plan order: the choice never depends on timing.
    const part = by.slice(0, by.indexOf("_"));
    const tieBreak = top.length > 1 && by !== `${part}_loss` && top.some((c) =>
        Number.isFinite(c.finals[`${part}_loss`]?.mean ?? NaN)
      )
      ? `${part}_loss`
      : undefined;
    const loss = (c: A) => c.finals[tieBreak ?? ""]?.mean ?? Infinity;
    const chosen = top.reduce<A | undefined>(
      (b, c) => (b === undefined || loss(c) < loss(b) ? c : b),
      undefined,
    );
    const reported = members.some((c) => `test_${metric}` in c.finals) ? `test_${metric}` : by;
    const result = chosen?.finals[reported];
    return {
      group: formatValue(members[0]!.cell.config.data as unknown as Json),
      cells: members,
      ...(chosen ? { chosen } : {}),
      by,
      reported,
      ...(result ? { result } : {}),
      excluded: members.length - eligible.length,
      tied: chosen ? [chosen, ...top.filter((c) => c !== chosen)] : [],
      ...(tieBreak && top.length > 1 ? { tieBreak } : {}),
    };
  });
}
