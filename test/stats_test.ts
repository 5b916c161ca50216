/** The statistics behind summaries and comparisons, against scipy and statsmodels. */
import assert from "node:assert/strict";
import {
  holm,
  metricRange,
  pairedTTest,
  summarize,
  welchTTest,
} from "../lib/experiment/analysis/stats.ts";

interface Fixture {
  cases: {
    a: number[];
    b: number[];
    paired: { p: number; low: number; high: number };
    welch: { p: number; low: number; high: number; df: number };
    mean_interval: [number, number];
  }[];
  holm: { p: number[]; adjusted: number[] };
}
const fixture = JSON.parse(
  await Deno.readTextFile(new URL("./fixtures/stats.json", import.meta.url)),
) as Fixture;

function close(actual: number, expected: number, what: string, rtol = 1e-8): void {
  assert.ok(
    Math.abs(actual - expected) <= rtol * Math.max(1, Math.abs(expected)),
    `${what}: expected ${expected}, got ${actual}`,
  );
}

Deno.test("pairedTTest matches scipy.stats.ttest_rel (p and 95% interval)", () => {
  for (const [i, c] of fixture.cases.entries()) {
    const r = pairedTTest(c.a, c.b);
    close(r.p, c.paired.p, `case ${i} p`);
    close(r.ciLow, c.paired.low, `case ${i} low`);
    close(r.ciHigh, c.paired.high, `case ${i} high`);
  }
});

Deno.test("welchTTest matches scipy.stats.ttest_ind(equal_var=False)", () => {
  for (const [i, c] of fixture.cases.entries()) {
    const r = welchTTest(c.a, c.b);
    close(r.p, c.welch.p, `case ${i} p`);
    close(r.df, c.welch.df, `case ${i} df`);
    close(r.ciLow, c.welch.low, `case ${i} low`);
    close(r.ciHigh, c.welch.high, `case ${i} high`);
  }
});

Deno.test("holm matches statsmodels multipletests(method='holm')", () => {
  const adjusted = holm(fixture.holm.p);
  fixture.holm.adjusted.forEach((want, i) => close(adjusted[i]!, want, `p[${i}]`, 1e-12));
});

Deno.test("summarize: the unclipped interval is scipy's t-interval", () => {
  for (const [i, c] of fixture.cases.entries()) {
    const s = summarize(c.a);
    close(s.ciLow, c.mean_interval[0], `case ${i} low`);
    close(s.ciHigh, c.mean_interval[1], `case ${i} high`);
  }
});

Deno.test("summarize: intervals stay within the metric's range", () => {
  // The defect this guards: accuracy [0.6686, 1.0481], loss below 0, epochs_run [-12.1, 92.8].
  const acc = summarize([0.75, 0.97, 1], { range: metricRange("test_accuracy") });
  assert.ok(acc.ciLow >= 0 && acc.ciHigh <= 1, `${acc.ciLow} … ${acc.ciHigh}`);
  assert.equal(acc.ciHigh, 1);
  const loss = summarize([0.01, 0.02, 0.6], { range: metricRange("validation_loss") });
  assert.equal(loss.ciLow, 0);
  const epochs = summarize([7, 60, 60], { range: metricRange("epochs_run", { epochs: 60 }) });
  assert.deepEqual([epochs.ciLow, epochs.ciHigh], [1, 60]);
  const mid = summarize([40, 45, 52], { range: metricRange("epochs_run", { epochs: 60 }) });
  assert.ok(Number.isInteger(mid.ciLow) && Number.isInteger(mid.ciHigh));
  assert.ok(mid.ciLow <= 45.67 && mid.ciHigh >= 45.67);
});

Deno.test("pairedTTest: identical pairs are p = 1; a pair with a NaN side is left out", () => {
  assert.equal(pairedTTest([0.9, 0.8, 0.7], [0.9, 0.8, 0.7]).p, 1);
  const r = pairedTTest([1, 2, NaN], [2, 3, 5]);
  assert.equal(r.n, 2);
  assert.equal(r.difference, 1);
  assert.throws(() => pairedTTest([1], [1, 2]), /Cannot pair samples of 1 and 2 values/);
});
