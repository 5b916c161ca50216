/**
 * A halving or Hyperband search's trial across its rungs: which units save their end state and which
 * continue from the previous rung's, decided from the plan alone (so a resumed run links
 * its units the same way).
 *
 * @module
 */

import { rungCell } from "../plan/halving.ts";
import { searchBrackets } from "../plan/rungs.ts";
import type { Cell, Plan } from "../records.ts";
import type { RungLink } from "./unit.ts";

/**
 * A halving trial's unit between rungs: it saves its end state when its trial may go on
 * (a rung before the last), and continues from the previous rung's when it has one.
 *
 * @param plan The plan (its search).
 * @param dir The run folder.
 * @param cell The unit's cell.
 * @param seed The unit's seed.
 * @returns The link, or nothing for a unit outside a halving search's rungs.
 */
export function rungLinkOf(plan: Plan, dir: string, cell: Cell, seed: number): { rung?: RungLink } {
  const brackets = searchBrackets(plan.search);
  if (brackets.length === 0 || typeof cell.params.epochs !== "number") return {};
  const bracket = brackets[typeof cell.params.bracket === "number" ? cell.params.bracket : 0];
  if (bracket === undefined) return {};
  const epochs = bracket.map((r) => r.epochs);
  const k = epochs.indexOf(cell.config.epochs);
  if (k < 0) return {};
  const previous = k > 0
    ? rungCell({ ...cell.params, epochs: epochs[k - 1]! }, cell.config, epochs[k - 1]!)
    : undefined;
  const rung: RungLink = {
    ...(k < epochs.length - 1 ? { save: rungStatePath(dir, cell.id, seed) } : {}),
    ...(previous
      ? { from: { cellId: previous.id, path: rungStatePath(dir, previous.id, seed) } }
      : {}),
  };
  return { rung };
}

/**
 * Where a halving trial's unit keeps its end state for the next rung (until the run
 * completes).
 *
 * @param dir The run folder.
 * @param cellId The rung's cell.
 * @param seed The seed.
 * @returns The path.
 */
export function rungStatePath(dir: string, cellId: string, seed: number): string {
  return `${dir}/rungs/${cellId}-${seed}.json`;
}
