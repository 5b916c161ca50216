/**
 * Workload "grid": a 2-D toy grid of 24 cells (one seed each) through the runner, with one
 * worker and with two; reports the best wall-clock time of each, and the speed-up.
 */

import { defineExperiment, planExperiment, runToFolder } from "../mod.ts";

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

/**
 * Runs the grid with 1 and with 2 workers, and the same units in bare workers: `repeats`
 * interleaved rounds (the machine's speed drifts between minutes, so each round measures
 * every variant back to back), keeping the fastest of each.
 */
export async function gridBench(out: string, repeats = 3): Promise<GridResult[]> {
  const best = new Map<number, GridResult>();
  const cells = Array.from({ length: (await planExperiment(GRID)).cells.length }, (_, i) => i);
  let bareOne = Infinity, bareTwo = Infinity;
  for (let r = 0; r < repeats; r++) {
    for (const workers of [1, 2]) {
      const started = performance.now();
      const run = await runToFolder(GRID, { out, workers });
      const seconds = (performance.now() - started) / 1000;
      if (!(seconds >= (best.get(workers)?.seconds ?? Infinity))) {
        best.set(workers, {
          workload: "grid",
          backend: run.manifest.environment.kernels,
          workers,
          cells: run.plan.cells.length,
          seconds: Number(seconds.toFixed(2)),
          units_per_s: Number((run.units.size / seconds).toFixed(2)),
          best_of: repeats,
        });
      }
    }
    bareOne = Math.min(bareOne, await bare([cells]));
    bareTwo = Math.min(
      bareTwo,
      await bare([cells.filter((i) => i % 2 === 0), cells.filter((i) => i % 2 === 1)]),
    );
  }
  const one = best.get(1)!, two = best.get(2)!;
  two.speedup = Number((one.seconds / two.seconds).toFixed(2));
  two.bare_speedup = Number((bareOne / bareTwo).toFixed(2));
  return [one, two];
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
