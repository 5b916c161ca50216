/**
 * The sweep benchmark's experiment: a tiny unit (xor, 40 points, one dense layer, one
 * epoch) in a grid of `a` × 10 learning rates × 10 seeds. `deno task bench --workload
 * sweep` sizes it with `--set a=1,…,n`: n = units ÷ 100.
 */
import { defineExperiment } from "../mod.ts";

export default defineExperiment({
  name: "bench-sweep",
  description: "Tiny units for the sweep benchmark: a × 10 learning rates × 10 seeds",
  grid: {
    a: [1],
    lr: [0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.09, 0.1],
  },
  seeds: 10,
  data: { kind: "xor", n: 40 },
  split: { validation: 0.25, test: 0.25 },
  model: (_p, shape) => [{ kind: "dense", units: shape.outputs }],
  optimizer: (p) => ({ kind: "sgd", lr: p.lr }),
  epochs: 1,
  batchSize: 8,
});
