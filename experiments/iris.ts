/**
 * A small real multi-class set: Fisher's 150 iris flowers, 3 species, 4 measurements, and
 * every optimiser on the same small network — which ones get there, and how fast (the
 * learning curves), with five seeds.
 */
import { defineExperiment, type OptimizerSpec } from "../mod.ts";

const OPTIMIZERS: Record<string, OptimizerSpec> = {
  sgd: { kind: "sgd", lr: 0.1 },
  momentum: { kind: "sgd", lr: 0.05, momentum: 0.9 },
  nesterov: { kind: "sgd", lr: 0.05, momentum: 0.9, nesterov: true },
  adam: { kind: "adam", lr: 0.01 },
  adamw: { kind: "adamw", lr: 0.01, weightDecay: 0.01 },
  rmsprop: { kind: "rmsprop", lr: 0.005 },
};

export default defineExperiment({
  name: "iris",
  description: "Fisher's iris: every optimiser on a 4-16-3 tanh network",
  grid: { optimizer: Object.keys(OPTIMIZERS) },
  seeds: 5,
  data: { kind: "iris" },
  split: { validation: 0.2, test: 0.2 },
  standardize: true,
  model: (_p, shape) => [
    { kind: "dense", units: 16, init: "glorot" },
    { kind: "tanh" },
    { kind: "dense", units: shape.outputs },
  ],
  optimizer: (p) => OPTIMIZERS[p.optimizer]!,
  epochs: 100,
  batchSize: 8,
  quick: { seeds: 1, epochs: 3 },
});
