/**
 * What a classification report shows beyond the metrics: the confusion matrix of the
 * evaluation part (test, else validation), and for image data a few of the examples the
 * network got wrong, as 8-bit grey pixels.
 *
 * @module
 */

import type { LabeledDataset } from "../../data/dataset.ts";
import { Matrix } from "../../numerics/matrix.ts";
import { classify, type Loss } from "../../nn/losses/mod.ts";
import type { Network } from "../../nn/network.ts";
import { confusionMatrix } from "../../train/metrics.ts";
import type { Diagnostics, Misclassified } from "../records.ts";

/** How many misclassified images a unit keeps. */
export const MISCLASSIFIED_KEPT = 16;

function pixels(x: Matrix, row: number): string {
  const values = x.data.subarray(row * x.cols, (row + 1) * x.cols);
  let lo = Infinity, hi = -Infinity;
  for (const v of values) lo = Math.min(lo, v), hi = Math.max(hi, v);
  const bytes = new Uint8Array(x.cols);
  const scale = hi > lo ? 255 / (hi - lo) : 0;
  for (let i = 0; i < x.cols; i++) bytes[i] = Math.round((values[i]! - lo) * scale);
  let text = "";
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text);
}

/**
 * The confusion matrix of a trained classifier on a part, and for square images
 * (`image` given) the first {@link MISCLASSIFIED_KEPT} misclassified examples.
 *
 * @param net The trained network.
 * @param loss Its loss (how outputs become classes).
 * @param data The part; class-index targets.
 * @param options `part`: its name; `image`: its images' size, when it holds images.
 * @returns The diagnostics, or undefined for regression data.
 */
export function classificationDiagnostics(
  net: Network,
  loss: Loss,
  data: LabeledDataset,
  options: {
    readonly part: Diagnostics["part"];
    readonly image?: { readonly width: number; readonly height: number };
  },
): Diagnostics | undefined {
  if (!(data.y instanceof Int32Array)) return undefined;
  const n = data.x.rows, chunk = 1024, predicted = new Int32Array(n);
  const x = data.x.dtype === net.dtype ? data.x : data.x.clone(net.dtype);
  for (let start = 0; start < n; start += chunk) {
    const end = Math.min(n, start + chunk);
    const xb = new Matrix(end - start, x.cols, x.data.subarray(start * x.cols, end * x.cols));
    classify(loss, net.forward(xb), predicted.subarray(start, end));
  }
  let classes = data.classNames?.length ?? 0;
  for (const c of data.y) classes = Math.max(classes, c + 1);
  for (const c of predicted) classes = Math.max(classes, c + 1);
  const confusion = confusionMatrix(predicted, data.y, classes);
  const image = options.image;
  if (image === undefined || image.width * image.height !== data.x.cols) {
    return { part: options.part, confusion };
  }
  const misclassified: Misclassified[] = [];
  for (let i = 0; i < n && misclassified.length < MISCLASSIFIED_KEPT; i++) {
    if (predicted[i] !== data.y[i]) {
      misclassified.push({
        index: i,
        label: data.y[i]!,
        predicted: predicted[i]!,
        pixels: pixels(data.x, i),
      });
    }
  }
  return { part: options.part, confusion, misclassified, image };
}
