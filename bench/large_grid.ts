/**
 * Workload "large-grid": 20,000 tiny units (a 200 × 100 grid, one seed) through the runner,
 * recording what the recorder's cost per unit does as the run grows. Reports the rate of
 * the first and the last thousand units and their ratio: with an append-only journal and
 * views rewritten on a timer the ratio stays near 1 (the target is ≥ 0.8); rewriting
 * every file after every unit made it fall with the square of the run.
 */

import { defineExperiment, runToFolder } from "../mod.ts";

const A = Array.from({ length: 200 }, (_, i) => i + 1);
const B = Array.from({ length: 100 }, (_, i) => Number((0.01 * (i + 1)).toFixed(2)));

export const LARGE_GRID = defineExperiment({
  name: "bench-large-grid",
  description: "20,000 tiny units: the recorder's cost per unit as a run grows",
  grid: { a: A, lr: B },
  seeds: 1,
  data: { kind: "xor", n: 16 },
  split: { validation: 0.25, test: 0.25 },
  model: (_p, shape) => [{ kind: "dense", units: shape.outputs }],
  optimizer: (p) => ({ kind: "sgd", lr: p.lr }),
  epochs: 1,
  batchSize: 8,
});

export interface LargeGridResult {
  workload: "large-grid";
  units: number;
  workers: number;
  seconds: number;
  first_1000_units_per_s: number;
  last_1000_units_per_s: number;
  /** last ÷ first: ≥ 0.8 is the target. */
  ratio: number;
  manifest_mb: number;
  /** The journal as the run leaves it (gzipped once the run completes). */
  journal_mb: number;
  /** The largest resident set seen after each unit (this process: runner and workers). */
  peak_rss_mb: number;
}

/**
 * Runs the large grid once and measures the first and last thousand units' rates.
 *
 * @param out A scratch results folder.
 * @param workers Workers for the run.
 * @returns The measurement.
 */
export async function largeGridBench(out: string, workers: number): Promise<LargeGridResult> {
  const times: number[] = [];
  let peak = Deno.memoryUsage().rss;
  const started = performance.now();
  const run = await runToFolder(LARGE_GRID, {
    out,
    workers,
    onEvent: (e) => {
      if (e.type !== "unit-done") return;
      times.push(performance.now());
      if (times.length % 100 === 0) peak = Math.max(peak, Deno.memoryUsage().rss);
    },
  });
  peak = Math.max(peak, Deno.memoryUsage().rss);
  const seconds = (performance.now() - started) / 1000;
  const n = times.length, k = 1000;
  const rate = (from: number, to: number) => (to - from) / ((times[to]! - times[from]!) / 1000);
  const first = rate(0, k), last = rate(n - 1 - k, n - 1);
  const size = (f: string) => Deno.statSync(`${run.dir}/${f}`).size;
  const mb = (bytes: number) => Number((bytes / 1e6).toFixed(1));
  return {
    workload: "large-grid",
    units: n,
    workers,
    seconds: Number(seconds.toFixed(1)),
    first_1000_units_per_s: Math.round(first),
    last_1000_units_per_s: Math.round(last),
    ratio: Number((last / first).toFixed(2)),
    manifest_mb: mb(size("manifest.json")),
    journal_mb: mb(run.status === "completed" ? size("units.jsonl.gz") : size("units.jsonl")),
    peak_rss_mb: Math.round(peak / 1e6),
  };
}
