/**
 * Numbers as the reports print them: a summary as `mean ± std`, an interval as
 * `[low, high]`, and counts (epochs) as integers. Pure: the pages use it too.
 *
 * @module
 */

import { metricRange, type Summary } from "../experiment/analysis/stats.ts";

/**
 * `0.9120 ± 0.0130` (mean ± sample std), or just the mean for one seed.
 *
 * @example
 * ```ts
 * import { formatSummary } from "./format.ts";
 * import { summarize } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(formatSummary(summarize([0.9, 0.92])), "0.9100 ± 0.0141");
 * assert.equal(formatSummary(undefined), "—");
 * ```
 *
 * @param s A summary.
 * @param digits Decimal places. @default {4}
 * @returns The text.
 */
export function formatSummary(s: Summary | undefined, digits = 4): string {
  if (s === undefined || s.n === 0) return "—";
  return Number.isFinite(s.std)
    ? `${s.mean.toFixed(digits)} ± ${s.std.toFixed(digits)}`
    : s.mean.toFixed(digits);
}

/**
 * A value of a column: integers for counts such as `epochs_run`, else fixed decimals.
 *
 * @example
 * ```ts
 * import { formatValueOf } from "./format.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(formatValueOf("epochs_run", 60), "60");
 * assert.equal(formatValueOf("epochs_run", 45.666), "45.7");
 * assert.equal(formatValueOf("test_accuracy", 0.91234), "0.9123");
 * ```
 *
 * @param column The column.
 * @param value The value.
 * @returns The text ("—" when not finite).
 */
export function formatValueOf(column: string, value: number): string {
  if (!Number.isFinite(value)) return "—";
  if (metricRange(column).integer) {
    return Number.isInteger(value) ? String(value) : value.toFixed(1);
  }
  return value.toFixed(4);
}

/**
 * A summary's interval as `[low, high]`, counts as integers.
 *
 * @example
 * ```ts
 * import { formatInterval } from "./format.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(formatInterval("epochs_run", { n: 3, mean: 50, std: 5, ciLow: 37, ciHigh: 60 }), "[37, 60]");
 * ```
 *
 * @param column The column.
 * @param s The summary.
 * @returns The text, or "" without an interval.
 */
export function formatInterval(column: string, s: Summary | undefined): string {
  if (s === undefined || !Number.isFinite(s.ciLow)) return "";
  return `[${formatValueOf(column, s.ciLow)}, ${formatValueOf(column, s.ciHigh)}]`;
}

/**
 * A p-value: three decimals, or `< 0.001`.
 *
 * @example
 * ```ts
 * import { formatP } from "./format.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(formatP(0.0099), "0.010");
 * assert.equal(formatP(0.00001), "< 0.001");
 * ```
 *
 * @param p The p-value.
 * @returns The text ("—" when not finite).
 */
export function formatP(p: number): string {
  if (!Number.isFinite(p)) return "—";
  return p < 0.001 ? "< 0.001" : p.toFixed(3);
}

/**
 * A signed difference with its interval: `+0.0123 [+0.0040, +0.0206]`.
 *
 * @example
 * ```ts
 * import { formatDifference } from "./format.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(formatDifference(0.01, -0.002, 0.022), "+0.0100 [-0.0020, +0.0220]");
 * ```
 *
 * @param d The difference.
 * @param low Its interval's lower end.
 * @param high Its upper end.
 * @returns The text.
 */
export function formatDifference(d: number, low: number, high: number): string {
  if (!Number.isFinite(d)) return "—";
  const s = (v: number) => (v >= 0 ? "+" : "") + v.toFixed(4);
  return Number.isFinite(low) ? `${s(d)} [${s(low)}, ${s(high)}]` : s(d);
}
