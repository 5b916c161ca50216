/**
 * The companion notes' setting (backprop with λ, LESSON §4): a sigmoid hidden layer on a
 * small, noisy training set, L2 strength λ from 0 to 0.1 — too little λ overfits (training
 * accuracy far above validation), too much underfits (both fall).
 */
import { defineExperiment } from "../mod.ts";

export default defineExperiment({
  name: "backprop-l2",
  description: "Sigmoid hidden layer, small noisy data, λ ∈ {0, 1e-4, 1e-3, 1e-2, 1e-1}",
  grid: { l2: [0, 1e-4, 1e-3, 1e-2, 1e-1] },
  seeds: 5,
  data: {
    kind: "classification",
    n: 250,
    features: 20,
    informative: 5,
    redundant: 5,
    flipY: 0.1,
    classSep: 0.8,
  },
  split: { validation: 0.4, test: 0.2 },
  standardize: true,
  model: (_p, shape) => [
    { kind: "dense", units: 100, init: "glorot" },
    { kind: "sigmoid" },
    { kind: "dense", units: shape.outputs },
  ],
  optimizer: { kind: "sgd", lr: 0.5 },
  epochs: 300,
  batchSize: 16,
  l2: (p) => p.l2 as number,
  quick: { seeds: 1, epochs: 3 },
});
