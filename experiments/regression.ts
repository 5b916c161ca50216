/**
 * Regression: a noisy sine and the smooth 2-D surface, fitted with MSE and with MAE, over
 * widths and depths of tanh networks — how much capacity a curve needs, and what the loss
 * changes (reported as test MSE and R² for both).
 */
import { type DatasetSpec, defineExperiment, type LayerSpec } from "../mod.ts";

const DATA: Record<string, DatasetSpec> = {
  sine: { kind: "sine", n: 600, noise: 0.1 },
  surface: { kind: "surface", n: 800, noise: 0.05 },
};

export default defineExperiment({
  name: "regression",
  description: "Sine and surface × MSE vs MAE × width × depth (tanh)",
  grid: {
    data: ["sine", "surface"],
    loss: ["mse", "mae"],
    width: [8, 32],
    depth: [1, 2],
  },
  seeds: 3,
  data: (p) => DATA[p.data]!,
  standardize: true,
  model: (p, shape) => [
    ...Array.from({ length: p.depth }, (): LayerSpec[] => [
      { kind: "dense", units: p.width, init: "glorot" },
      { kind: "tanh" },
    ]).flat(),
    { kind: "dense", units: shape.outputs },
  ],
  loss: (p) => p.loss as "mse" | "mae",
  optimizer: { kind: "adam", lr: 0.01 },
  epochs: 150,
  batchSize: 16,
  patience: 20,
  metrics: ["mse", "r2", "loss"],
  quick: { seeds: 1, epochs: 3 },
});
