/**
 * Statistics over seeds: the mean, the sample standard deviation and a 95% interval of the
 * mean that stays within what the metric can take; paired and Welch t-tests between two
 * runs' seeds; Holm's correction for many tests at once.
 *
 * Pure functions without Deno APIs: the report pages run the same code in the browser.
 *
 * @module
 */

/**
 * How intervals are computed, for file headers, manifests and reports. A 95% t-interval
 * is exact for normal values even with 3 seeds; intersecting it with the values the
 * metric can take (accuracy in [0, 1], a loss ≥ 0, epochs between 1 and the cap) never
 * removes the true mean, so its coverage is at least 95% still.
 */
export const INTERVAL_METHOD: string =
  "95% Student-t interval of the mean over seeds, intersected with the metric's range " +
  "(counts rounded outward to integers)";

/** The values a metric can take, and whether it counts (epochs). */
export interface MetricRange {
  /** Smallest possible value. */
  readonly min: number;
  /** Largest possible value. */
  readonly max: number;
  /** Whether the values are integers. */
  readonly integer: boolean;
}

/**
 * The range of a final-metric column such as `test_accuracy`, `validation_loss`,
 * `train_r2` or `epochs_run`.
 *
 * @example
 * ```ts
 * import { metricRange } from "../../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(metricRange("test_accuracy"), { min: 0, max: 1, integer: false });
 * assert.deepEqual(metricRange("epochs_run", { epochs: 60 }), { min: 1, max: 60, integer: true });
 * assert.equal(metricRange("train_r2").min, -Infinity);
 * ```
 *
 * @param column The column.
 * @param options `epochs`: the cap on epochs, for epoch counts. @default {Infinity}
 * @returns Its range.
 */
export function metricRange(
  column: string,
  options: { readonly epochs?: number } = {},
): MetricRange {
  if (/(^|_)epochs?(_run)?$|_epoch$/.test(column)) {
    return { min: 1, max: options.epochs ?? Infinity, integer: true };
  }
  if (column.endsWith("accuracy")) return { min: 0, max: 1, integer: false };
  if (column.endsWith("r2")) return { min: -Infinity, max: 1, integer: false };
  // loss, mse, mae: every loss here is a mean of non-negative terms.
  return { min: 0, max: Infinity, integer: false };
}

/** Mean, spread and 95% interval of a sample. */
export interface Summary {
  /** Number of finite values. */
  readonly n: number;
  /** The mean (NaN when n = 0). */
  readonly mean: number;
  /** Sample standard deviation, n − 1 in the denominator (NaN when n < 2). */
  readonly std: number;
  /** Lower end of the 95% interval of the mean (NaN when n < 2); see {@link INTERVAL_METHOD}. */
  readonly ciLow: number;
  /** Upper end of the 95% interval of the mean (NaN when n < 2). */
  readonly ciHigh: number;
}

// ln Γ(x) by Lanczos (g = 7, n = 9), accurate to ~1e-15 for x > 0.
const LANCZOS = [
  0.99999999999980993,
  676.5203681218851,
  -1259.1392167224028,
  771.32342877765313,
  -176.61502916214059,
  12.507343278686905,
  -0.13857109526572012,
  9.9843695780195716e-6,
  1.5056327351493116e-7,
];

function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  x -= 1;
  let a = LANCZOS[0]!;
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

// Continued fraction for the regularised incomplete beta function (modified Lentz).
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1, d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return h;
}

function incompleteBeta(a: number, b: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(
    logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x),
  );
  return x < (a + 1) / (a + b + 2)
    ? (front * betaContinuedFraction(a, b, x)) / a
    : 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/**
 * The Student-t cumulative distribution function.
 *
 * @param t The point.
 * @param df Degrees of freedom (> 0).
 * @returns P(T ≤ t).
 */
export function studentTCdf(t: number, df: number): number {
  const tail = 0.5 * incompleteBeta(df / 2, 0.5, df / (df + t * t));
  return t >= 0 ? 1 - tail : tail;
}

/**
 * The Student-t quantile, by bisection on the CDF (deterministic, ~1e-12).
 *
 * @example The familiar 95% critical values
 * ```ts
 * import { studentTQuantile } from "../../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(studentTQuantile(0.975, 1).toFixed(3), "12.706");
 * assert.equal(studentTQuantile(0.975, 4).toFixed(3), "2.776");
 * assert.equal(studentTQuantile(0.975, 30).toFixed(3), "2.042");
 * ```
 *
 * @param p Probability in (0, 1).
 * @param df Degrees of freedom (> 0).
 * @returns t with P(T ≤ t) = p.
 */
export function studentTQuantile(p: number, df: number): number {
  let lo = -1e4, hi = 1e4;
  for (let i = 0; i < 200 && hi - lo > 1e-12; i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * Summarises the finite values of a sample; the interval is clipped to `range` when given.
 *
 * @example
 * ```ts
 * import { summarize } from "../../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const s = summarize([1, 2, 3, NaN]);
 * assert.equal(s.n, 3);
 * assert.equal(s.mean, 2);
 * assert.equal(s.std, 1);
 * assert.ok(Math.abs(s.ciHigh - (2 + 4.302652729911275 / Math.sqrt(3))) < 1e-9);
 * ```
 *
 * @example An accuracy interval never passes 1
 * ```ts
 * import { metricRange, summarize } from "../../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const s = summarize([0.8, 1, 1], { range: metricRange("test_accuracy") });
 * assert.equal(s.ciHigh, 1);
 * assert.ok(s.ciLow > 0.6 && s.ciLow < 0.8);
 * ```
 *
 * @param values The sample; NaN and infinite values are left out.
 * @param options `range`: the values the metric can take.
 * @returns Count, mean, standard deviation, 95% interval.
 */
export function summarize(
  values: readonly number[],
  options: { readonly range?: MetricRange } = {},
): Summary {
  const xs = values.filter(Number.isFinite);
  const n = xs.length;
  if (n === 0) return { n, mean: NaN, std: NaN, ciLow: NaN, ciHigh: NaN };
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { n, mean, std: NaN, ciLow: NaN, ciHigh: NaN };
  const std = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1));
  const half = (studentTQuantile(0.975, n - 1) * std) / Math.sqrt(n);
  let ciLow = mean - half, ciHigh = mean + half;
  const range = options.range;
  if (range) {
    if (range.integer) ciLow = Math.floor(ciLow), ciHigh = Math.ceil(ciHigh);
    ciLow = Math.min(Math.max(ciLow, range.min), range.max);
    ciHigh = Math.min(Math.max(ciHigh, range.min), range.max);
  }
  return { n, mean, std, ciLow, ciHigh };
}

/** A two-sample test of mean(b) − mean(a). */
export interface TestResult {
  /**
   * `paired t` (over matching seeds), `Welch t`, or — where every value is tied so t is
   * undefined — the exact `sign` test (all n paired differences on one side: p = 2·2⁻ⁿ) or
   * `permutation` test (two constant samples).
   */
  readonly test: "paired t" | "Welch t" | "sign" | "permutation";
  /** Pairs (paired) or the smaller sample's size (Welch). */
  readonly n: number;
  /** mean(b) − mean(a) (the mean of the differences, for pairs). */
  readonly difference: number;
  /** 95% interval of the difference. */
  readonly ciLow: number;
  /** Upper end of the 95% interval. */
  readonly ciHigh: number;
  /** Degrees of freedom. */
  readonly df: number;
  /** Two-sided p-value (NaN when it cannot be computed, e.g. fewer than two values). */
  readonly p: number;
}

function twoSided(t: number, df: number): number {
  return 2 * (1 - studentTCdf(Math.abs(t), df));
}

/**
 * The paired t-test of b − a: `a[i]` and `b[i]` come from the same seed (same data, split
 * and initial weights), so the seed-to-seed spread cancels out. Pairs with a non-finite
 * side are left out.
 *
 * @example scipy.stats.ttest_rel([1, 2, 3], [2, 4, 5]) gives p = 0.0377; a constant shift is a sign test
 * ```ts
 * import { pairedTTest } from "../../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const r = pairedTTest([1, 2, 3], [2, 4, 5]);
 * assert.equal(r.p.toFixed(4), "0.0377");
 * assert.equal(r.difference.toFixed(4), "1.6667");
 * const tied = pairedTTest([0.8, 0.9], [0.85, 0.95]);
 * assert.equal(tied.test, "sign");
 * assert.equal(tied.p, 0.5); // two seeds cannot show a difference
 * ```
 *
 * @param a Values of run A, by seed.
 * @param b Values of run B, same seeds in the same order.
 * @returns The test.
 */
export function pairedTTest(a: readonly number[], b: readonly number[]): TestResult {
  if (a.length !== b.length) {
    throw new RangeError(`Cannot pair samples of ${a.length} and ${b.length} values`);
  }
  const d: number[] = [];
  a.forEach((x, i) => {
    const y = b[i]!;
    if (Number.isFinite(x) && Number.isFinite(y)) d.push(y - x);
  });
  const n = d.length, df = n - 1;
  const none = { test: "paired t" as const, n, df };
  if (n === 0) return { ...none, difference: NaN, ciLow: NaN, ciHigh: NaN, p: NaN };
  const mean = d.reduce((s, v) => s + v, 0) / n;
  if (n < 2) return { ...none, difference: mean, ciLow: NaN, ciHigh: NaN, p: NaN };
  const sd = Math.sqrt(d.reduce((s, v) => s + (v - mean) ** 2, 0) / df);
  if (sd === 0) {
    // Every pair moved by the same amount: t is undefined (0/0 or ±∞). The exact sign test
    // still says how surprising n differences of one sign are when nothing changed.
    return mean === 0 ? { ...none, difference: 0, ciLow: 0, ciHigh: 0, p: 1 } : {
      ...none,
      test: "sign",
      difference: mean,
      ciLow: NaN,
      ciHigh: NaN,
      p: Math.min(1, 2 ** (1 - n)),
    };
  }
  const se = sd / Math.sqrt(n), half = studentTQuantile(0.975, df) * se;
  return {
    ...none,
    difference: mean,
    ciLow: mean - half,
    ciHigh: mean + half,
    p: twoSided(mean / se, df),
  };
}

/**
 * Welch's t-test of mean(b) − mean(a) for samples that are not paired (different seeds).
 *
 * @example scipy.stats.ttest_ind([1, 2, 3], [11, 12, 14], equal_var=False)
 * ```ts
 * import { welchTTest } from "../../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const r = welchTTest([1, 2, 3], [11, 12, 14]);
 * assert.equal(r.p.toFixed(5), "0.00123");
 * assert.equal(r.test, "Welch t");
 * ```
 *
 * @param a Values of run A.
 * @param b Values of run B.
 * @returns The test.
 */
export function welchTTest(a: readonly number[], b: readonly number[]): TestResult {
  const sa = summarize(a), sb = summarize(b);
  const n = Math.min(sa.n, sb.n), difference = sb.mean - sa.mean;
  const none = { test: "Welch t" as const, n, difference };
  if (sa.n < 2 || sb.n < 2) return { ...none, df: NaN, ciLow: NaN, ciHigh: NaN, p: NaN };
  const va = sa.std ** 2 / sa.n, vb = sb.std ** 2 / sb.n;
  if (va + vb === 0) {
    // Two constant samples: of the C(na + nb, na) ways to deal the values out, 2 separate
    // them this completely (the exact permutation test).
    let ways = 1;
    for (let i = 1; i <= sa.n; i++) ways = (ways * (sb.n + i)) / i;
    return difference === 0 ? { ...none, df: NaN, ciLow: 0, ciHigh: 0, p: 1 } : {
      ...none,
      test: "permutation",
      df: NaN,
      ciLow: NaN,
      ciHigh: NaN,
      p: Math.min(1, 2 / ways),
    };
  }
  const se = Math.sqrt(va + vb);
  const df = (va + vb) ** 2 / (va ** 2 / (sa.n - 1) + vb ** 2 / (sb.n - 1));
  const half = studentTQuantile(0.975, df) * se;
  return {
    ...none,
    df,
    ciLow: difference - half,
    ciHigh: difference + half,
    p: twoSided(difference / se, df),
  };
}

/**
 * Holm's step-down correction: adjusted p-values that control the family-wise error rate
 * over all the tests at once (reject where adjusted p < α). NaN entries are not tests and
 * stay NaN.
 *
 * @example
 * ```ts
 * import { holm } from "../../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(holm([0.01, 0.04, 0.03, NaN]), [0.03, 0.06, 0.06, NaN]);
 * ```
 *
 * @param ps The p-values.
 * @returns Adjusted p-values, in the same order.
 */
export function holm(ps: readonly number[]): number[] {
  const order = ps.map((p, i) => [p, i] as const).filter(([p]) => Number.isFinite(p))
    .sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const m = order.length, out = ps.map(() => NaN);
  let running = 0;
  order.forEach(([p, i], k) => {
    running = Math.max(running, Math.min(1, (m - k) * p));
    out[i] = running;
  });
  return out;
}
