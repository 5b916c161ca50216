/**
 * Losses, one family: the {@link Loss} interface and {@link BaseLoss} (the shared buffers),
 * one file per kind with its class and registry entry, and the registry ({@link LOSSES},
 * {@link createLoss}, {@link classify}).
 *
 * @example
 * ```ts
 * import { createLoss, LOSS_KINDS, Matrix } from "../../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const loss = createLoss("mse");
 * assert.ok(LOSS_KINDS.includes("huber"));
 * assert.equal(loss.forward(Matrix.fromRows([[3]]), Matrix.fromRows([[1]])), 4);
 * ```
 *
 * @module
 */

export { BaseLoss, type Loss, type LossEntry, type LossOptions, type Targets } from "./loss.ts";
export {
  classify,
  createLoss,
  isRegressionLoss,
  LOSS_KINDS,
  LOSSES,
  type LossKind,
} from "./registry.ts";
export { CrossEntropy } from "./cross_entropy.ts";
export { SoftmaxCrossEntropy } from "./softmax_cross_entropy.ts";
export { BinaryCrossEntropy } from "./binary_cross_entropy.ts";
export { Logistic } from "./logistic.ts";
export { MeanSquaredError } from "./mse.ts";
export { MeanAbsoluteError } from "./mae.ts";
export { HuberLoss } from "./huber.ts";
