/**
 * Activations, one family: the registry ({@link ACTIVATIONS}: each kind's formula, its
 * parameter if any, and its forward and backward loops, which the kernels run) and the
 * layers — {@link ElementWise}, built from any kind's spec, the named presets (tanh, σ,
 * ReLU …) and the row-wise {@link Softmax}. Adding an activation is an entry in the registry.
 *
 * @example Any kind of the registry is a layer
 * ```ts
 * import { ACTIVATION_KINDS, ElementWise, Matrix } from "../../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.ok(ACTIVATION_KINDS.includes("silu"));
 * const y = new ElementWise("silu").forward(Matrix.fromRows([[0, 1]], "float64"));
 * assert.deepEqual(Array.from(y.data), [0, 1 / (1 + Math.exp(-1))]);
 * ```
 *
 * @module
 */

export * from "./registry.ts";
export * from "./layers.ts";
