/**
 * Weight initialisers, all drawing from a seeded stream.
 *
 * @module
 */

import type { Matrix } from "../numerics/matrix.ts";
import type { Rng } from "../numerics/random.ts";
import type { InitKind } from "./spec.ts";

/**
 * Fills a (fan_out × fan_in) weight matrix:
 * - `lecun`: N(0, std = 1/√fan_in) — the lesson's initialisation;
 * - `glorot`: U(−r, r) with r = √(6 / (fan_in + fan_out)) (Glorot & Bengio, 2010);
 * - `he`: N(0, std = √(2 / fan_in)) (He et al., 2015), for ReLU layers;
 * - `zeros`: all zero (draws nothing).
 *
 * Draws go row by row, in storage order; normals use {@link Rng.normal}.
 *
 * @example The lesson's initialiser has the right spread
 * ```ts
 * import { initialize } from "../../mod.ts";
 * import { Matrix } from "../../mod.ts";
 * import { Rng } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const w = Matrix.zeros(200, 100, "float64");
 * initialize(w, "lecun", Rng.seeded(1));
 * const variance = Array.from(w.data).reduce((s, v) => s + v * v, 0) / w.data.length;
 * assert.ok(Math.abs(variance - 1 / 100) < 0.001);
 * ```
 *
 * @param weight The matrix to fill, shape (fan_out × fan_in).
 * @param kind The initialiser.
 * @param rng The stream to draw from.
 */
export function initialize(weight: Matrix, kind: InitKind, rng: Rng): void {
  const fanOut = weight.rows, fanIn = weight.cols, d = weight.data;
  switch (kind) {
    case "lecun": {
      const std = 1 / Math.sqrt(fanIn);
      for (let i = 0; i < d.length; i++) d[i] = rng.normal() * std;
      return;
    }
    case "he": {
      const std = Math.sqrt(2 / fanIn);
      for (let i = 0; i < d.length; i++) d[i] = rng.normal() * std;
      return;
    }
    case "glorot": {
      const r = Math.sqrt(6 / (fanIn + fanOut));
      for (let i = 0; i < d.length; i++) d[i] = rng.uniform(-r, r);
      return;
    }
    case "zeros":
      d.fill(0);
      return;
  }
}
