/**
 * The one vocabulary of settings rules: what a valid value of a setting is. A rule returns
 * undefined for a valid value, else what was expected ("a positive number"), which
 * {@link kindSpecProblems} and the command line turn into `expected …, got …` messages.
 * Optimisers, schedules, data set kinds, the planner and the command-line flags all build
 * their checks from these.
 *
 * @example
 * ```ts
 * import { integerAtLeast, interval, positive } from "./rules.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(positive(0.1), undefined);
 * assert.equal(positive(-1), "a positive number");
 * assert.equal(interval(0, 1, "[)")(1), "a number in [0, 1)");
 * assert.equal(integerAtLeast(2)(1.5), "an integer ≥ 2");
 * ```
 *
 * @module
 */

import { describe } from "./problems.ts";

/** What a valid value of a setting is, or undefined when `v` is one. */
export type Rule = (v: unknown) => string | undefined;

const isNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

/** A finite number > 0. */
export const positive: Rule = (v: unknown): string | undefined =>
  isNumber(v) && v > 0 ? undefined : "a positive number";

/** A finite number ≥ 0. */
export const nonNegative: Rule = (v: unknown): string | undefined =>
  isNumber(v) && v >= 0 ? undefined : "a number ≥ 0";

/** A finite number. */
export const finite: Rule = (v: unknown): string | undefined =>
  isNumber(v) ? undefined : "a finite number";

/** An integer > 0. */
export const positiveInteger: Rule = (v: unknown): string | undefined =>
  typeof v === "number" && Number.isInteger(v) && v > 0 ? undefined : "a positive integer";

/** An integer ≥ 0. */
export const nonNegativeInteger: Rule = integerAtLeast(0);

/** true or false. */
export const flag: Rule = (v: unknown): string | undefined =>
  typeof v === "boolean" ? undefined : "true or false";

/** A string with at least one character. */
export const nonEmptyText: Rule = (v: unknown): string | undefined =>
  typeof v === "string" && v !== "" ? undefined : "a non-empty string";

/**
 * An integer ≥ `min` ({@link positiveInteger} says "a positive integer" instead).
 *
 * @param min The least value allowed.
 * @returns The rule.
 */
export function integerAtLeast(min: number): Rule {
  const expected = `an integer ≥ ${min}`;
  return (v) => typeof v === "number" && Number.isInteger(v) && v >= min ? undefined : expected;
}

/**
 * A number between `lo` and `hi`, each end open or closed as `ends` says: `"[)"` is
 * lo ≤ v < hi.
 *
 * @param lo The lower end.
 * @param hi The upper end.
 * @param ends Which ends are included: `[` / `]` closed, `(` / `)` open.
 * @returns The rule.
 */
export function interval(lo: number, hi: number, ends: "[]" | "[)" | "(]" | "()"): Rule {
  const expected = `a number in ${ends[0]}${lo}, ${hi}${ends[1]}`;
  const above = ends[0] === "[" ? (v: number) => v >= lo : (v: number) => v > lo;
  const below = ends[1] === "]" ? (v: number) => v <= hi : (v: number) => v < hi;
  return (v) => typeof v === "number" && above(v) && below(v) ? undefined : expected;
}

/**
 * One of a few values, compared with `===`.
 *
 * @param values The values allowed.
 * @returns The rule: `"a" or "b"` for two, `one of "a", "b", "c"` for more.
 */
export function oneOf(values: readonly (string | number | boolean)[]): Rule {
  const shown = values.map((v) => describe(v));
  const expected = shown.length === 2 ? `${shown[0]} or ${shown[1]}` : `one of ${shown.join(", ")}`;
  return (v) => (values as readonly unknown[]).includes(v) ? undefined : expected;
}
