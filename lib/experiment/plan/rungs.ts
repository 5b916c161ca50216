/**
 * The rungs of a successive-halving search, and the brackets of a Hyperband search: how many
 * trials each rung runs and for how many epochs. Pure (no hashing, no files), so the report's
 * pages share it through the budget.
 *
 * @module
 */

import type { SearchSpec } from "../records.ts";

/** One rung: its trials and their epochs. */
export interface Rung {
  /** Trials the rung trains. */
  readonly trials: number;
  /** Epochs each trial has trained at the rung's end. */
  readonly epochs: number;
}

/**
 * The rungs of a successive-halving search: trials and epochs of each.
 *
 * @example 27 trials, reduction 3, from 3 to 27 epochs: 27×3, 9×9, 3×27 (trials going on continue: 189 epochs, a quarter of 27×27)
 * ```ts
 * import { halvingRungs } from "./rungs.ts";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(halvingRungs(27, 3, 3, 27), [
 *   { trials: 27, epochs: 3 }, { trials: 9, epochs: 9 }, { trials: 3, epochs: 27 },
 * ]);
 * ```
 *
 * @param trials Trials of the first rung.
 * @param reduction η.
 * @param minEpochs Epochs of the first rung.
 * @param maxEpochs The experiment's epochs.
 * @returns The rungs, first to last.
 */
export function halvingRungs(
  trials: number,
  reduction: number,
  minEpochs: number,
  maxEpochs: number,
): Rung[] {
  const rungs = [{ trials, epochs: Math.min(minEpochs, maxEpochs) }];
  while (rungs.at(-1)!.epochs < maxEpochs && rungs.at(-1)!.trials > 1) {
    const last = rungs.at(-1)!;
    rungs.push({
      trials: Math.max(1, Math.floor(last.trials / reduction)),
      epochs: Math.min(maxEpochs, last.epochs * reduction),
    });
  }
  return rungs;
}

/**
 * Hyperband's brackets: for s = s_max … 0 (s_max the most times `minEpochs` can be
 * multiplied by η within `maxEpochs`), ⌈(s_max+1)/(s+1)·ηˢ⌉ trials starting at maxEpochs/ηˢ
 * epochs, ⌊n/ηⁱ⌋ going on to maxEpochs/η^(s−i) at rung i; the whole list `iterations` times.
 * A bracket's index is its position in the list.
 *
 * @example η 3 from 1 to 27 epochs: brackets of 27, 12, 6 and 4 trials
 * ```ts
 * import { hyperbandBrackets } from "./rungs.ts";
 * import assert from "node:assert/strict";
 *
 * const b = hyperbandBrackets(3, 1, 27);
 * assert.deepEqual(b.map((r) => r.map((x) => `${x.trials}@${x.epochs}`).join(" ")), [
 *   "27@1 9@3 3@9 1@27", "12@3 4@9 1@27", "6@9 2@27", "4@27",
 * ]);
 * ```
 *
 * @param reduction η.
 * @param minEpochs Epochs of the first rung of the first bracket.
 * @param maxEpochs The experiment's epochs.
 * @param iterations How many times the brackets run. @default {1}
 * @returns Each bracket's rungs, first to last.
 */
export function hyperbandBrackets(
  reduction: number,
  minEpochs: number,
  maxEpochs: number,
  iterations = 1,
): Rung[][] {
  let sMax = 0;
  while (minEpochs * reduction ** (sMax + 1) <= maxEpochs) sMax++;
  const once: Rung[][] = [];
  for (let s = sMax; s >= 0; s--) {
    const n = Math.ceil(((sMax + 1) / (s + 1)) * reduction ** s);
    const rungs: Rung[] = [];
    for (let i = 0; i <= s; i++) {
      const epochs = Math.max(1, Math.round(maxEpochs / reduction ** (s - i)));
      if (rungs.length > 0 && epochs <= rungs.at(-1)!.epochs) continue;
      rungs.push({ trials: Math.max(1, Math.floor(n / reduction ** i)), epochs });
    }
    once.push(rungs);
  }
  return Array.from({ length: iterations }, () => once).flat();
}

/**
 * The brackets of a search decided rung by rung: one for successive halving, Hyperband's
 * list; none for other searches.
 *
 * @param search The search (with the planner's `maxEpochs`).
 * @returns Each bracket's rungs.
 */
export function searchBrackets(search: SearchSpec | undefined): Rung[][] {
  if (search?.kind === "halving") {
    return [
      halvingRungs(search.trials, search.reduction ?? 3, search.minEpochs, search.maxEpochs!),
    ];
  }
  if (search?.kind === "hyperband") {
    return hyperbandBrackets(
      search.reduction ?? 3,
      search.minEpochs,
      search.maxEpochs!,
      search.iterations ?? 1,
    );
  }
  return [];
}
