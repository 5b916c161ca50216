/**
 * Successive halving's rung rules in one place: the rungs a search has (trials and epochs
 * of each, from `rungs.ts`), the cell a trial becomes at a rung, and which trials go on to
 * the next rung.
 * The planner makes the first rung, the runner asks for each next one.
 *
 * @module
 */

import type { Cell, CellConfig, Params, UnitSummary } from "../records.ts";
import { stableHash } from "../canonical.ts";
import { labelOf } from "../json.ts";

/**
 * A halving search's cell for a trial trained `epochs` epochs: the epochs are a parameter
 * (a column of the files), so each rung's cell has its own id and label.
 *
 * @param params The trial's parameters.
 * @param config Its configuration.
 * @param epochs The rung's epochs.
 * @returns The cell, without its index.
 */
export function rungCell(params: Params, config: CellConfig, epochs: number): Omit<Cell, "index"> {
  const p = { ...params, epochs }, c = { ...config, epochs };
  return { id: stableHash({ params: p, config: c }), label: labelOf(p), params: p, config: c };
}

/**
 * A halving search's next rung: the best `keep` cells of this rung on the mean validation
 * loss over seeds (training loss without a validation part; a diverged unit counts as the
 * worst; ties go to the earlier cell), in plan order, to run for `epochs` epochs.
 *
 * @param rung The rung's cells.
 * @param seeds The seeds every cell ran with.
 * @param unitOf A finished unit of the rung.
 * @param keep How many cells go on.
 * @param epochs The next rung's epochs.
 * @returns The next rung's cells, without their indices.
 */
export function nextRung(
  rung: readonly Cell[],
  seeds: readonly number[],
  unitOf: (cellId: string, seed: number) => UnitSummary | undefined,
  keep: number,
  epochs: number,
): Omit<Cell, "index">[] {
  const score = (c: Cell) => {
    let sum = 0;
    for (const seed of seeds) {
      const u = unitOf(c.id, seed)!;
      const loss = u.final.validation?.loss ?? u.final.train?.loss;
      if (u.status === "diverged" || loss === undefined || !Number.isFinite(loss)) return Infinity;
      sum += loss;
    }
    return sum / seeds.length;
  };
  const scores = new Map(rung.map((c) => [c.id, score(c)]));
  const kept = [...rung]
    .sort((a, b) => scores.get(a.id)! - scores.get(b.id)! || a.index - b.index)
    .slice(0, keep)
    .sort((a, b) => a.index - b.index);
  return kept.map((c) => rungCell(c.params, c.config, epochs));
}
