/**
 * The rungs of a successive-halving search: how many trials each rung runs and for how many
 * epochs. Pure (no hashing, no files), so the report's pages share it through the budget.
 *
 * @module
 */

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
): { trials: number; epochs: number }[] {
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
