/**
 * The search study's problem and space, shared by `grid.ts`, `random.ts` and `halving.ts`:
 * three-armed spirals (one and a half turns, noise 0.05), a two-hidden-layer network whose width,
 * activation and Adam learning rate are searched, and a budget of 27 full-length trainings
 * spent three ways: 81 epochs each (2,187 epochs) or, in the `-short` files, 27 (729).
 */
import type { LayerSpec } from "../../mod.ts";

/** Every field but the grid, the search and the epochs. */
export const SPACE = {
  seeds: 1,
  data: { kind: "spirals", n: 900, classes: 3, turns: 1.5, noise: 0.05 },
  split: { validation: 0.2, test: 0.2 },
  standardize: true,
  model: (
    p: { hidden: number; activation: string },
    shape: { outputs: number },
  ): LayerSpec[] => [
    { kind: "dense", units: p.hidden },
    { kind: p.activation as "tanh" },
    { kind: "dense", units: p.hidden },
    { kind: p.activation as "tanh" },
    { kind: "dense", units: shape.outputs },
  ],
  optimizer: (p: { lr: number }) => ({ kind: "adam", lr: p.lr }) as const,
  batchSize: 32,
  metrics: ["accuracy", "loss"],
} as const;

/** The searched ranges (the grid takes three values of each). */
export const RANGES = {
  lr: { logUniform: [0.001, 0.3] },
  hidden: { int: [4, 64] },
  activation: ["tanh", "relu", "sigmoid"],
} as const;
