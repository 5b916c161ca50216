/**
 * Every loss, by kind: the table `LossKind`, `LOSS_KINDS`, {@link createLoss}, {@link classify}
 * and the planner's checks (task, output width) read. Adding a loss is a file with its class
 * and entry, its name in `LossKind` and a line in {@link LOSSES}.
 *
 * @module
 */

import type { Matrix } from "../../numerics/matrix.ts";
import { describe } from "../../problems.ts";
import type { Loss, LossEntry, LossOptions } from "./loss.ts";
import { CROSS_ENTROPY_ENTRY } from "./cross_entropy.ts";
import { SOFTMAX_CROSS_ENTROPY_ENTRY } from "./softmax_cross_entropy.ts";
import { BINARY_CROSS_ENTROPY_ENTRY } from "./binary_cross_entropy.ts";
import { LOGISTIC_ENTRY } from "./logistic.ts";
import { MSE_ENTRY } from "./mse.ts";
import { MAE_ENTRY } from "./mae.ts";
import { HUBER_ENTRY } from "./huber.ts";

/**
 * Every loss, by kind (each entry beside its class, in its own file): `LossKind`, `LOSS_KINDS`, {@link createLoss}, {@link classify} and the planner's
 * checks (task, output width) all read this table.
 */
export const LOSSES: { readonly [K in LossKind]: LossEntry } = {
  cross_entropy: CROSS_ENTROPY_ENTRY,
  softmax_cross_entropy: SOFTMAX_CROSS_ENTROPY_ENTRY,
  binary_cross_entropy: BINARY_CROSS_ENTROPY_ENTRY,
  logistic: LOGISTIC_ENTRY,
  mse: MSE_ENTRY,
  mae: MAE_ENTRY,
  huber: HUBER_ENTRY,
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
 * import { createLoss } from "../../../mod.ts";
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
 * import { classify, Logistic, SoftmaxCrossEntropy } from "../../../mod.ts";
 * import { Matrix } from "../../../mod.ts";
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
