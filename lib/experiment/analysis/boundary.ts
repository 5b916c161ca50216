/**
 * The lesson's decision-boundary picture, as data: for a network on 2-D classification
 * data, the class it predicts over a grid covering the data, and a sample of the training
 * points to draw on top.
 *
 * @module
 */

import type { LabeledDataset } from "../../data/dataset.ts";
import { Matrix } from "../../numerics/matrix.ts";
import { classify, type Loss } from "../../nn/losses/mod.ts";
import type { Network } from "../../nn/network.ts";
import type { Boundary } from "../records.ts";

/** Grid resolution of a boundary. */
export const BOUNDARY_SIZE = 50;

/**
 * The decision boundary of a trained network, or undefined unless the data is 2-D
 * classification.
 *
 * @param net The trained network.
 * @param loss Its loss (how outputs become classes).
 * @param data The training data.
 * @returns The boundary.
 */
export function decisionBoundary(
  net: Network,
  loss: Loss,
  data: LabeledDataset,
): Boundary | undefined {
  if (data.x.cols !== 2 || !(data.y instanceof Int32Array)) {
    return undefined;
  }
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (let i = 0; i < data.x.rows; i++) {
    const a = data.x.get(i, 0), b = data.x.get(i, 1);
    x0 = Math.min(x0, a), x1 = Math.max(x1, a), y0 = Math.min(y0, b), y1 = Math.max(y1, b);
  }
  const mx = (x1 - x0) * 0.1 || 1, my = (y1 - y0) * 0.1 || 1;
  x0 -= mx, x1 += mx, y0 -= my, y1 += my;
  const n = BOUNDARY_SIZE, grid = Matrix.zeros(n * n, 2, net.dtype);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      grid.set(r * n + c, 0, x0 + ((x1 - x0) * c) / (n - 1));
      grid.set(r * n + c, 1, y0 + ((y1 - y0) * r) / (n - 1));
    }
  }
  const classes = new Int32Array(n * n);
  classify(loss, net.predict(grid), classes);
  const step = Math.max(1, Math.ceil(data.x.rows / 300));
  const points: [number, number, number][] = [];
  for (let i = 0; i < data.x.rows; i += step) {
    points.push([shortest(data.x.get(i, 0)), shortest(data.x.get(i, 1)), data.y[i]!]);
  }
  return { x0, x1, y0, y1, size: n, classes: Array.from(classes), points };
}

/**
 * A float32 value as the shortest decimal that reads back to the same float32 (`0.82348883`,
 * not `0.8234888315200806`): the points are drawn, and stored once per cell, so half their
 * digits were noise. Any other value is returned as it is.
 */
function shortest(v: number): number {
  if (Math.fround(v) !== v) return v;
  for (let p = 1; p < 9; p++) {
    const short = Number(v.toPrecision(p));
    if (Math.fround(short) === v) return short;
  }
  return v;
}
