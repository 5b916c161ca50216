/**
 * Workload "kernels": GFLOP/s of each matrix product of the mnist-mlp network, per backend.
 */

import { type Kernels, Rng } from "../mod.ts";

export interface KernelResult {
  workload: "kernels";
  backend: string;
  shape: string;
  batch: number;
  gflops: number;
}

/** The products one training step of 784-128-10 at batch B runs, as (name, m, k, n). */
export function stepShapes(
  batch: number,
): [string, "matmul" | "matmulNT" | "matmulTN", number, number, number][] {
  return [
    ["forward x·W1ᵀ", "matmulNT", batch, 784, 128],
    ["forward h·W2ᵀ", "matmulNT", batch, 128, 10],
    ["grad dz2ᵀ·h", "matmulTN", 10, batch, 128],
    ["backward dz2·W2", "matmul", batch, 10, 128],
    ["grad dz1ᵀ·x", "matmulTN", 128, batch, 784],
  ];
}

export function kernelGflops(kernels: Kernels, batch: number, seconds = 0.4): KernelResult[] {
  const rng = Rng.seeded(1, "bench");
  const fill = (rows: number, cols: number) => {
    const m = kernels.alloc(rows, cols, "float32");
    for (let i = 0; i < m.data.length; i++) m.data[i] = rng.uniform(-1, 1);
    return m;
  };
  return stepShapes(batch).map(([shape, op, m, k, n]) => {
    const [a, b] = op === "matmul"
      ? [fill(m, k), fill(k, n)]
      : op === "matmulNT"
      ? [fill(m, k), fill(n, k)]
      : [fill(k, m), fill(k, n)];
    const c = kernels.alloc(m, n, "float32");
    for (let i = 0; i < 50; i++) kernels[op](a, b, c); // warm-up
    let reps = 0;
    const start = performance.now();
    while (performance.now() - start < seconds * 1000) {
      for (let i = 0; i < 20; i++) kernels[op](a, b, c);
      reps += 20;
    }
    const elapsed = (performance.now() - start) / 1000;
    return {
      workload: "kernels",
      backend: kernels.name,
      shape: `${shape} (${m}×${k})·(${k}×${n})`,
      batch,
      gflops: Number(((2 * m * k * n * reps) / elapsed / 1e9).toFixed(2)),
    };
  });
}
