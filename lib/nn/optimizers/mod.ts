/**
 * Optimisers, one family: a base that does the shared work ({@link Optimizer}: settings
 * checked against the kind's rules, per-parameter state, the state a checkpoint saves, the
 * spec) and one file per kind that writes only its settings and its update. The registry
 * ({@link OPTIMIZERS}) lists them; {@link createOptimizer} builds one from its JSON spec.
 *
 * @example
 * ```ts
 * import { createOptimizer, OPTIMIZER_KINDS } from "../../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.ok(OPTIMIZER_KINDS.includes("adagrad"));
 * assert.deepEqual(createOptimizer({ kind: "adam", lr: 0.01 }, []).spec(), {
 *   kind: "adam", lr: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8,
 * });
 * ```
 *
 * @module
 */

export * from "./settings.ts";
export { Optimizer, type OptimizerEntry, type OptimizerState } from "./optimizer.ts";
export { createOptimizer, OPTIMIZER_KINDS, OPTIMIZERS, optimizerSpecProblems } from "./registry.ts";
export * from "./sgd.ts";
export * from "./adam.ts";
export * from "./adamw.ts";
export * from "./rmsprop.ts";
export * from "./adagrad.ts";
