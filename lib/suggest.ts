/**
 * "Did you mean …?": the closest of a list of names to a misspelt one (at most two edits
 * away), for messages about flags, experiment names and definition fields.
 *
 * @example
 * ```ts
 * import { didYouMean } from "./suggest.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(didYouMean("lesson2d", ["iris", "lesson-2d"]), " (did you mean lesson-2d?)");
 * assert.equal(didYouMean("mnist", ["iris", "lesson-2d"]), "");
 * ```
 *
 * @module
 */

/**
 * The edit distance between two strings (insertions, deletions, substitutions).
 *
 * @param a One string.
 * @param b The other.
 * @returns The number of edits.
 */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i]![j] = Math.min(
        d[i - 1]![j]! + 1,
        d[i]![j - 1]! + 1,
        d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The nearest name, said as ` (did you mean x?)`, or an empty string when none is close.
 *
 * @param word What was given.
 * @param names What it could have meant.
 * @returns The phrase to append to a message.
 */
export function didYouMean(word: string, names: readonly string[]): string {
  const near = names.filter((n) => editDistance(n, word) <= 2)
    .sort((a, b) => editDistance(a, word) - editDistance(b, word))[0];
  return near === undefined ? "" : ` (did you mean ${near}?)`;
}
