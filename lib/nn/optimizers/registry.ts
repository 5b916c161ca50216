/**
 * Every optimiser, by kind: the table `OptimizerSpec`, `OPTIMIZER_KINDS`, the spec checks
 * and {@link createOptimizer} read. Adding one is its settings in `settings.ts`, its class
 * in a file of its own (with `static kind` and `entry`) and a line here.
 *
 * @module
 */

import type { Kernels } from "../../numerics/kernels.ts";
import { type Path, type Problem, ValidationError } from "../../problems.ts";
import type { Parameter } from "../layer.ts";
import { Adagrad } from "./adagrad.ts";
import { Adam } from "./adam.ts";
import { AdamW } from "./adamw.ts";
import { type Optimizer, type OptimizerEntry, settingsProblems } from "./optimizer.ts";
import { RMSprop } from "./rmsprop.ts";
import type { OptimizerKind, OptimizerSettings, OptimizerSpec } from "./settings.ts";
import { SGD } from "./sgd.ts";

/** Every optimiser, by kind (the compiler checks there is one per kind of {@link OptimizerSettings}). */
export const OPTIMIZERS: { readonly [K in OptimizerKind]: OptimizerEntry<OptimizerSettings[K]> } = {
  sgd: SGD.entry,
  adam: Adam.entry,
  adamw: AdamW.entry,
  rmsprop: RMSprop.entry,
  adagrad: Adagrad.entry,
};

/** Every optimiser kind. */
export const OPTIMIZER_KINDS: readonly OptimizerKind[] = Object.keys(OPTIMIZERS) as OptimizerKind[];

/**
 * Every problem with an optimiser spec.
 *
 * @param spec The value to check.
 * @param path Its path. @default {["optimizer"]}
 * @returns The problems (empty when valid).
 */
export function optimizerSpecProblems(spec: unknown, path: Path = ["optimizer"]): Problem[] {
  return settingsProblems(
    spec,
    path,
    OPTIMIZERS as unknown as { [kind: string]: OptimizerEntry<Record<string, unknown>> },
  );
}

/**
 * The optimiser for a spec.
 *
 * @example
 * ```ts
 * import { createOptimizer } from "../../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(createOptimizer({ kind: "sgd", lr: 0.1, momentum: 0.9 }, []).spec().kind, "sgd");
 * assert.throws(() => createOptimizer({ kind: "sgd", lr: -1 }, []), /expected a positive number, got -1 → at optimizer\.lr/);
 * ```
 *
 * @param spec The configuration.
 * @param params The parameters to update.
 * @param kernels The network's kernels (for the updates, and Adam's moments).
 * @returns The optimiser.
 */
export function createOptimizer(
  spec: OptimizerSpec,
  params: readonly Parameter[],
  kernels?: Kernels,
): Optimizer {
  const problems = optimizerSpecProblems(spec);
  if (problems.length > 0) throw new ValidationError("optimiser", problems);
  const { kind, ...options } = spec;
  const entry = OPTIMIZERS[kind] as unknown as OptimizerEntry<Record<string, unknown>>;
  return entry.create(params, { ...options, ...(kernels ? { kernels } : {}) });
}
