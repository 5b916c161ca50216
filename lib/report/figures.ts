/**
 * Figures for a notebook, as the lesson draws them: a 2-D data set's points by class, and a
 * trained network's decision boundary under them. Each is SVG that displays itself in
 * Jupyter (Deno's kernel), and can be written to a file.
 *
 * @module
 */

import { displayable, type MimeBundle, pointsChart } from "../_svg.ts";
import type { LabeledDataset } from "../data/dataset.ts";
import type { Network } from "../nn/network.ts";
import { decisionBoundary } from "../experiment/analysis/boundary.ts";
import { CrossEntropy, type Loss } from "../nn/losses/mod.ts";

/** A figure: its SVG text; shown inline as the last value of a Jupyter cell. */
export interface Figure {
  /** The figure as SVG text. */
  readonly svg: string;
}

function figure(svg: string): Figure {
  return displayable(
    { svg },
    (): MimeBundle => ({ "image/svg+xml": svg, "text/plain": "[figure]" }),
  );
}

function points2d(data: LabeledDataset): [number, number, number][] {
  if (data.x.cols !== 2 || !(data.y instanceof Int32Array)) {
    throw new TypeError(
      `Cannot draw ${data.name}: expected 2 input columns and class labels, got ${data.x.cols} columns${
        data.y instanceof Int32Array ? "" : " and a regression target"
      }`,
    );
  }
  const y = data.y, out: [number, number, number][] = [];
  for (let i = 0; i < data.x.rows; i++) out.push([data.x.get(i, 0), data.x.get(i, 1), y[i]!]);
  return out;
}

/**
 * A 2-D classification data set's points, coloured by class.
 *
 * @example
 * ```ts
 * import { loadDataset, plotPoints, Rng } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const { data } = await loadDataset({ kind: "moons", n: 50 }, { rng: Rng.seeded(1) });
 * assert.match(plotPoints(data, "moons").svg, /^<svg[^>]*>.*<circle/s);
 * ```
 *
 * @param data The data set (2 input columns, class labels).
 * @param title The figure's title.
 * @returns The figure.
 */
export function plotPoints(data: LabeledDataset, title: string = data.name): Figure {
  return figure(pointsChart({ title, points: points2d(data) }));
}

/**
 * The class a network predicts over the plane around a 2-D data set, with its points on top
 * (at most 300 of them).
 *
 * @param net The trained network.
 * @param data The data set (2 input columns, class labels).
 * @param options The title; the loss it was trained with, which says how outputs become
 *   classes (default: the most probable of one output per class).
 * @returns The figure.
 */
export function plotBoundary(
  net: Network,
  data: LabeledDataset,
  options: { readonly title?: string; readonly loss?: Loss } = {},
): Figure {
  points2d(data); // the same check, the same message
  const b = decisionBoundary(net, options.loss ?? new CrossEntropy(), data)!;
  return figure(
    pointsChart({ title: options.title ?? "Decision boundary", points: b.points, grid: b }),
  );
}
