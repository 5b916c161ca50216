/**
 * A decision boundary's classes as runs, the form stored in files: `[class, count, class,
 * count, …]` in grid order. A boundary drawn over a 50 × 50 grid changes class a few times a
 * row, so 2,500 numbers become a few hundred — the largest part of a tiny unit's record
 * before. Readers take both forms (`classes`, from runs made before, or `classRuns`).
 *
 * @example
 * ```ts
 * import { packBoundary, unpackBoundary } from "./boundary_runs.ts";
 * import assert from "node:assert/strict";
 *
 * const b = { x0: 0, x1: 1, y0: 0, y1: 1, size: 2, classes: [1, 1, 0, 1], points: [] };
 * const packed = packBoundary(b);
 * assert.deepEqual(packed.classRuns, [1, 2, 0, 1, 1, 1]);
 * assert.deepEqual(unpackBoundary(packed), b);
 * assert.deepEqual(unpackBoundary(b), b); // the old form reads as it is
 * ```
 *
 * @module
 */

import type { Boundary } from "./records.ts";

/** A boundary as stored: its classes as runs. */
export type PackedBoundary = Omit<Boundary, "classes"> & { readonly classRuns: readonly number[] };

/**
 * A boundary with its classes as runs.
 *
 * @param b The boundary.
 * @returns Its stored form.
 */
export function packBoundary(b: Boundary): PackedBoundary {
  const { classes, ...rest } = b;
  const runs: number[] = [];
  for (let i = 0; i < classes.length;) {
    let j = i + 1;
    while (j < classes.length && classes[j] === classes[i]) j++;
    runs.push(classes[i]!, j - i);
    i = j;
  }
  return { ...rest, classRuns: runs };
}

/**
 * A stored boundary back in memory; a value in the old form (or not a boundary) as it is.
 *
 * @param stored The value read.
 * @returns The boundary.
 */
export function unpackBoundary(stored: unknown): Boundary {
  const s = stored as PackedBoundary & { classes?: unknown };
  if (s === null || typeof s !== "object" || !Array.isArray(s.classRuns)) return stored as Boundary;
  const { classRuns, ...rest } = s;
  const classes: number[] = [];
  for (let i = 0; i + 1 < classRuns.length; i += 2) {
    for (let k = 0; k < classRuns[i + 1]!; k++) classes.push(classRuns[i]!);
  }
  return { ...rest, classes } as Boundary;
}
