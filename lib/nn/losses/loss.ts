/**
 * What every loss shares: the {@link Loss} interface (a value, the mean over the batch, and
 * its gradient with respect to the network's output), its options, and {@link BaseLoss},
 * which keeps the last output and the gradient buffers so each loss writes only its maths.
 *
 * Classification losses take class indices (`Int32Array`, one per row); regression
 * losses take a target matrix of the output's shape.
 *
 * @module
 */

import { defaultKernels } from "../../numerics/backends.ts";
import { BufferPool, type Kernels } from "../../numerics/kernels.ts";
import { Matrix } from "../../numerics/matrix.ts";

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
export const TINY = 1e-12;

export function labelsOf(
  loss: string,
  output: Matrix,
  targets: Targets,
  classes: number,
): Int32Array {
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

export function matrixOf(loss: string, output: Matrix, targets: Targets): Matrix {
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

export function oneColumn(loss: string, output: Matrix): void {
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
