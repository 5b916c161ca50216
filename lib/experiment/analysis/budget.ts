/**
 * What a search costs, read from a plan or a run's manifest: the epochs it trains in all,
 * against what its trials would cost at full length (halving's rungs counted). One source
 * for the command line's budget line, `deno task list` and the report's search view.
 *
 * @module
 */

import { searchBrackets } from "../plan/rungs.ts";
import type { SearchSpec } from "../records.ts";

/** What the budget functions read of a plan (or of a run's manifest). */
export interface PlanShape {
  /** The search, absent or `grid` for a grid. */
  readonly search?: SearchSpec;
  /** The seeds every cell runs with. */
  readonly seeds: readonly number[];
  /** The cells, each with its epochs. */
  readonly cells: readonly {
    readonly config: { readonly epochs: number; readonly schedule?: unknown };
  }[];
}

/**
 * The epochs a unit trained itself: a trial continued from its previous rung trained only
 * the epochs after that rung's.
 *
 * @param unit A finished unit.
 * @returns Its epochs, less those it continued from.
 */
export function trainedEpochs(unit: { epochsRun: number; continued?: number }): number {
  return unit.epochsRun - (unit.continued ?? 0);
}

/**
 * What a search trained in all, against the same trials trained full length (budget
 * honesty): a halving search against every trial run for the last rung's epochs, a random
 * or Sobol search against its own cells (early stopping makes it less).
 *
 * @example A halving search of 27 trials over rungs of 3, 9 and 27 epochs, one seed
 * ```ts
 * import { searchBudget } from "./budget.ts";
 * import assert from "node:assert/strict";
 *
 * const search = { kind: "halving", trials: 27, minEpochs: 3, maxEpochs: 27 } as const;
 * const cells = [...Array(27).fill(3), ...Array(9).fill(9), ...Array(3).fill(27)].map((epochs) => ({ config: { epochs } }));
 * const budget = searchBudget({ search, seeds: [1], cells }, cells.map((c) => c.config.epochs))!;
 * assert.equal(budget.text, "halving search: 27 trials × 1 seed, 243 epochs trained in all (27 trials at full length: 729 epochs)");
 * ```
 *
 * @param plan The search (a grid has no budget line), the seeds, and the cells planned so
 *   far (every rung's, for halving): a plan or a run's manifest.
 * @param epochsRun Epochs each finished unit ran.
 * @returns Epochs spent, epochs of the full-length trials, and the line that says so.
 */
export function searchBudget(
  plan: PlanShape,
  epochsRun: Iterable<number>,
): { spent: number; full: number; text: string } | undefined {
  const { search } = plan, seeds = plan.seeds.length;
  if (search === undefined || search.kind === "grid") return undefined;
  let spent = 0;
  for (const e of epochsRun) spent += e;
  const full = search.kind === "halving" || search.kind === "hyperband"
    ? (search.trials ?? 0) * search.maxEpochs! * seeds
    : plannedEpochs(plan);
  const text = `${search.kind} search: ${search.trials ?? 0} trials × ${seeds} seed${
    seeds === 1 ? "" : "s"
  }, ${spent} epochs trained in all (${search.trials} trials at full length: ${full} epochs)`;
  return { spent, full, text };
}

/**
 * The epochs a plan trains at most (early stopping makes it less): every cell × seed for
 * its epochs; for a halving or Hyperband search every rung's trials × seeds for the epochs
 * the rung adds (trials going on continue where they stopped; with a schedule, for all the
 * rung's epochs); for TPE every trial at the first's epochs.
 *
 * @example
 * ```ts
 * import { plannedEpochs } from "./budget.ts";
 * import assert from "node:assert/strict";
 *
 * const halving = { kind: "halving", trials: 27, reduction: 3, minEpochs: 3, maxEpochs: 27 } as const;
 * // 27×3, then 9×(9−3) and 3×(27−9), for 2 seeds: trials going on continue.
 * assert.equal(plannedEpochs({ search: halving, seeds: [1, 2], cells: [] }), 378);
 * assert.equal(plannedEpochs({ seeds: [1, 2], cells: [{ config: { epochs: 5 } }, { config: { epochs: 7 } }] }), 24);
 * ```
 *
 * @param plan The plan (its search, seeds and cells).
 * @returns The epochs.
 */
export function plannedEpochs(plan: PlanShape): number {
  const s = plan.search;
  const brackets = searchBrackets(s);
  // A trial going on continues from its previous rung, unless a schedule's rates depend on
  // the epoch count (then each rung trains from the start).
  const continues = !plan.cells.some((c) => c.config.schedule !== undefined);
  const perSeed = brackets.length > 0
    ? brackets.reduce(
      (n, rungs) =>
        n + rungs.reduce(
          (m, r, k) => m + r.trials * (r.epochs - (continues ? rungs[k - 1]?.epochs ?? 0 : 0)),
          0,
        ),
      0,
    )
    : s?.kind === "tpe"
    ? s.trials * (plan.cells[0]?.config.epochs ?? 0)
    : plan.cells.reduce((n, c) => n + c.config.epochs, 0);
  return perSeed * plan.seeds.length;
}
