/**
 * Workload "grid": a 2-D toy grid of 24 cells (one seed each) through the runner, with one
 * worker and with two; reports the best wall-clock time of two runs each, and the speed-up.
 */

import { defineExperiment, executeExperiment } from "../mod.ts";

export const GRID = defineExperiment({
  name: "bench-grid",
  description: "24-cell toy grid for the runner benchmark",
  grid: {
    data: ["moons", "circles"],
    hidden: [16, 32, 64],
    lr: [0.003, 0.01, 0.03, 0.1],
  },
  seeds: 1,
  data: (
    p,
  ) => (p.data === "moons"
    ? { kind: "moons", n: 8000, noise: 0.2 }
    : { kind: "circles", n: 8000, noise: 0.1 }),
  model: (
    p,
    shape,
  ) => [{ kind: "dense", units: p.hidden }, { kind: "tanh" }, {
    kind: "dense",
    units: shape.outputs,
  }],
  optimizer: (p) => ({ kind: "adam", lr: p.lr }),
  epochs: 40,
  batchSize: 4,
});

export interface GridResult {
  workload: "grid";
  backend: string;
  workers: number;
  cells: number;
  seconds: number;
  units_per_s: number;
  best_of: number;
  speedup?: number;
  /** The same units split over bare workers, no runner: the most two workers give here. */
  bare_speedup?: number;
}

/** Runs the grid with 1 and with 2 workers, `repeats` times each, keeping the fastest. */
export async function gridBench(out: string, repeats = 2): Promise<GridResult[]> {
  const results: GridResult[] = [];
  for (const workers of [1, 2]) {
    let best: GridResult | undefined;
    for (let r = 0; r < repeats; r++) {
      const started = performance.now();
      const run = await executeExperiment(GRID, { out, workers });
      const seconds = (performance.now() - started) / 1000;
      if (best === undefined || seconds < best.seconds) {
        best = {
          workload: "grid",
          backend: run.manifest.environment.kernels,
          workers,
          cells: run.plan.cells.length,
          seconds: Number(seconds.toFixed(2)),
          units_per_s: Number((run.units.size / seconds).toFixed(2)),
          best_of: repeats,
        };
      }
    }
    results.push(best!);
  }
  const [one, two] = results as [GridResult, GridResult];
  two.speedup = Number((one.seconds / two.seconds).toFixed(2));
  const cells = Array.from({ length: one.cells }, (_, i) => i);
  let bareOne = Infinity, bareTwo = Infinity;
  for (let r = 0; r < repeats; r++) {
    bareOne = Math.min(bareOne, await bare([cells]));
    bareTwo = Math.min(
      bareTwo,
      await bare([cells.filter((i) => i % 2 === 0), cells.filter((i) => i % 2 === 1)]),
    );
  }
  two.bare_speedup = Number((bareOne / bareTwo).toFixed(2));
  return results;
}

async function bare(parts: number[][]): Promise<number> {
  const started = performance.now();
  await Promise.all(parts.map((cells) =>
    new Promise<void>((resolve) => {
      const worker = new Worker(new URL("./_grid_worker.ts", import.meta.url), { type: "module" });
      worker.onmessage = () => {
        worker.terminate();
        resolve();
      };
      worker.postMessage(cells);
    })
  ));
  return (performance.now() - started) / 1000;
}
