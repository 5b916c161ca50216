/**
 * The module's functions a wasm helper thread may run on a band of rows, by index: the
 * control block names the job by its position here (shared by both sides).
 *
 * @module
 */

/** Jobs a helper thread runs: the products, and a dense layer's bias with its activation. */
export const JOBS = [
  "matmul_nn",
  "matmul_nt",
  "matmul_tn",
  "bias_tanh_f32",
  "bias_sigmoid_f32",
] as const;

/** A job's name. */
export type Job = typeof JOBS[number];
