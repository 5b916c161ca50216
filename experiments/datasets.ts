/**
 * One file crossing four data sets × three architectures × three learning rates: which
 * depth each shape of data needs (linear models fail on circles, XOR and spirals).
 */
import { type DatasetSpec, defineExperiment, type LayerSpec } from "../mod.ts";

const DATA: Record<string, DatasetSpec> = {
  moons: { kind: "moons", n: 600, noise: 0.2 },
  circles: { kind: "circles", n: 600, noise: 0.1 },
  xor: { kind: "xor", n: 600, noise: 0.1 },
  spirals: { kind: "spirals", n: 600, classes: 3, noise: 0.03 },
};

const HIDDEN: Record<string, number[]> = { linear: [], "1x32": [32], "2x32": [32, 32] };

export default defineExperiment({
  name: "datasets",
  description: "4 data sets × 3 architectures × 3 learning rates (Adam, ReLU)",
  grid: {
    data: ["moons", "circles", "xor", "spirals"],
    arch: ["linear", "1x32", "2x32"],
    lr: [0.003, 0.01, 0.03],
  },
  seeds: 3,
  data: (p) => DATA[p.data]!,
  standardize: true,
  model: (p, shape) => [
    ...HIDDEN[p.arch]!.flatMap((
      units,
    ): LayerSpec[] => [{ kind: "dense", units, init: "he" }, { kind: "relu" }]),
    { kind: "dense", units: shape.outputs },
  ],
  optimizer: (p) => ({ kind: "adam", lr: p.lr }),
  epochs: 60,
  batchSize: 16,
  patience: 10,
});
