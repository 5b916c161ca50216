/**
 * The fit loop: epochs over seeded, shuffled minibatches (stochastic gradient descent,
 * LESSON §2), metrics per epoch, early stopping, and divergence detection.
 *
 * @module
 */

import { displayable } from "../_svg.ts";
import { fitBundle } from "./display.ts";
import type { Dataset } from "../data/dataset.ts";
import { type FloatArray, gatherRows, Matrix } from "../numerics/matrix.ts";
import type { Rng } from "../numerics/random.ts";
import { Dense } from "../nn/dense.ts";
import type { Parameter } from "../nn/layer.ts";
import { classify, type Loss } from "../nn/losses/mod.ts";
import type { Network } from "../nn/network.ts";
import type { Optimizer, OptimizerState } from "../nn/optimizers/mod.ts";
import { addL2Gradient } from "../nn/regularization.ts";
import { learningRateFactor, type ScheduleSpec } from "./schedules/mod.ts";
import { fusedEpoch, type FusedPlan, fusedPlan } from "./fused.ts";
import { checkData, evaluate, type Metrics } from "./evaluate.ts";

/** What one epoch produced. */
export interface EpochRecord {
  /** 1-based epoch number. */
  readonly epoch: number;
  /** Training metrics: loss (the mean over the epoch's batches, weighted by size), accuracy. */
  readonly train: Metrics;
  /** Validation metrics after the epoch, when a validation set was given. */
  readonly validation?: Metrics;
  /** The largest |w| of each dense layer's weights after the epoch. */
  readonly maxAbsWeight: readonly number[];
  /** Wall-clock seconds of the epoch (timing only, never part of a result). */
  readonly seconds: number;
}

/** How training ended. */
export type FitStatus = "completed" | "early_stopped" | "diverged";

/** The outcome of {@link fit}. */
export interface FitResult {
  /** How training ended. */
  readonly status: FitStatus;
  /** One record per epoch run. */
  readonly history: readonly EpochRecord[];
  /** The epoch whose monitored loss was lowest (1-based; 0 if none). */
  readonly bestEpoch: number;
  /**
   * The epoch whose weights the network holds on return: `bestEpoch` when the best
   * weights were restored, else the last epoch run.
   */
  readonly finalEpoch: number;
}

/** Options of {@link fit}. */
export interface FitOptions {
  /** The loss to minimise. */
  readonly loss: Loss;
  /** The optimiser updating the network's parameters. */
  readonly optimizer: Optimizer;
  /** Number of passes over the data. */
  readonly epochs: number;
  /** Examples per minibatch; the last batch of an epoch may be smaller. */
  readonly batchSize: number;
  /** The stream that orders the examples, drawn once per epoch. */
  readonly rng: Rng;
  /** L2 strength λ; weights only, as in LESSON §4. @default {0} */
  readonly l2?: number;
  /**
   * The learning rate per epoch: the optimiser's `lr` times the schedule's factor for the
   * epoch (put back when `fit` returns). @default {a constant rate}
   */
  readonly schedule?: ScheduleSpec;
  /** Evaluated after every epoch; monitored for early stopping when given. */
  readonly validation?: Dataset;
  /**
   * Stop after this many epochs without a lower monitored loss (validation loss if
   * given, else training loss). @default {Infinity}
   */
  readonly patience?: number;
  /**
   * On return, put back the weights of the epoch with the lowest monitored loss, so the
   * network that is evaluated is the one early stopping chose (Keras's
   * `restore_best_weights`, but also when training ran to the last epoch).
   * @default {true when `patience` is given}
   */
  readonly restoreBest?: boolean;
  /** Called after each epoch, e.g. for progress. */
  readonly onEpoch?: (record: EpochRecord) => void;
  /**
   * Called at the end of every epoch that training goes on from, with a function that
   * captures the {@link FitState}. Returning `true` stops training there: `fit` throws
   * {@link TrainingStopped} (a run being interrupted, after saving a checkpoint).
   */
  readonly onEpochEnd?: (epoch: number, capture: () => FitState) => boolean | void;
  /** Continue from a state captured at the end of an epoch (a checkpoint), bit for bit. */
  readonly resumeFrom?: FitState;
  /**
   * Called when training completes all its epochs, before the best weights are restored,
   * with a function that captures the {@link FitState} training would go on from (a
   * search's trial continued for more epochs at its next rung).
   */
  readonly onEnd?: (capture: () => FitState) => void;
  /**
   * Let the kernels run a whole epoch in one call where they can (a small MLP under plain
   * SGD or Adam on the wasm backend; `fused.ts`): the same bits, less time. @default {true}
   */
  readonly fused?: boolean;
}

/**
 * Everything `fit` needs to go on from the end of an epoch exactly as if it had never
 * stopped: the parameters, the optimiser's state, the shuffling stream's position, early
 * stopping's best so far, and the history.
 */
export interface FitState {
  /** The last epoch finished. */
  readonly epoch: number;
  /** Every parameter's values, in `net.parameters()` order. */
  readonly params: readonly (readonly number[])[];
  /** The optimiser's state. */
  readonly optimizer: OptimizerState;
  /** The shuffling stream's state ({@link Rng.state}). */
  readonly rng: readonly number[];
  /** The lowest monitored loss so far, and its epoch. */
  readonly best: number;
  /** The epoch of the lowest monitored loss. */
  readonly bestEpoch: number;
  /** The best epoch's parameter values (with `restoreBest`). */
  readonly bestValues: readonly (readonly number[])[];
  /** The epochs run so far. */
  readonly history: readonly EpochRecord[];
}

/** Thrown by `fit` when `onEpochEnd` asks it to stop. */
export class TrainingStopped extends Error {
  /** The last epoch finished. */
  readonly epoch: number;
  /** The error thrown when training is asked to stop. @param epoch The last epoch finished. */
  constructor(epoch: number) {
    super(`Training stopped after epoch ${epoch}`);
    this.name = "TrainingStopped";
    this.epoch = epoch;
  }
}

function positiveInteger(name: string, v: number): void {
  if (!Number.isInteger(v) || v < 1) {
    throw new RangeError(`Invalid ${name}: expected a positive integer, got ${v}`);
  }
}

function maxAbsWeights(net: Network): number[] {
  return net.layers.filter((l): l is Dense => l instanceof Dense).map((l) => {
    let max = 0;
    for (const v of l.weight.value.data) {
      const a = Math.abs(v);
      if (!(a <= max)) max = a; // NaN propagates
    }
    return max;
  });
}

/**
 * Trains a network: per epoch, one permutation of the examples from `rng`, then a
 * forward pass, loss, backward pass (plus L2) and optimiser step per minibatch.
 * A non-finite loss or weight stops training with status `diverged` at that epoch.
 *
 * @example Learning y = 2x
 * ```ts
 * import { fit } from "../../mod.ts";
 * import { Network } from "../../mod.ts";
 * import { MeanSquaredError } from "../../mod.ts";
 * import { SGD } from "../../mod.ts";
 * import { Matrix } from "../../mod.ts";
 * import { Rng } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const net = Network.build({ inputs: 1, layers: [{ kind: "dense", units: 1 }] }, { rng: Rng.seeded(1) });
 * const x = Matrix.fromRows([[-1], [0], [1], [2]]);
 * const y = Matrix.fromRows([[-2], [0], [2], [4]]);
 * const result = fit(net, { x, y }, {
 *   loss: new MeanSquaredError(), optimizer: new SGD(net.parameters(), { lr: 0.1 }),
 *   epochs: 200, batchSize: 2, rng: Rng.seeded(1).derive("shuffle"),
 * });
 * assert.equal(result.status, "completed");
 * assert.ok(result.history.at(-1)!.train.loss < 1e-6);
 * ```
 *
 * @param net The network to train (its parameters change in place).
 * @param data The training set.
 * @param options Loss, optimiser, epochs, batch size, stream, L2, validation, patience.
 * @returns The status and the per-epoch history.
 */
export function fit(net: Network, data: Dataset, options: FitOptions): FitResult {
  const patience = checkFitOptions(net, data, options);
  const { optimizer } = options;
  const batches = minibatches(net, data, options.batchSize);
  const fused = options.fused === false ? undefined : fusedPlan(net, data, options);
  const params = net.parameters();
  const restoreBest = options.restoreBest ?? Number.isFinite(patience);
  // The best epoch's weights, copied when the monitored loss improves (biases too).
  const state: Progress = {
    history: [],
    best: Infinity,
    bestEpoch: 0,
    bestValues: restoreBest ? params.map((p) => p.value.data.slice()) : [],
  };
  const first = options.resumeFrom === undefined
    ? 1
    : resume(options.resumeFrom, { params, options, state, restoreBest });
  const capture = (epoch: number): FitState => ({
    epoch,
    params: params.map((p) => Array.from(p.value.data)),
    optimizer: optimizer.state(),
    rng: options.rng.state(),
    best: state.best,
    bestEpoch: state.bestEpoch,
    bestValues: state.bestValues.map((v) => Array.from(v)),
    history: state.history.slice(),
  });
  let status: FitStatus = "completed";
  const baseLr = optimizer.lr;
  try {
    for (let epoch = first; epoch <= options.epochs; epoch++) {
      const started = performance.now();
      if (options.schedule) {
        optimizer.lr = baseLr * learningRateFactor(options.schedule, epoch, options.epochs);
      }
      const { train, finite } = trainEpoch(net, { batches, params, fused }, options);
      const maxAbsWeight = maxAbsWeights(net);
      if (!finite || !maxAbsWeight.every(Number.isFinite)) {
        const seconds = elapsed(started);
        state.history.push({ epoch, train: { ...train, loss: NaN }, maxAbsWeight, seconds });
        status = "diverged";
        options.onEpoch?.(state.history.at(-1)!);
        break;
      }
      const validation = options.validation
        ? evaluate(net, options.loss, options.validation)
        : undefined;
      const record: EpochRecord = {
        epoch,
        train,
        ...(validation ? { validation } : {}),
        maxAbsWeight,
        seconds: elapsed(started),
      };
      state.history.push(record);
      options.onEpoch?.(record);
      const monitored = validation ? validation.loss : train.loss;
      if (monitored < state.best) {
        state.best = monitored;
        state.bestEpoch = epoch;
        if (restoreBest) params.forEach((p, i) => state.bestValues[i]!.set(p.value.data));
      } else if (epoch - state.bestEpoch >= patience) {
        status = "early_stopped";
        break;
      }
      if (epoch < options.epochs && options.onEpochEnd?.(epoch, () => capture(epoch)) === true) {
        throw new TrainingStopped(epoch);
      }
    }
  } finally {
    optimizer.lr = baseLr; // the configured rate again, whether training ended or stopped
  }
  const { history, bestEpoch } = state;
  if (status === "completed") options.onEnd?.(() => capture(history.length));
  const finalEpoch = restored(params, state, restoreBest && status !== "diverged");
  const result: FitResult = { status, history, bestEpoch, finalEpoch };
  return displayable(result, () => fitBundle(result)); // in Jupyter: its learning curves
}

/**
 * Puts the best epoch's weights back when asked (unless the last epoch was the best), and
 * returns the epoch whose weights the network holds.
 */
function restored(params: readonly Parameter[], state: Progress, restore: boolean): number {
  const last = state.history.length, best = state.bestEpoch;
  if (!restore || best === 0 || best >= last) return last;
  params.forEach((p, i) => p.value.data.set(state.bestValues[i]!));
  return best;
}

/** What `fit` carries from epoch to epoch (and a checkpoint saves). */
interface Progress {
  readonly history: EpochRecord[];
  best: number;
  bestEpoch: number;
  /** The best epoch's weights, when they are restored at the end. */
  readonly bestValues: FloatArray[];
}

/** Checks the data and the options; returns the patience (Infinity without early stopping). */
function checkFitOptions(net: Network, data: Dataset, options: FitOptions): number {
  checkData("training", net, data);
  if (options.validation) checkData("validation", net, options.validation);
  positiveInteger("epoch count", options.epochs);
  positiveInteger("batch size", options.batchSize);
  const patience = options.patience ?? Infinity;
  if (!(patience >= 1)) throw new RangeError(`Invalid patience: expected ≥ 1, got ${patience}`);
  return patience;
}

/** The training data in the network's float type, and preallocated minibatch buffers. */
interface Batches {
  readonly x: Matrix;
  readonly labels: Int32Array | undefined;
  readonly targets: Matrix | undefined;
  /** Rows per minibatch. */
  readonly size: number;
  /** Full batches, then the last partial one: inputs, targets, predicted classes. */
  readonly xb: readonly Matrix[];
  readonly yb: readonly (Int32Array | Matrix)[];
  readonly predicted: readonly Int32Array[];
}

function minibatches(net: Network, data: Dataset, batchSize: number): Batches {
  const x = data.x.dtype === net.dtype ? data.x : data.x.clone(net.dtype);
  const n = x.rows, b = Math.min(batchSize, n);
  const labels = data.y instanceof Int32Array ? data.y : undefined;
  const targets = data.y instanceof Matrix ? data.y.clone(net.dtype) : undefined;
  const tail = n % b;
  const alloc = (rows: number, cols: number) => net.kernels.alloc(rows, cols, net.dtype);
  return {
    x,
    labels,
    targets,
    size: b,
    xb: [alloc(b, x.cols), alloc(tail, x.cols)],
    yb: labels
      ? [new Int32Array(b), new Int32Array(tail)]
      : [Matrix.zeros(b, targets!.cols, net.dtype), Matrix.zeros(tail, targets!.cols, net.dtype)],
    predicted: [new Int32Array(b), new Int32Array(tail)],
  };
}

/** Puts a saved state back: weights, optimiser, stream, best so far, history. */
function resume(
  from: FitState,
  at: { params: Parameter[]; options: FitOptions; state: Progress; restoreBest: boolean },
): number {
  const { params, options, state } = at;
  if (from.params.length !== params.length) {
    throw new RangeError(
      `Cannot resume training: the state has ${from.params.length} parameters, the network ${params.length}`,
    );
  }
  params.forEach((p, i) => {
    if (from.params[i]!.length !== p.value.data.length) {
      throw new RangeError(
        `Cannot resume training: parameter ${i} has ${
          from.params[i]!.length
        } values in the state, ${p.value.data.length} in the network`,
      );
    }
    p.value.data.set(from.params[i]!);
  });
  options.optimizer.loadState(from.optimizer);
  options.rng.restore(from.rng);
  state.best = from.best, state.bestEpoch = from.bestEpoch;
  if (at.restoreBest) from.bestValues.forEach((v, i) => state.bestValues[i]!.set(v));
  state.history.push(...from.history);
  return from.epoch + 1;
}

/**
 * One epoch: a permutation of the examples, then per minibatch the forward pass, the loss,
 * the backward pass (plus L2) and the optimiser's step. Stops at a non-finite loss.
 */
function trainEpoch(
  net: Network,
  at: { batches: Batches; params: Parameter[]; fused: FusedPlan | undefined },
  options: FitOptions,
): { train: Metrics; finite: boolean } {
  const { x, labels, targets, size: b, xb, yb, predicted } = at.batches;
  const { loss, optimizer } = options, l2 = options.l2 ?? 0;
  const { params } = at;
  const n = x.rows;
  const order = options.rng.permutation(n);
  if (at.fused) return fusedEpoch(net, at.fused, { order, optimizer, loss });
  let lossSum = 0, hits = 0, finite = true;
  for (let start = 0; start < n; start += b) {
    const end = Math.min(n, start + b), k = end - start === b ? 0 : 1;
    const xk = xb[k]!, yk = yb[k]!;
    gatherRows(x, order, start, end, xk);
    if (yk instanceof Int32Array) {
      for (let r = start; r < end; r++) yk[r - start] = labels![order[r]!]!;
    } else {
      gatherRows(targets!, order, start, end, yk);
    }
    const out = net.forward(xk);
    const value = loss.forward(out, yk);
    if (!Number.isFinite(value)) {
      finite = false;
      break;
    }
    lossSum += value * (end - start);
    if (yk instanceof Int32Array) {
      const cls = predicted[k]!;
      classify(loss, out, cls);
      for (let i = 0; i < cls.length; i++) if (cls[i] === yk[i]) hits++;
    }
    net.backward(loss.backward());
    addL2Gradient(params, l2, end - start);
    optimizer.step();
  }
  const train: Metrics = labels ? { loss: lossSum / n, accuracy: hits / n } : { loss: lossSum / n };
  return { train, finite };
}

/** Seconds since `started` (a `performance.now()`), to the microsecond: timing, not a result. */
function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 1000) / 1e6;
}
