/**
 * The lesson's lab (LESSON §6), answered from measured results: networks with one, two and
 * three layers on MNIST × hidden activation (tanh, ReLU). Does the activation matter, are
 * 2–3 layers needed, do deeper nets overfit (training vs validation accuracy per epoch),
 * how do the weights grow (max |w| per layer per epoch, in epochs.csv and the report)?
 * The full 60,000/10,000 set; 10% of the training set is held out for validation, the
 * official 10,000 test images give the final test accuracy.
 */
import { defineExperiment, type LayerSpec } from "../mod.ts";

const HIDDEN: Record<string, number[]> = {
  "1-layer": [],
  "2-layer": [128],
  "3-layer": [256, 64],
};

export default defineExperiment({
  name: "mnist-lab",
  description: "The lab: 1-, 2- and 3-layer networks × tanh vs ReLU on MNIST",
  grid: { depth: ["1-layer", "2-layer", "3-layer"], activation: ["tanh", "relu"] },
  seeds: 2,
  data: { kind: "mnist" },
  split: { validation: 0.1 },
  model: (p, shape) => [
    ...HIDDEN[p.depth]!.flatMap((units): LayerSpec[] => [
      { kind: "dense", units, init: p.activation === "relu" ? "he" : "lecun" },
      { kind: p.activation } as LayerSpec,
    ]),
    { kind: "dense", units: shape.outputs },
  ],
  loss: "softmax_cross_entropy",
  optimizer: { kind: "sgd", lr: 0.05, momentum: 0.9 },
  epochs: 15,
  batchSize: 64,
  patience: 4,
  metrics: ["accuracy", "loss"],
  quick: { seeds: 1, epochs: 2, data: { kind: "mnist", train: 2000, test: 500 } },
});
