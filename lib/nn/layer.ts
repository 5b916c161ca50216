/**
 * What every layer is: a small plain object with a forward pass, a backward pass next to
 * it, and its parameters.
 *
 * @module
 */

import type { Kernels } from "../numerics/kernels.ts";
import type { DType, Matrix } from "../numerics/matrix.ts";
import type { LayerSpec } from "./spec.ts";

/** A trainable tensor with its gradient. */
export interface Parameter {
  /** The name within its layer (`weight`, `bias`) or network (`0.weight`). */
  readonly name: string;
  /** The values. */
  readonly value: Matrix;
  /** ∂ℒ/∂value, written by the last backward pass. */
  readonly grad: Matrix;
  /** Whether L2 regularisation applies (weights yes, biases no — LESSON §4). */
  readonly regularize: boolean;
}

/** A layer of a network. */
export interface Layer {
  /** The layer's kind, as in its spec. */
  readonly kind: LayerSpec["kind"];
  /**
   * Runs the layer on a batch (one example a row). The result is a buffer the layer
   * owns and reuses on its next call.
   */
  forward(x: Matrix): Matrix;
  /**
   * Given ∂ℒ/∂output of the last forward pass, writes the parameters' gradients and
   * returns ∂ℒ/∂input — or `null` when `inputGrad` is false (the first layer needs none).
   */
  backward(dy: Matrix, inputGrad?: boolean): Matrix | null;
  /** The trainable parameters, empty for activations. */
  parameters(): Parameter[];
  /** The layer's configuration as JSON-only data. */
  spec(): LayerSpec;
}

/** Options shared by every layer's constructor. */
export interface LayerOptions {
  /** The kernels to compute with. @default {defaultKernels()} */
  readonly kernels?: Kernels;
  /** Element type of the parameters. @default {"float32"} */
  readonly dtype?: DType;
}
