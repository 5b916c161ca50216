/**
 * The lesson's 2-D study (LESSON §5): a one-layer network (Linear → softmax) against the
 * two-layer network (Linear → tanh → Linear → softmax), trained with minibatch SGD
 * (batch 4) and cross-entropy over learning rates around the notebook's, on its
 * make_classification set and on moons, which no linear model separates. Five seeds.
 */
import { type DatasetSpec, defineExperiment, type LayerSpec } from "../mod.ts";

const DATA: Record<string, DatasetSpec> = {
  lesson: { kind: "classification", n: 400, clustersPerClass: 1, flipY: 0.1 },
  moons: { kind: "moons", n: 400, noise: 0.2 },
};

export default defineExperiment({
  name: "lesson-2d",
  description: "The lesson's one- and two-layer networks on 2-D data over a learning-rate grid",
  grid: {
    data: ["lesson", "moons"],
    model: ["one-layer", "two-layer"],
    lr: [0.005, 0.02, 0.1],
  },
  seeds: 5,
  data: (p) => DATA[p.data]!,
  split: { validation: 0.2, test: 0.2 },
  model: (p, shape): LayerSpec[] =>
    p.model === "one-layer" ? [{ kind: "dense", units: shape.outputs }, { kind: "softmax" }] : [
      { kind: "dense", units: 10 },
      { kind: "tanh" },
      { kind: "dense", units: shape.outputs },
      { kind: "softmax" },
    ],
  loss: "cross_entropy",
  optimizer: (p) => ({ kind: "sgd", lr: p.lr }),
  epochs: 60,
  batchSize: 4,
  metrics: ["accuracy", "loss"],
  quick: { seeds: 2, epochs: 5 },
});
