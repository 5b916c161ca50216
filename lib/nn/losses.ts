/**
 * Losses: a value (the mean over the batch) and its gradient with respect to the
 * network's output.
 *
 * Classification losses take class indices (`Int32Array`, one per row); regression
 * losses take a target matrix of the output's shape.
 *
 * @module
 */

import { defaultKernels } from "../numerics/backends.ts";
import { BufferPool, type Kernels } from "../numerics/kernels.ts";
import { Matrix } from "../numerics/matrix.ts";
import { typescriptKernels } from "../numerics/typescript_kernels.ts";
import { describe } from "../problems.ts";
import { logitsOf, markThroughActivation } from "./logits.ts";

/** Class indices (classification) or a matrix of real targets (regression). */
export type Targets = Int32Array | Matrix;

/** A loss function over a batch. */
export interface Loss {
  /** The kind, as in a spec (a key of {@link LOSSES}). */
  readonly kind: string;
  /** Whether the targets are classes or real values. */
  readonly task: "classification" | "regression";
  /** ℒ = the mean loss over the batch; remembers what `backward` needs. */
  forward(output: Matrix, targets: Targets): number;
  /** ∂ℒ/∂output for the last forward call (a buffer the loss reuses). */
  backward(): Matrix;
  /**
   * Class probabilities from the network's output, one row per example (for binary
   * losses, one column: P(class 1)). Classification losses only.
   */
  probabilities?(output: Matrix): Matrix;
}

// Probabilities are clamped this far from 0 and 1 before a log or a division.
const TINY = 1e-12;

function labelsOf(loss: string, output: Matrix, targets: Targets, classes: number): Int32Array {
  if (!(targets instanceof Int32Array)) {
    throw new TypeError(
      `Cannot compute ${loss}: expected class indices (Int32Array), got a matrix ${targets.shape}`,
    );
  }
  if (targets.length !== output.rows) {
    throw new TypeError(
      `Cannot compute ${loss}: ${targets.length} labels for an output of shape ${output.shape}`,
    );
  }
  for (let i = 0; i < targets.length; i++) {
    const y = targets[i]!;
    if (y < 0 || y >= classes) {
      throw new RangeError(
        `Cannot compute ${loss}: label ${y} at row ${i} is outside [0, ${classes - 1}]`,
      );
    }
  }
  return targets;
}

// One-hot targets for class indices, by output matrix (reused while its shape stays).
const ONE_HOT = new WeakMap<Matrix, Matrix>();

function matrixOf(loss: string, output: Matrix, targets: Targets): Matrix {
  if (!(targets instanceof Matrix)) {
    // Class indices: the one-hot rows (LeCun et al. 1998 trained with MSE this way).
    if (targets.length !== output.rows) {
      throw new TypeError(
        `Cannot compute ${loss}: ${targets.length} labels for an output of ${output.shape}`,
      );
    }
    let t = ONE_HOT.get(output);
    if (t === undefined || t.rows !== output.rows || t.cols !== output.cols) {
      ONE_HOT.set(output, t = Matrix.zeros(output.rows, output.cols, "float64"));
    }
    t.data.fill(0);
    for (let i = 0; i < targets.length; i++) {
      const c = targets[i]!;
      if (!(c >= 0 && c < output.cols)) {
        throw new TypeError(
          `Cannot compute ${loss}: label ${c} at row ${i} is outside the ${output.cols} output columns`,
        );
      }
      t.data[i * output.cols + c] = 1;
    }
    return t;
  }
  if (targets.rows !== output.rows || targets.cols !== output.cols) {
    throw new TypeError(
      `Cannot compute ${loss}: targets ${targets.shape} do not match the output ${output.shape}`,
    );
  }
  return targets;
}

function oneColumn(loss: string, output: Matrix): void {
  if (output.cols !== 1) {
    throw new TypeError(
      `Cannot compute ${loss}: expected one output column (P(class 1)), got ${output.shape}`,
    );
  }
}

/** Options of every loss. */
export interface LossOptions {
  /**
   * The kernels whose memory holds the loss's buffers: give the network's (`net.kernels`), so
   * that the gradient handed back to it needs no copy. @default {this thread's default}
   */
  readonly kernels?: Kernels;
}

/** Shared state: the last output, and gradient buffers kept per shape. */
export abstract class BaseLoss {
  /** The output of the last forward pass (what backward differentiates at). */
  protected output: Matrix | undefined;
  /** The kernels the gradient buffers live in. */
  protected readonly kernels: Kernels;
  readonly #grads: BufferPool;

  /** Buffers in the given kernels' memory. */
  constructor(options: LossOptions = {}) {
    this.kernels = options.kernels ?? defaultKernels();
    this.#grads = new BufferPool(this.kernels);
  }

  /** A gradient buffer of the output's shape, reused while the shape stays. */
  protected gradBuffer(output: Matrix): Matrix {
    return this.#grads.get(output.rows, output.cols, output.dtype);
  }

  /** The last output, or an error naming the loss when forward was not called. */
  protected last(kind: string): Matrix {
    if (this.output === undefined) {
      throw new TypeError(`Cannot run backward before forward on ${kind}`);
    }
    return this.output;
  }
}

/**
 * The lesson's `CrossEntropyLoss` over probabilities p (the output of a softmax layer):
 * ℒ = −(1/m) Σᵢ log p[i, yᵢ]; ∂ℒ/∂p[i, yᵢ] = −1 / (m p[i, yᵢ]), zero elsewhere.
 *
 * @example
 * ```ts
 * import { CrossEntropy } from "../../mod.ts";
 * import { Matrix } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const loss = new CrossEntropy();
 * const value = loss.forward(Matrix.fromRows([[0.5, 0.5]], "float64"), Int32Array.of(1));
 * assert.equal(value, Math.log(2));
 * ```
 */
export class CrossEntropy extends BaseLoss implements Loss {
  readonly kind = "cross_entropy" as const;
  readonly task = "classification" as const;
  #labels: Int32Array = new Int32Array(0);
  #logits: Matrix | undefined;

  forward(p: Matrix, targets: Targets): number {
    const labels = this.#labels = labelsOf(this.kind, p, targets, p.cols);
    this.output = p;
    const z = this.#logits = logitsOf(p);
    let sum = 0;
    if (z !== undefined) {
      // −log softmax(z)[y] = log Σ e^z − z_y, exactly, however confident the mistake.
      const n = z.cols, zd = z.data;
      for (let i = 0, o = 0; i < z.rows; i++, o += n) {
        let max = -Infinity;
        for (let j = 0; j < n; j++) max = Math.max(max, zd[o + j]!);
        let s = 0;
        for (let j = 0; j < n; j++) s += Math.exp(zd[o + j]! - max);
        sum += max + Math.log(s) - zd[o + labels[i]!]!;
      }
      return sum / p.rows;
    }
    for (let i = 0; i < p.rows; i++) sum -= Math.log(Math.max(p.get(i, labels[i]!), TINY));
    return sum / p.rows;
  }

  backward(): Matrix {
    const p = this.last(this.kind), g = this.gradBuffer(p), m = p.rows;
    if (this.#logits !== undefined) {
      // With respect to the logits: (p − onehot) / m, passed through the softmax layer.
      const n = p.cols, inv = 1 / m, gd = g.data, pd = p.data;
      for (let i = 0, o = 0; i < m; i++, o += n) {
        for (let j = 0; j < n; j++) gd[o + j] = pd[o + j]! * inv;
        gd[o + this.#labels[i]!]! -= inv;
      }
      return markThroughActivation(g);
    }
    g.data.fill(0);
    for (let i = 0; i < m; i++) {
      const y = this.#labels[i]!;
      g.set(i, y, -1 / (m * Math.max(p.get(i, y), TINY)));
    }
    return g;
  }

  probabilities(output: Matrix): Matrix {
    return output.clone();
  }
}

/**
 * Softmax and cross-entropy fused, over logits z: ℒ = (1/m) Σᵢ (log Σⱼ e^{zᵢⱼ} − z[i, yᵢ]);
 * ∂ℒ/∂z = (softmax(z) − onehot(y)) / m. Stabler and cheaper than a softmax layer
 * followed by {@link CrossEntropy}.
 *
 * @example
 * ```ts
 * import { SoftmaxCrossEntropy } from "../../mod.ts";
 * import { Matrix } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const loss = new SoftmaxCrossEntropy();
 * const value = loss.forward(Matrix.fromRows([[3, 3]], "float64"), Int32Array.of(0));
 * assert.ok(Math.abs(value - Math.log(2)) < 1e-12);
 * assert.deepEqual(Array.from(loss.backward().data), [-0.5, 0.5]);
 * ```
 */
export class SoftmaxCrossEntropy extends BaseLoss implements Loss {
  readonly kind = "softmax_cross_entropy" as const;
  readonly task = "classification" as const;
  #labels: Int32Array = new Int32Array(0);
  #p: Matrix | undefined;
  readonly #probabilities = new BufferPool(this.kernels);
  #logSumExp = new Float64Array(0);

  forward(z: Matrix, targets: Targets): number {
    const labels = this.#labels = labelsOf(this.kind, z, targets, z.cols);
    this.output = z;
    const p = this.#p = this.#probabilities.get(z.rows, z.cols, z.dtype);
    if (this.#logSumExp.length < z.rows) this.#logSumExp = new Float64Array(z.rows);
    const lse = this.#logSumExp, zd = z.data, n = z.cols;
    // −log p[i, y] = log Σⱼ exp z[i, j] − z[i, y]: exact where p[i, y] itself underflows.
    this.kernels.softmaxRows(z, p, lse);
    let sum = 0;
    for (let i = 0; i < z.rows; i++) sum += lse[i]! - zd[i * n + labels[i]!]!;
    return sum / z.rows;
  }

  backward(): Matrix {
    const z = this.last(this.kind), g = this.gradBuffer(z), p = this.#p!;
    const m = z.rows, n = z.cols, inv = 1 / m, gd = g.data, pd = p.data;
    for (let i = 0, o = 0; i < m; i++, o += n) {
      for (let j = 0; j < n; j++) gd[o + j] = pd[o + j]! * inv;
      gd[o + this.#labels[i]!]! -= inv;
    }
    return g;
  }

  probabilities(output: Matrix): Matrix {
    const p = Matrix.zeros(output.rows, output.cols, output.dtype);
    typescriptKernels.softmaxRows(output, p);
    return p;
  }
}

/**
 * Binary cross-entropy over a probability p = P(class 1) (one output column, e.g. from
 * a sigmoid layer): ℒ = −(1/m) Σ [y log p + (1 − y) log(1 − p)];
 * ∂ℒ/∂p = (p − y) / (m p (1 − p)).
 *
 * @example
 * ```ts
 * import { BinaryCrossEntropy } from "../../mod.ts";
 * import { Matrix } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const loss = new BinaryCrossEntropy();
 * assert.equal(loss.forward(Matrix.fromRows([[0.5]], "float64"), Int32Array.of(1)), Math.log(2));
 * ```
 */
export class BinaryCrossEntropy extends BaseLoss implements Loss {
  readonly kind = "binary_cross_entropy" as const;
  readonly task = "classification" as const;
  #labels: Int32Array = new Int32Array(0);
  #logits: Matrix | undefined;

  forward(p: Matrix, targets: Targets): number {
    oneColumn(this.kind, p);
    const labels = this.#labels = labelsOf(this.kind, p, targets, 2);
    this.output = p;
    const z = this.#logits = logitsOf(p);
    let sum = 0;
    if (z !== undefined) {
      // −log σ(z) or −log(1 − σ(z)), from the logit: max(z, 0) − yz + log(1 + e^−|z|).
      for (let i = 0; i < p.rows; i++) {
        const v = z.data[i]!;
        sum += Math.max(v, 0) - labels[i]! * v + Math.log1p(Math.exp(-Math.abs(v)));
      }
      return sum / p.rows;
    }
    for (let i = 0; i < p.rows; i++) {
      const q = Math.min(Math.max(p.data[i]!, TINY), 1 - TINY);
      sum -= labels[i] === 1 ? Math.log(q) : Math.log(1 - q);
    }
    return sum / p.rows;
  }

  backward(): Matrix {
    const p = this.last(this.kind), g = this.gradBuffer(p), m = p.rows;
    if (this.#logits !== undefined) {
      // With respect to the logit: (σ(z) − y) / m, passed through the sigmoid layer.
      for (let i = 0; i < m; i++) g.data[i] = (p.data[i]! - this.#labels[i]!) / m;
      return markThroughActivation(g);
    }
    for (let i = 0; i < m; i++) {
      const q = Math.min(Math.max(p.data[i]!, TINY), 1 - TINY);
      g.data[i] = (q - this.#labels[i]!) / (m * q * (1 - q));
    }
    return g;
  }

  probabilities(output: Matrix): Matrix {
    return output.clone();
  }
}

/**
 * The binary logistic loss over a logit s (one output column), with y ∈ {0, 1}:
 * ℒ = (1/m) Σ log(1 + e^{−(2y−1)s}), computed stably as max(s, 0) − y s + log(1 + e^{−|s|});
 * ∂ℒ/∂s = (σ(s) − y) / m.
 *
 * @example
 * ```ts
 * import { Logistic } from "../../mod.ts";
 * import { Matrix } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const loss = new Logistic();
 * assert.equal(loss.forward(Matrix.fromRows([[0]], "float64"), Int32Array.of(1)), Math.log(2));
 * assert.equal(loss.backward().get(0, 0), -0.5);
 * ```
 */
export class Logistic extends BaseLoss implements Loss {
  readonly kind = "logistic" as const;
  readonly task = "classification" as const;
  #labels: Int32Array = new Int32Array(0);

  forward(s: Matrix, targets: Targets): number {
    oneColumn(this.kind, s);
    const labels = this.#labels = labelsOf(this.kind, s, targets, 2);
    this.output = s;
    let sum = 0;
    for (let i = 0; i < s.rows; i++) {
      const v = s.data[i]!;
      sum += Math.max(v, 0) - labels[i]! * v + Math.log1p(Math.exp(-Math.abs(v)));
    }
    return sum / s.rows;
  }

  backward(): Matrix {
    const s = this.last(this.kind), g = this.gradBuffer(s), m = s.rows;
    for (let i = 0; i < m; i++) {
      g.data[i] = (1 / (1 + Math.exp(-s.data[i]!)) - this.#labels[i]!) / m;
    }
    return g;
  }

  probabilities(output: Matrix): Matrix {
    const p = output.clone();
    for (let i = 0; i < p.data.length; i++) p.data[i] = 1 / (1 + Math.exp(-output.data[i]!));
    return p;
  }
}

/**
 * Mean squared error over every element: ℒ = (1/(m·c)) Σ (ŷ − y)²; ∂ℒ/∂ŷ = 2(ŷ − y)/(m·c).
 *
 * @example
 * ```ts
 * import { MeanSquaredError } from "../../mod.ts";
 * import { Matrix } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const loss = new MeanSquaredError();
 * assert.equal(loss.forward(Matrix.fromRows([[1], [3]]), Matrix.fromRows([[0], [1]])), 2.5);
 * ```
 */
export class MeanSquaredError extends BaseLoss implements Loss {
  readonly kind = "mse" as const;
  readonly task = "regression" as const;
  #targets: Matrix | undefined;

  forward(output: Matrix, targets: Targets): number {
    const t = this.#targets = matrixOf(this.kind, output, targets);
    this.output = output;
    let sum = 0;
    for (let i = 0; i < output.data.length; i++) {
      const d = output.data[i]! - t.data[i]!;
      sum += d * d;
    }
    return sum / output.data.length;
  }

  backward(): Matrix {
    const o = this.last(this.kind), g = this.gradBuffer(o), t = this.#targets!;
    const scale = 2 / o.data.length;
    for (let i = 0; i < o.data.length; i++) g.data[i] = scale * (o.data[i]! - t.data[i]!);
    return g;
  }
}

/**
 * Mean absolute error over every element: ℒ = (1/(m·c)) Σ |ŷ − y|;
 * ∂ℒ/∂ŷ = sign(ŷ − y)/(m·c) (0 where ŷ = y).
 *
 * @example
 * ```ts
 * import { MeanAbsoluteError } from "../../mod.ts";
 * import { Matrix } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const loss = new MeanAbsoluteError();
 * assert.equal(loss.forward(Matrix.fromRows([[1], [3]]), Matrix.fromRows([[0], [1]])), 1.5);
 * ```
 */
export class MeanAbsoluteError extends BaseLoss implements Loss {
  readonly kind = "mae" as const;
  readonly task = "regression" as const;
  #targets: Matrix | undefined;

  forward(output: Matrix, targets: Targets): number {
    const t = this.#targets = matrixOf(this.kind, output, targets);
    this.output = output;
    let sum = 0;
    for (let i = 0; i < output.data.length; i++) sum += Math.abs(output.data[i]! - t.data[i]!);
    return sum / output.data.length;
  }

  backward(): Matrix {
    const o = this.last(this.kind), g = this.gradBuffer(o), t = this.#targets!;
    const scale = 1 / o.data.length;
    for (let i = 0; i < o.data.length; i++) g.data[i] = scale * Math.sign(o.data[i]! - t.data[i]!);
    return g;
  }
}

/**
 * Huber loss over every element, δ = 1: ½r² where |r| ≤ δ, δ(|r| − ½δ) beyond, r = ŷ − y,
 * averaged; ∂ℒ/∂ŷ = r (clipped to ±δ) / (m·c). Squared error near the target, absolute
 * error far from it: robust to outliers, smooth at 0.
 *
 * @example
 * ```ts
 * import { HuberLoss, Matrix } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const loss = new HuberLoss();
 * assert.equal(loss.forward(Matrix.fromRows([[0.5], [3]]), Matrix.fromRows([[0], [0]])), (0.125 + 2.5) / 2);
 * assert.deepEqual(Array.from(loss.backward().data), [0.25, 0.5]);
 * ```
 */
export class HuberLoss extends BaseLoss implements Loss {
  /** The kind. */
  readonly kind = "huber" as const;
  /** A regression loss. */
  readonly task = "regression" as const;
  /** Where the loss turns from squared to absolute. */
  readonly delta = 1;
  #targets: Matrix | undefined;

  /** The mean Huber loss; remembers the residuals for `backward`. */
  forward(output: Matrix, targets: Targets): number {
    const t = this.#targets = matrixOf(this.kind, output, targets);
    this.output = output;
    const d = this.delta;
    let sum = 0;
    for (let i = 0; i < output.data.length; i++) {
      const r = Math.abs(output.data[i]! - t.data[i]!);
      sum += r <= d ? 0.5 * r * r : d * (r - 0.5 * d);
    }
    return sum / output.data.length;
  }

  /** ∂ℒ/∂ŷ: the residual clipped to ±δ, over the element count. */
  backward(): Matrix {
    const o = this.last(this.kind), g = this.gradBuffer(o), t = this.#targets!, d = this.delta;
    const scale = 1 / o.data.length;
    for (let i = 0; i < o.data.length; i++) {
      const r = o.data[i]! - t.data[i]!;
      g.data[i] = scale * (r > d ? d : r < -d ? -d : r);
    }
    return g;
  }
}

/** One loss: what it is for, and how to make it. */
export interface LossEntry {
  /** Whether the targets are classes or real values. */
  readonly task: "classification" | "regression";
  /**
   * For classification, the network's output: one column per class (`"classes"`), or one
   * column for two classes (`"binary"`), read as class 1 above `threshold`.
   */
  readonly outputs?: "classes" | "binary";
  /** With one output column: the value between class 0 and class 1. */
  readonly threshold?: number;
  /**
   * A regression loss that also trains a classifier on one-hot targets (class indices are
   * turned into one-hot rows; the predicted class is the largest output).
   */
  readonly oneHot?: boolean;
  /** One line for the docs. */
  readonly doc: string;
  /** A new loss object. */
  readonly create: (options: LossOptions) => Loss;
}

/**
 * Every loss, by kind. Adding a loss is adding a class above and an entry here (and its
 * tests): `LossKind`, `LOSS_KINDS`, {@link createLoss}, {@link classify} and the planner's
 * checks (task, output width) all read this table.
 */
export const LOSSES: { readonly [K in LossKind]: LossEntry } = {
  cross_entropy: {
    task: "classification",
    outputs: "classes",
    doc: "−log p(class) of a softmax layer's probabilities",
    create: (o) => new CrossEntropy(o),
  },
  softmax_cross_entropy: {
    task: "classification",
    outputs: "classes",
    doc: "softmax and cross-entropy fused, on logits",
    create: (o) => new SoftmaxCrossEntropy(o),
  },
  binary_cross_entropy: {
    task: "classification",
    outputs: "binary",
    threshold: 0.5,
    doc: "two classes, one probability column (after a sigmoid layer)",
    create: (o) => new BinaryCrossEntropy(o),
  },
  logistic: {
    task: "classification",
    outputs: "binary",
    threshold: 0,
    doc: "two classes, one logit column: log(1 + e^−ys)",
    create: (o) => new Logistic(o),
  },
  mse: {
    task: "regression",
    oneHot: true,
    doc: "mean squared error",
    create: (o) => new MeanSquaredError(o),
  },
  mae: {
    task: "regression",
    oneHot: true,
    doc: "mean absolute error",
    create: (o) => new MeanAbsoluteError(o),
  },
  huber: {
    task: "regression",
    oneHot: true,
    doc: "Huber loss, δ = 1: squared near the target, absolute beyond",
    create: (o) => new HuberLoss(o),
  },
};

/**
 * The loss kinds, as in a JSON spec — the one list of kinds: {@link LOSSES} must have an
 * entry for each (the compiler checks).
 */
export type LossKind =
  | "cross_entropy"
  | "softmax_cross_entropy"
  | "binary_cross_entropy"
  | "logistic"
  | "mse"
  | "mae"
  | "huber";

/** Every loss kind, for validation and listings. */
export const LOSS_KINDS: readonly LossKind[] = Object.keys(LOSSES) as LossKind[];

/**
 * Whether a loss is for regression (real-valued targets) rather than classification.
 *
 * @param kind The loss kind.
 * @returns True for regression losses.
 */
export function isRegressionLoss(kind: LossKind): boolean {
  return (LOSSES[kind] as LossEntry).task === "regression";
}

/**
 * The loss for a kind.
 *
 * @example
 * ```ts
 * import { createLoss } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(createLoss("mse").task, "regression");
 * assert.throws(() => createLoss("hinge" as never), /unknown loss "hinge"/);
 * ```
 *
 * @param kind The loss kind.
 * @param options Where the loss keeps its buffers.
 * @returns A new loss object.
 */
export function createLoss(kind: LossKind, options: LossOptions = {}): Loss {
  if (!Object.hasOwn(LOSSES, kind)) {
    throw new TypeError(
      `Cannot make a loss: unknown loss ${describe(kind)}; expected one of ${
        LOSS_KINDS.join(", ")
      }`,
    );
  }
  return (LOSSES[kind] as LossEntry).create(options);
}

/**
 * Predicted classes from a network's output under a classification loss: the argmax of
 * each row, or for one output column a threshold (0 for logits under `logistic`, 0.5 for
 * probabilities).
 *
 * @example
 * ```ts
 * import { classify, Logistic, SoftmaxCrossEntropy } from "../../mod.ts";
 * import { Matrix } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const out = new Int32Array(2);
 * classify(new SoftmaxCrossEntropy(), Matrix.fromRows([[0, 2, 1], [5, 0, 0]]), out);
 * assert.deepEqual(Array.from(out), [1, 0]);
 * classify(new Logistic(), Matrix.fromRows([[-0.1], [0.3]]), out);
 * assert.deepEqual(Array.from(out), [0, 1]);
 * ```
 *
 * @param loss The loss the network is trained with.
 * @param output The network's output.
 * @param out One class index per row, written in place.
 */
export function classify(loss: Loss, output: Matrix, out: Int32Array): void {
  const entry = LOSSES[loss.kind as LossKind] as LossEntry | undefined;
  if (loss.task !== "classification" && entry?.oneHot !== true) {
    throw new TypeError(`Cannot classify with the regression loss ${loss.kind}`);
  }
  if (out.length !== output.rows) {
    throw new TypeError(`Cannot classify ${output.shape} into ${out.length} labels`);
  }
  const d = output.data, n = output.cols;
  if (n === 1) {
    const threshold = (LOSSES[loss.kind as LossKind] as LossEntry | undefined)?.threshold ?? 0.5;
    for (let i = 0; i < out.length; i++) out[i] = d[i]! > threshold ? 1 : 0;
    return;
  }
  for (let i = 0, o = 0; i < out.length; i++, o += n) {
    let best = 0;
    for (let j = 1; j < n; j++) if (d[o + j]! > d[o + best]!) best = j;
    out[i] = best;
  }
}
