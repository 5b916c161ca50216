/**
 * The fully connected rows of LeCun, Bottou, Bengio & Haffner 1998's MNIST table (with the
 * two later rows it cites), each with its architecture and loss, trained with one modern
 * recipe — Adam, batch 64, 20 epochs at most, early stopping on a 5,000-image validation
 * split, best weights restored — on the full 60,000/10,000 set. The published test errors:
 *
 * - 2-layer NN, 300 hidden units, mean squared error: 4.7%
 * - 2-layer NN, 1000 hidden units, MSE: 4.5%
 * - 3-layer NN, 300+100 hidden units, MSE: 3.05%
 * - 3-layer NN, 500+150 hidden units, MSE: 2.95%
 * - 2-layer NN, 800 hidden units, cross-entropy (Simard et al. 2003): 1.6%
 * - 3-layer NN, 500+300, softmax cross-entropy, weight decay (Hinton, unpublished): 1.53%
 *
 * The MSE rows use tanh hidden units and one-hot targets, as the paper's did.
 */
import { defineExperiment, type LayerSpec, type LossKind } from "../mod.ts";

/** Row → hidden widths, loss, weight decay and the published test error (%). */
export const ROWS: Record<
  string,
  { hidden: number[]; loss: LossKind; l2: number; published: number }
> = {
  "300-mse": { hidden: [300], loss: "mse", l2: 0, published: 4.7 },
  "1000-mse": { hidden: [1000], loss: "mse", l2: 0, published: 4.5 },
  "300+100-mse": { hidden: [300, 100], loss: "mse", l2: 0, published: 3.05 },
  "500+150-mse": { hidden: [500, 150], loss: "mse", l2: 0, published: 2.95 },
  "800-ce": { hidden: [800], loss: "softmax_cross_entropy", l2: 0, published: 1.6 },
  "500+300-ce-wd": { hidden: [500, 300], loss: "softmax_cross_entropy", l2: 1e-4, published: 1.53 },
};

export default defineExperiment({
  name: "lecun-mlp",
  description: "LeCun et al. 1998's fully connected MNIST rows, beside their published errors",
  grid: { row: Object.keys(ROWS) },
  seeds: 3,
  data: { kind: "mnist" },
  split: { validation: 1 / 12 },
  model: (p, shape) => [
    ...ROWS[p.row]!.hidden.flatMap((units): LayerSpec[] => [
      { kind: "dense", units, init: "lecun" },
      { kind: "tanh" },
    ]),
    { kind: "dense", units: shape.outputs },
  ],
  loss: (p) => ROWS[p.row]!.loss,
  l2: (p) => ROWS[p.row]!.l2,
  optimizer: { kind: "adam", lr: 0.001 },
  epochs: 20,
  batchSize: 64,
  patience: 4,
  metrics: ["accuracy", "loss"],
  quick: { seeds: 1, epochs: 1, data: { kind: "mnist", train: 1200, test: 300 } },
});
