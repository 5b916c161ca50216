/**
 * An epoch in one call: when the kernels have `mlpEpoch` (the wasm backend) and the network
 * is a small multi-layer perceptron — float32 dense layers, tanh, ReLU or nothing between
 * them, softmax and cross-entropy at the end (a softmax layer and `cross_entropy`, or logits
 * and `softmax_cross_entropy`), SGD without momentum or Adam, no L2 — `fit`
 * hands the whole epoch to the kernels instead of making a dozen kernel calls
 * per batch. The kernels make the same calls with the same arguments in the same order, so
 * every number is the same bit for bit (tested against the layer-by-layer path); the loss
 * and accuracy are then taken from each batch's logits and probabilities exactly as the
 * loss and `classify` take them (softmax has two or more classes: `classify`'s rule for
 * them). Small networks are where the calls, not the arithmetic,
 * cost the time: the lesson's 2-10-2 network at batch 4 makes ~15 calls per 4 examples.
 *
 * @module
 */

import type { Dataset } from "../data/dataset.ts";
import type { MlpEpoch } from "../numerics/kernels.ts";
import { ElementWise, Softmax } from "../nn/activations/layers.ts";
import { Dense } from "../nn/dense.ts";
import { logitsRowLoss } from "../nn/losses/cross_entropy.ts";
import type { Loss } from "../nn/losses/loss.ts";
import type { Network } from "../nn/network.ts";
import type { Optimizer } from "../nn/optimizers/optimizer.ts";
import { SGD } from "../nn/optimizers/sgd.ts";
import { Adam } from "../nn/optimizers/adam.ts";
import type { Metrics } from "./evaluate.ts";

/**
 * Products at least this large (batch × inputs × units) are shared among threads by the
 * layer-by-layer path; a one-call epoch runs in one thread, so it is kept to smaller ones.
 */
const SMALL_PRODUCT = 1 << 18;

/** What a one-call epoch needs besides the epoch's order and rate. */
export type FusedPlan = Omit<MlpEpoch, "order" | "lr">;

/**
 * The one-call epoch's plan for this training, or undefined when it does not apply (the
 * layer-by-layer path trains then).
 *
 * @param net The network.
 * @param data The training data.
 * @param options The loss, optimiser, L2 strength and batch size.
 * @returns The plan.
 */
export function fusedPlan(
  net: Network,
  data: Dataset,
  options: { loss: Loss; optimizer: Optimizer; l2?: number; batchSize: number },
): FusedPlan | undefined {
  const k = net.kernels, { optimizer } = options;
  if (k.mlpEpoch === undefined || k.name !== "wasm" || net.dtype !== "float32") return;
  const kind = options.loss.kind;
  if ((kind !== "cross_entropy" && kind !== "softmax_cross_entropy") || (options.l2 ?? 0) !== 0) {
    return;
  }
  const sgd = optimizer instanceof SGD && optimizer.momentum === 0;
  if (!sgd && optimizer.constructor !== Adam) return; // not AdamW, whose step adds decay
  if (!(data.y instanceof Int32Array) || data.x.dtype !== "float32") return;
  const layers: FusedPlan["layers"][number][] = [];
  const list = net.layers;
  for (let i = 0; i < list.length; i++) {
    const layer = list[i], next = list[i + 1];
    if (!(layer instanceof Dense)) return;
    const activation = next instanceof ElementWise && (next.kind === "tanh" || next.kind === "relu")
      ? next.kind
      : "none";
    const last = next === undefined && kind === "softmax_cross_entropy"; // logits out
    if (activation === "none" && !(next instanceof Softmax || next instanceof Dense || last)) {
      return;
    }
    if (options.batchSize * layer.inputs * layer.units >= SMALL_PRODUCT) return;
    layers.push({
      weight: layer.weight.value,
      bias: layer.bias.value.data,
      weightGrad: layer.weight.grad,
      biasGrad: layer.bias.grad.data,
      activation,
    });
    if (next instanceof Softmax) {
      if (i + 2 !== list.length || kind !== "cross_entropy") return;
      break;
    }
    if (activation !== "none") i++;
  }
  const n = data.x.rows, classes = net.outputs;
  const ends = kind === "cross_entropy"
    ? list.at(-1) instanceof Softmax
    : list.at(-1) instanceof Dense;
  if (!ends || classes < 2 || k.firstNonFinite(data.x.data) >= 0) return;
  return {
    layers,
    x: inKernelMemory(k, data.x),
    labels: data.y,
    batch: options.batchSize,
    logits: k.alloc(n, classes, "float32"),
    probs: k.alloc(n, classes, "float32"),
    ...(kind === "softmax_cross_entropy" ? { stats: k.alloc(n, 2, "float32") } : {}),
  };
}

/**
 * One epoch in one call, and its training metrics as the layer-by-layer path computes them:
 * the loss of each batch from its logits (weighted by its size), the accuracy from its
 * probabilities; both over the batches before the first one whose loss is not finite.
 *
 * @param net The network (its kernels run the epoch).
 * @param plan The plan ({@link fusedPlan}).
 * @param at The epoch's order, the rate and the loss.
 * @returns The metrics, and whether every batch's loss was finite.
 */
export function fusedEpoch(
  net: Network,
  plan: FusedPlan,
  at: { order: Uint32Array; optimizer: Optimizer; loss: Loss },
): { train: Metrics; finite: boolean } {
  const { optimizer } = at;
  const n = plan.x.rows, b = plan.batch, c = plan.logits.cols, all = Math.ceil(n / b);
  const adam = optimizer instanceof Adam
    ? {
      ...optimizer.epochState(all),
      beta1: optimizer.beta1,
      beta2: optimizer.beta2,
      epsilon: optimizer.epsilon,
    }
    : undefined;
  const stopped = net.kernels.mlpEpoch!({
    ...plan,
    order: at.order,
    lr: optimizer.lr,
    ...(adam ? { adam } : {}),
  });
  if (optimizer instanceof Adam) optimizer.tookSteps(stopped < 0 ? all : stopped);
  const z = plan.logits.data, p = plan.probs.data, labels = plan.labels, order = at.order;
  const stats = plan.stats?.data;
  const batches = stopped < 0 ? all : stopped;
  let lossSum = 0, hits = 0;
  for (let k = 0; k < batches; k++) {
    const start = k * b, end = Math.min(n, start + b);
    let sum = 0;
    for (let r = start, o = start * c; r < end; r++, o += c) {
      const y = labels[order[r]!]!;
      // cross_entropy from the logits; softmax_cross_entropy from the kernels' log Σ exp.
      sum += stats
        ? stats[2 * r]! + Math.log(stats[2 * r + 1]!) - z[o + y]!
        : logitsRowLoss(z, o, c, y);
      // classify's rule on the network's output: the first of the largest values.
      const out = stats ? z : p;
      let best = 0;
      for (let j = 1; j < c; j++) if (out[o + j]! > out[o + best]!) best = j;
      if (best === y) hits++;
    }
    lossSum += (sum / (end - start)) * (end - start); // the batch's mean, weighted by its size
  }
  return { train: { loss: lossSum / n, accuracy: hits / n }, finite: stopped < 0 };
}

/** The examples copied once into the kernels' memory, so no epoch copies them again. */
function inKernelMemory(k: Network["kernels"], x: Dataset["x"]): Dataset["x"] {
  const copy = k.alloc(x.rows, x.cols, "float32");
  copy.data.set(x.data);
  return copy;
}
