/**
 * The regression surfaces: a noisy sine, a plane and a smooth non-linear surface.
 *
 * @module
 */

import { Matrix } from "../../numerics/matrix.ts";
import { type LabeledDataset, regressionSet } from "../dataset.ts";
import { checkN, checkNoise } from "./_generate.ts";
import { type DatasetEntry, generated, SHAPE_FIELDS, type ShapeOptions } from "./kind.ts";

/** The regression surfaces: a noisy 1-D sine, a 2-D plane, a smooth non-linear 2-D surface. */
export type RegressionKind = "sine" | "plane" | "surface";

/**
 * Regression sets with Gaussian noise of standard deviation `noise` on the target:
 * - `sine`: x ~ U(−π, π), y = sin x;
 * - `plane`: x ~ U(−1, 1)², y = 2x₀ − 3x₁ + ½;
 * - `surface`: x ~ U(−1, 1)², y = sin(πx₀)·cos(πx₁) + ½x₀².
 *
 * @example
 * ```ts
 * import { makeRegression } from "../../../mod.ts";
 * import { Rng } from "../../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const data = makeRegression("plane", { n: 10, noise: 0, rng: Rng.seeded(5) });
 * const [a, b] = [data.x.get(0, 0), data.x.get(0, 1)];
 * assert.ok(Math.abs((data.y as { get(i: number, j: number): number }).get(0, 0) - (2 * a - 3 * b + 0.5)) < 1e-5);
 * ```
 *
 * @param kind Which surface.
 * @param options `n` (200), `noise` (0.1), `rng`.
 * @returns The data set.
 */
export function makeRegression(kind: RegressionKind, options: ShapeOptions): LabeledDataset {
  const { n = 200, noise = 0.1, rng } = options;
  checkN(n);
  checkNoise(noise);
  const dims = kind === "sine" ? 1 : 2;
  const x = Matrix.zeros(n, dims);
  const y = Matrix.zeros(n, 1);
  const points = rng.derive("points"), noiseRng = rng.derive("noise");
  for (let i = 0; i < n; i++) {
    let target: number;
    if (kind === "sine") {
      const a = points.uniform(-Math.PI, Math.PI);
      x.set(i, 0, a);
      target = Math.sin(a);
    } else {
      const a = points.uniform(-1, 1), b = points.uniform(-1, 1);
      x.set(i, 0, a), x.set(i, 1, b);
      target = kind === "plane"
        ? 2 * a - 3 * b + 0.5
        : Math.sin(Math.PI * a) * Math.cos(Math.PI * b) + 0.5 * a * a;
    }
    y.set(i, 0, target + noise * noiseRng.normal());
  }
  return regressionSet(kind, x, y);
}

/** The registry entry of the `sine` kind. */
export const SINE: DatasetEntry<ShapeOptions> = {
  fields: SHAPE_FIELDS,
  load: generated((s: ShapeOptions) => makeRegression("sine", s)),
};

/** The registry entry of the `plane` kind. */
export const PLANE: DatasetEntry<ShapeOptions> = {
  fields: SHAPE_FIELDS,
  load: generated((s: ShapeOptions) => makeRegression("plane", s)),
};

/** The registry entry of the `surface` kind. */
export const SURFACE: DatasetEntry<ShapeOptions> = {
  fields: SHAPE_FIELDS,
  load: generated((s: ShapeOptions) => makeRegression("surface", s)),
};
