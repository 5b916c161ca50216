/// <reference lib="dom" />
/**
 * The overview a reader sees first: per data set, the top cells on the metric the choice is
 * made on, with their intervals, ties marked as ties, and how far the best is from the
 * runner-up — the difference with its paired test over the seeds both ran.
 *
 * @module
 */

import { finalValue, higherIsBetter } from "../../../experiment/analysis/aggregate.ts";
import { type Choice, sameMean } from "../../../experiment/analysis/select.ts";
import { pairedTTest, type TestResult, welchTTest } from "../../../experiment/analysis/stats.ts";
import { formatDifference, formatInterval, formatP, formatSummary } from "../../format.ts";
import { h } from "../dom.ts";
import { nice, type PageCell, type PageRunInfo, varyingAxes } from "./_shared.ts";
import { axisEffects, effectsTable } from "./effects.ts";

/** How many cells the overview ranks per data set. */
const TOP = 5;

/**
 * The overview: one ranked table per data set, the best-against-runner-up line, and each
 * axis's effect ranked by importance.
 *
 * @param run The run.
 * @param choices The choice per data set.
 * @returns The section's content.
 */
export function topSection(run: PageRunInfo, choices: readonly Choice<PageCell>[]): Node {
  return h("div", {}, choices.map((c) => groupOverview(run, c)));
}

function groupOverview(run: PageRunInfo, c: Choice<PageCell>): Node {
  const sign = higherIsBetter(c.by) ? -1 : 1;
  const value = (x: PageCell) => {
    const v = x.finals[c.by]?.mean ?? NaN;
    return Number.isFinite(v) && x.diverged === 0 ? sign * v : Infinity;
  };
  const all = [...c.cells].sort((a, b) =>
    Number(b === c.chosen) - Number(a === c.chosen) || value(a) - value(b) ||
    a.cell.index - b.cell.index
  );
  const ranks = tieRanks(all, value);
  const ranked = all.slice(0, TOP);
  const rows = ranked.map((x) =>
    h(
      "tr",
      { class: x === c.chosen ? "chosen" : "" },
      h("td", {}, ranks.get(x)!),
      h("td", {}, `${x === c.chosen ? "★ " : ""}${x.cell.label}`),
      h(
        "td",
        {},
        formatSummary(x.finals[c.by]),
        " ",
        h("small", {}, formatInterval(c.by, x.finals[c.by])),
      ),
      h(
        "td",
        {},
        formatSummary(x.finals[c.reported]),
        " ",
        h("small", {}, formatInterval(c.reported, x.finals[c.reported])),
      ),
      h(
        "td",
        {},
        x.diverged ? `${x.units.length} (${x.diverged} diverged)` : String(x.units.length),
      ),
    )
  );
  const table = h(
    "table",
    { class: "top" },
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        ["#", "cell", `${nice(c.by)} (chosen on)`, nice(c.reported), "seeds"].map((t) =>
          h("th", {}, t)
        ),
      ),
    ),
    h("tbody", {}, rows),
  );
  return h(
    "div",
    { class: "overview" },
    h("h3", {}, `${c.group}: ${c.cells.length} cell${c.cells.length === 1 ? "" : "s"}`),
    table,
    h("p", { class: "runner-up" }, runnerUp(c, all, ranks)),
    effectsTable(axisEffects(c.cells, varyingAxes(run, c.cells), c.by), c.by),
  );
}

/**
 * Each cell's rank, ties shared and marked ("=2" for every cell at the second best mean),
 * the next rank after a tie skipping its size (1, =2, =2, 4).
 */
function tieRanks(
  sorted: readonly PageCell[],
  value: (x: PageCell) => number,
): Map<PageCell, string> {
  const rank = new Map<PageCell, number>();
  sorted.forEach((x, i) => {
    const before = sorted[i - 1];
    const same = before !== undefined && Number.isFinite(value(x)) &&
      sameMean(value(x), value(before));
    rank.set(x, same ? rank.get(before)! : i + 1);
  });
  const count = new Map<number, number>();
  for (const r of rank.values()) count.set(r, (count.get(r) ?? 0) + 1);
  return new Map(
    [...rank].map(([x, r]) => [x, count.get(r)! > 1 ? `=${r}` : String(r)]),
  );
}

/** The best against the next cell not tied with it: the difference and its test. */
function runnerUp(
  c: Choice<PageCell>,
  ranked: readonly PageCell[],
  ranks: ReadonlyMap<PageCell, string>,
): string {
  const best = c.chosen;
  if (best === undefined) return "No cell qualifies: every cell has a diverged seed.";
  const tied = new Set(c.tied);
  const next = ranked.find((x) => !tied.has(x) && x.diverged === 0);
  const tie = c.tied.length > 1
    ? `${c.tied.length} cells tie for best on ${nice(c.by)} (${
      c.tied.map((t) => t.cell.label).join(", ")
    }); ★ by ${c.tieBreak ? `the lowest ${nice(c.tieBreak)}` : "plan order"}. `
    : "";
  if (next === undefined) return `${tie}No runner-up to compare with.`;
  const test = compare(best, next, c.by);
  const how = test.test === "Welch t" ? "Welch's t-test" : `${test.test}-test over ${test.n} seeds`;
  const along = ranked.filter((x) => x !== next && ranks.get(x) === ranks.get(next));
  const shared = along.length
    ? ` (tied with ${along.length} other cell${along.length === 1 ? "" : "s"} at this mean: ${
      along.map((x) => x.cell.label).join(", ")
    })`
    : "";
  return `${tie}★ against the runner-up ${next.cell.label}${shared}: ${nice(c.by)} ${
    formatDifference(test.difference, test.ciLow, test.ciHigh)
  } (${how}, p ${formatP(test.p)})${
    test.p < 0.05 ? "" : " — not a clear difference: more seeds would tell them apart"
  }.`;
}

/** `a − b` on a column: paired over the seeds both have (two or more), else Welch's. */
function compare(a: PageCell, b: PageCell, column: string): TestResult {
  const seeds = a.units.map((u) => u.seed).filter((s) => b.units.some((u) => u.seed === s));
  const at = (x: PageCell, s: number) => finalValue(x.units.find((u) => u.seed === s)!, column);
  return seeds.length >= 2
    ? pairedTTest(seeds.map((s) => at(b, s)), seeds.map((s) => at(a, s)))
    : welchTTest(
      b.units.map((u) => finalValue(u, column)),
      a.units.map((u) => finalValue(u, column)),
    );
}
