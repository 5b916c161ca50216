/**
 * The fully connected rows of LeCun, Bottou, Bengio & Haffner 1998's MNIST table (with the
 * two later rows it cites), each with its architecture and loss, on the full 60,000/10,000
 * set with 5,000 training images held out for validation. The published test errors:
 *
 * - 2-layer NN, 300 hidden units, mean squared error: 4.7%
 * - 2-layer NN, 1000 hidden units, MSE: 4.5%
 * - 3-layer NN, 300+100 hidden units, MSE: 3.05%
 * - 3-layer NN, 500+150 hidden units, MSE: 2.95%
 * - 2-layer NN, 800 hidden units, cross-entropy (Simard et al. 2003): 1.6%
 * - 3-layer NN, 500+300, softmax cross-entropy, weight decay (Hinton, unpublished): 1.53%
 *
 * Two recipes, one per loss, each chosen on validation error (docs/studies.md):
 *
 * - MSE rows: tanh hidden units (LeCun initialisation) and one-hot targets, as the paper's;
 *   Adam at 0.001, batch 64, at most 20 epochs, early stopping on the validation loss
 *   (patience 4, best weights restored).
 * - Cross-entropy rows: ReLU hidden units (He initialisation) — a modern choice, not the
 *   original one; SGD with Nesterov momentum 0.9 at 0.1, cosine-annealed to 0 over 40
 *   epochs, batch 64, the last epoch's weights; L2 5e-4 where the row says weight decay.
 */
import {
  defineExperiment,
  type LayerSpec,
  type LossKind,
  type OptimizerSpec,
  type ScheduleSpec,
} from "../mod.ts";

/** A training recipe: activation, optimiser and how long. */
interface Recipe {
  readonly activation: "tanh" | "relu";
  readonly init: "lecun" | "he";
  readonly optimizer: OptimizerSpec;
  readonly schedule?: ScheduleSpec;
  readonly epochs: number;
  readonly patience?: number;
}

const MSE_RECIPE: Recipe = {
  activation: "tanh",
  init: "lecun",
  optimizer: { kind: "adam", lr: 0.001 },
  epochs: 20,
  patience: 4,
};

const CE_RECIPE: Recipe = {
  activation: "relu",
  init: "he",
  optimizer: { kind: "sgd", lr: 0.1, momentum: 0.9, nesterov: true },
  schedule: { kind: "cosine" },
  epochs: 40,
};

/** Row → hidden widths, loss, weight decay, recipe and the published test error (%). */
export const ROWS: Record<
  string,
  { hidden: number[]; loss: LossKind; l2: number; recipe: Recipe; published: number }
> = {
  "300-mse": { hidden: [300], loss: "mse", l2: 0, recipe: MSE_RECIPE, published: 4.7 },
  "1000-mse": { hidden: [1000], loss: "mse", l2: 0, recipe: MSE_RECIPE, published: 4.5 },
  "300+100-mse": { hidden: [300, 100], loss: "mse", l2: 0, recipe: MSE_RECIPE, published: 3.05 },
  "500+150-mse": { hidden: [500, 150], loss: "mse", l2: 0, recipe: MSE_RECIPE, published: 2.95 },
  "800-ce": {
    hidden: [800],
    loss: "softmax_cross_entropy",
    l2: 0,
    recipe: CE_RECIPE,
    published: 1.6,
  },
  "500+300-ce-wd": {
    hidden: [500, 300],
    loss: "softmax_cross_entropy",
    l2: 5e-4,
    recipe: CE_RECIPE,
    published: 1.53,
  },
};

const recipe = (row: string) => ROWS[row]!.recipe;

export default defineExperiment({
  name: "lecun-mlp",
  description: "LeCun et al. 1998's fully connected MNIST rows, beside their published errors",
  grid: { row: Object.keys(ROWS) },
  seeds: 3,
  data: { kind: "mnist" },
  split: { validation: 1 / 12 },
  model: (p, shape) => [
    ...ROWS[p.row]!.hidden.flatMap((units): LayerSpec[] => [
      { kind: "dense", units, init: recipe(p.row).init },
      { kind: recipe(p.row).activation },
    ]),
    { kind: "dense", units: shape.outputs },
  ],
  loss: (p) => ROWS[p.row]!.loss,
  l2: (p) => ROWS[p.row]!.l2,
  optimizer: (p) => recipe(p.row).optimizer,
  schedule: (p) => recipe(p.row).schedule,
  epochs: (p) => recipe(p.row).epochs,
  patience: (p) => recipe(p.row).patience,
  batchSize: 64,
  metrics: ["accuracy", "loss"],
  quick: {
    seeds: 1,
    epochs: 1,
    data: { kind: "mnist", train: 1200, test: 300 },
  },
});
