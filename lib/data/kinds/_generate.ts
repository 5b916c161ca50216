/**
 * What the generators share: argument checks that name the bad value, and shuffling and
 * noise drawn from the stream they are given.
 *
 * @module
 */

import type { Matrix } from "../../numerics/matrix.ts";
import type { Rng } from "../../numerics/random.ts";

export function check(ok: boolean, what: string, value: unknown, expected: string): void {
  if (!ok) throw new RangeError(`Cannot generate data: ${what} must be ${expected}, got ${value}`);
}

export function checkN(n: number): void {
  check(Number.isInteger(n) && n > 0, "n", n, "a positive integer");
}

export function checkNoise(noise: number): void {
  check(Number.isFinite(noise) && noise >= 0, "noise", noise, "a number ≥ 0");
}

/** Shuffles the rows of x and y together with one permutation. */
export function shuffleRows(x: Matrix, y: Int32Array | Matrix, rng: Rng): void {
  const n = x.rows;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    swapRows(x, i, j);
    if (y instanceof Int32Array) {
      const t = y[i]!;
      y[i] = y[j]!;
      y[j] = t;
    } else {
      swapRows(y, i, j);
    }
  }
}

function swapRows(m: Matrix, i: number, j: number): void {
  if (i === j) return;
  const c = m.cols, d = m.data;
  for (let k = 0; k < c; k++) {
    const t = d[i * c + k]!;
    d[i * c + k] = d[j * c + k]!;
    d[j * c + k] = t;
  }
}

export function addNoise(x: Matrix, noise: number, rng: Rng): void {
  if (noise === 0) return;
  for (let i = 0; i < x.data.length; i++) x.data[i]! += noise * rng.normal();
}
