/**
 * Search beyond grids: an axis may be a distribution, and `search` draws configurations
 * from them — `random` (independent draws) or `sobol` (a Sobol sequence with a random digital shift: even
 * coverage with few trials). Every draw comes from a stream derived from the search's seed
 * and the trial index, so the same definition gives the same trials on any machine, for any
 * number of workers or shards; a trial's cell id is the hash of its concrete configuration.
 *
 * @module
 */

import { Rng } from "../../numerics/random.ts";
import { describe, type Path, type Problem } from "../../problems.ts";
import type { AxisSpec, Distribution, Json } from "../records.ts";

/** The search kinds. */
export const SEARCH_KINDS = ["grid", "random", "sobol", "halving", "hyperband", "tpe"] as const;

/** A TPE search's trials per batch, unless it says. */
export const TPE_BATCH = 4;

export { decidedDuringRun } from "../records.ts";

/**
 * Whether an axis is a distribution (not a list of values).
 *
 * @param axis The axis.
 * @returns True for `{ uniform }`, `{ logUniform }` or `{ int }`.
 */
export function isDistribution(axis: unknown): axis is Distribution {
  return axis !== null && typeof axis === "object" && !Array.isArray(axis);
}

/**
 * Everything wrong with a distribution axis.
 *
 * @param axis The value.
 * @param path Its path.
 * @returns The problems.
 */
export function distributionProblems(axis: Record<string, unknown>, path: Path): Problem[] {
  const keys = Object.keys(axis);
  const kind = keys[0];
  if (keys.length !== 1 || !["uniform", "logUniform", "int"].includes(kind!)) {
    return [{
      path,
      message:
        `expected a list of values or one of { uniform: [a, b] }, { logUniform: [a, b] }, { int: [a, b] }, got ${
          describe(axis)
        }`,
    }];
  }
  const range = axis[kind!];
  const [a, b] = Array.isArray(range) ? range : [];
  const ok = Array.isArray(range) && range.length === 2 && Number.isFinite(a) &&
    Number.isFinite(b) && a < b && (kind !== "logUniform" || a > 0) &&
    (kind !== "int" || (Number.isInteger(a) && Number.isInteger(b)));
  if (ok) return [];
  const expected = kind === "logUniform"
    ? "[a, b] with 0 < a < b"
    : kind === "int"
    ? "[a, b], integers with a < b"
    : "[a, b] with a < b";
  return [{ path: [...path, kind!], message: `expected ${expected}, got ${describe(range)}` }];
}

/**
 * Everything wrong with a search spec.
 *
 * @param search The value.
 * @returns The problems, at `search…`.
 */
export function searchProblems(search: unknown): Problem[] {
  if (search === undefined) return [];
  const s = search as Record<string, unknown>;
  if (s === null || typeof s !== "object" || !SEARCH_KINDS.includes(s.kind as "grid")) {
    return [{
      path: ["search", "kind"],
      message: `expected one of ${SEARCH_KINDS.join(", ")}, got ${describe(s?.kind)}`,
    }];
  }
  const problems: Problem[] = [];
  const allowed = s.kind === "grid"
    ? ["kind"]
    : s.kind === "halving"
    ? ["kind", "trials", "seed", "reduction", "minEpochs"]
    : s.kind === "hyperband"
    ? ["kind", "seed", "reduction", "minEpochs", "iterations"]
    : s.kind === "tpe"
    ? ["kind", "trials", "seed", "batch"]
    : ["kind", "trials", "seed"];
  for (const key of Object.keys(s)) {
    if (!allowed.includes(key)) {
      problems.push({ path: ["search", key], message: `unknown field for a ${s.kind} search` });
    }
  }
  const positive = (key: string, least = 1) => {
    if (s[key] !== undefined && !(Number.isInteger(s[key]) && (s[key] as number) >= least)) {
      problems.push({
        path: ["search", key],
        message: least === 1
          ? `expected a positive integer, got ${describe(s[key])}`
          : `expected an integer ≥ ${least}, got ${describe(s[key])}`,
      });
    }
  };
  if (s.kind === "hyperband") {
    positive("iterations");
    positive("reduction", 2);
    if (s.minEpochs === undefined) positive("minEpochs", Infinity);
    else positive("minEpochs");
  }
  if (s.kind === "tpe") positive("batch");
  if (s.kind !== "grid" && s.kind !== "hyperband") {
    if (!(Number.isInteger(s.trials) && (s.trials as number) >= 1)) {
      problems.push({
        path: ["search", "trials"],
        message: `expected a positive integer, got ${describe(s.trials)}`,
      });
    }
    if (s.kind === "halving") {
      if (
        s.reduction !== undefined &&
        !(Number.isInteger(s.reduction) && (s.reduction as number) >= 2)
      ) {
        problems.push({
          path: ["search", "reduction"],
          message: `expected an integer ≥ 2, got ${describe(s.reduction)}`,
        });
      }
      if (!(Number.isInteger(s.minEpochs) && (s.minEpochs as number) >= 1)) {
        problems.push({
          path: ["search", "minEpochs"],
          message: `expected a positive integer, got ${describe(s.minEpochs)}`,
        });
      }
    }
    if (s.seed !== undefined && !(Number.isInteger(s.seed) && (s.seed as number) >= 0)) {
      problems.push({
        path: ["search", "seed"],
        message: `expected an integer ≥ 0, got ${describe(s.seed)}`,
      });
    }
  }
  return problems;
}

// Sobol direction numbers (Joe & Kuo, new-joe-kuo-6.21201) for dimensions 2…10: the degree
// s of the primitive polynomial, its coefficients a, and the initial m₁…mₛ.
const JOE_KUO: readonly [number, number, readonly number[]][] = [
  [1, 0, [1]],
  [2, 1, [1, 3]],
  [3, 1, [1, 3, 1]],
  [3, 2, [1, 1, 1]],
  [4, 1, [1, 1, 3, 3]],
  [4, 4, [1, 3, 5, 13]],
  [5, 2, [1, 1, 5, 5, 17]],
  [5, 4, [1, 1, 5, 5, 5]],
  [5, 7, [1, 1, 7, 11, 19]],
];

/** The most dimensions (axes) a Sobol search supports. */
export const SOBOL_MAX_DIMS: number = JOE_KUO.length + 1;

function directions(dim: number): Uint32Array {
  const v = new Uint32Array(32);
  if (dim === 0) {
    for (let i = 0; i < 32; i++) v[i] = 1 << (31 - i);
    return v;
  }
  const [s, a, m] = JOE_KUO[dim - 1]!;
  for (let i = 0; i < s; i++) v[i] = (m[i]! << (31 - i)) >>> 0;
  for (let i = s; i < 32; i++) {
    let x = v[i - s]! ^ (v[i - s]! >>> s);
    for (let k = 1; k < s; k++) if ((a >>> (s - 1 - k)) & 1) x ^= v[i - k]!;
    v[i] = x >>> 0;
  }
  return v;
}

/**
 * The first `n` points of a `dims`-dimensional Sobol sequence (Gray-code order, starting
 * at the origin), each coordinate scrambled by a random digital shift drawn from `rng`
 * (which keeps the sequence's net property: every dyadic box of volume 2ᵏ/n holds the same
 * number of points).
 *
 * @example Two dimensions, eight points: one in each column and each row of a 8×8 grid's diagonal strata
 * ```ts
 * import { sobolPoints } from "./search.ts";
 * import { Rng } from "../../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const points = sobolPoints(8, 2, Rng.seeded(1));
 * for (const d of [0, 1]) {
 *   const cells = new Set(points.map((p) => Math.floor(p[d]! * 8)));
 *   assert.equal(cells.size, 8); // every eighth of [0, 1) once
 * }
 * ```
 *
 * @param n How many points.
 * @param dims Dimensions (at most {@link SOBOL_MAX_DIMS}).
 * @param rng The scrambling stream.
 * @returns Points in [0, 1)^dims.
 */
export function sobolPoints(n: number, dims: number, rng: Rng): number[][] {
  if (dims > SOBOL_MAX_DIMS) {
    throw new RangeError(`A Sobol search takes at most ${SOBOL_MAX_DIMS} axes, got ${dims}`);
  }
  const v = Array.from({ length: dims }, (_, d) => directions(d));
  const shift = Array.from({ length: dims }, () => rng.nextUint32());
  const x = new Uint32Array(dims);
  const points: number[][] = [];
  for (let i = 0; i < n; i++) {
    if (i > 0) {
      let c = 0; // index of the lowest zero bit of i − 1
      for (let k = i - 1; k & 1; k >>>= 1) c++;
      for (let d = 0; d < dims; d++) x[d] = (x[d]! ^ v[d]![c]!) >>> 0;
    }
    points.push(Array.from(x, (xd, d) => ((xd ^ shift[d]!) >>> 0) / 2 ** 32));
  }
  return points;
}

/**
 * The value at `u` ∈ [0, 1) of an axis: its ⌊u·n⌋-th value, or the distribution's quantile
 * (uniform, log-uniform, integers).
 *
 * @param axis The axis.
 * @param u The position.
 * @returns The value.
 */
export function axisValue(axis: AxisSpec, u: number): Json {
  if (Array.isArray(axis)) return axis[Math.min(axis.length - 1, Math.floor(u * axis.length))]!;
  const d = axis as Distribution;
  if ("uniform" in d) return d.uniform[0] + (d.uniform[1] - d.uniform[0]) * u;
  if ("logUniform" in d) {
    const [a, b] = d.logUniform;
    return Math.exp(Math.log(a) + (Math.log(b) - Math.log(a)) * u);
  }
  const [a, b] = d.int;
  return Math.min(b, a + Math.floor(u * (b - a + 1)));
}

/**
 * The configurations a random or Sobol search tries: one set of axis values per trial, in
 * trial order. A random search draws each trial from its own stream (the search's seed,
 * "search", the trial index), so trial t is the same whatever the trial count.
 *
 * @example Twelve random trials, the same every time
 * ```ts
 * import { drawTrials } from "./search.ts";
 * import assert from "node:assert/strict";
 *
 * const axes = { lr: { logUniform: [0.001, 0.5] }, hidden: { int: [2, 24] }, act: ["tanh", "relu"] } as const;
 * const a = drawTrials(axes, { kind: "random", trials: 12 });
 * assert.equal(a.length, 12);
 * assert.deepEqual(a, drawTrials(axes, { kind: "random", trials: 12 }));
 * assert.ok(a.every((t) => (t.lr as number) >= 0.001 && (t.lr as number) <= 0.5 && Number.isInteger(t.hidden)));
 * ```
 *
 * @param axes The axes, in declaration order.
 * @param search A random or Sobol search.
 * @returns One `{ axis: value }` per trial.
 */
export function drawTrials(
  axes: { readonly [axis: string]: AxisSpec },
  search: { readonly kind: string; readonly trials: number; readonly seed?: number },
): Record<string, Json>[] {
  const names = Object.keys(axes), seed = search.seed ?? 0;
  const units: number[][] = search.kind === "sobol"
    ? sobolPoints(search.trials, names.length, Rng.seeded(seed, "sobol"))
    : Array.from({ length: search.trials }, (_, t) => {
      const rng = Rng.seeded(seed, "search", String(t));
      return names.map(() => rng.uniform());
    });
  return units.map((u) => Object.fromEntries(names.map((a, i) => [a, axisValue(axes[a]!, u[i]!)])));
}
