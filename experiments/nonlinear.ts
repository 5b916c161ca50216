/**
 * Where one layer fails and what depth buys: moons, circles, XOR and spirals × depth (0, 1
 * or 2 hidden layers of 32) × activation (tanh, sigmoid, ReLU). A linear model (depth 0)
 * cannot separate circles, XOR or spirals; the question is how much depth and which
 * activation each shape needs.
 */
import { type DatasetSpec, defineExperiment, type LayerSpec } from "../mod.ts";

const DATA: Record<string, DatasetSpec> = {
  moons: { kind: "moons", n: 600, noise: 0.2 },
  circles: { kind: "circles", n: 600, noise: 0.1 },
  xor: { kind: "xor", n: 600, noise: 0.1 },
  spirals: { kind: "spirals", n: 600, classes: 3, noise: 0.03 },
};

export default defineExperiment({
  name: "nonlinear",
  description: "4 data sets × depth 0–2 × tanh, sigmoid, ReLU: where one layer fails",
  grid: {
    data: ["moons", "circles", "xor", "spirals"],
    depth: [0, 1, 2],
    activation: ["tanh", "sigmoid", "relu"],
  },
  seeds: 3,
  data: (p) => DATA[p.data]!,
  standardize: true,
  model: (p, shape) => [
    ...Array.from({ length: p.depth }, (): LayerSpec[] => [
      { kind: "dense", units: 32, init: p.activation === "relu" ? "he" : "glorot" },
      { kind: p.activation } as LayerSpec,
    ]).flat(),
    { kind: "dense", units: shape.outputs },
  ],
  optimizer: { kind: "adam", lr: 0.01 },
  epochs: 80,
  batchSize: 16,
  patience: 15,
  quick: { seeds: 1, epochs: 3, data: (p) => ({ ...DATA[p.data]!, n: 120 } as DatasetSpec) },
});
