/**
 * The tree-structured Parzen estimator (Bergstra et al. 2011), as Optuna's default sampler
 * draws: the finished trials are split into the best γ and the rest; each axis gets a
 * density of the good values, l, and of the others, g (Parzen windows — a Gaussian at each
 * value, truncated to the axis, beside a broad prior — or smoothed counts for a list axis);
 * candidates drawn from l are scored by Σ log l − log g over the axes and the best is the
 * next trial. Pure: the same trials from the same results and streams, on any machine.
 *
 * @module
 */

import { Rng } from "../../numerics/random.ts";
import { canonicalJson } from "../canonical.ts";
import type { AxisSpec, Distribution, Json, Params } from "../records.ts";
import { axisValue } from "./search.ts";

/** A finished trial: its parameters and its score, lower better (Infinity: it failed). */
export interface Observation {
  /** The trial's parameters (the searched axes among them). */
  readonly params: Params;
  /** Lower is better; Infinity for a trial that diverged. */
  readonly score: number;
}

/** Candidates drawn from l for each trial. */
const CANDIDATES = 24;
/** The share of trials counted good (at most {@link MAX_GOOD}). */
const GAMMA = 0.25;
const MAX_GOOD = 25;

/**
 * One trial of a TPE search: from `observations` (at least two with a finite score; fewer:
 * a random draw) and its own stream.
 *
 * @example Learns where the good values are
 * ```ts
 * import { tpeTrial } from "./tpe.ts";
 * import { Rng } from "../../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const axes = { x: { uniform: [0, 1] } } as const;
 * const seen = Array.from({ length: 40 }, (_, i) => ({ params: { x: i / 40 }, score: Math.abs(i / 40 - 0.8) }));
 * const next = Array.from({ length: 20 }, (_, t) => tpeTrial(axes, seen, Rng.seeded(1, String(t))).x as number);
 * assert.ok(next.filter((x) => Math.abs(x - 0.8) < 0.15).length >= 15);
 * ```
 *
 * @param axes The searched axes, in declaration order.
 * @param observations The finished trials.
 * @param rng The trial's stream.
 * @returns The trial's parameters.
 */
export function tpeTrial(
  axes: { readonly [axis: string]: AxisSpec },
  observations: readonly Observation[],
  rng: Rng,
): Record<string, Json> {
  const names = Object.keys(axes);
  const ranked = observations.map((o, i) => ({ o, i }))
    .sort((a, b) => a.o.score - b.o.score || a.i - b.i).map((r) => r.o);
  const finite = ranked.filter((o) => Number.isFinite(o.score)).length;
  const nGood = Math.min(MAX_GOOD, Math.max(1, Math.ceil(GAMMA * ranked.length)));
  if (finite < 2 || ranked.length - nGood < 1) {
    return Object.fromEntries(names.map((a) => [a, axisValue(axes[a]!, rng.uniform())]));
  }
  const good = ranked.slice(0, nGood), bad = ranked.slice(nGood);
  const models = names.map((a) => axisModel(axes[a]!, a, good, bad));
  let best: number[] = [], bestScore = -Infinity;
  for (let c = 0; c < CANDIDATES; c++) {
    const x = models.map((m) => m.sample(rng));
    const score = models.reduce((s, m, d) => s + m.logRatio(x[d]!), 0);
    if (score > bestScore) best = x, bestScore = score;
  }
  return Object.fromEntries(names.map((a, d) => [a, models[d]!.value(best[d]!)]));
}

/** An axis's two densities in its own coordinate: sample from l, score log l − log g. */
interface AxisModel {
  sample(rng: Rng): number;
  logRatio(x: number): number;
  value(x: number): Json;
}

function axisModel(
  axis: AxisSpec,
  name: string,
  good: readonly Observation[],
  bad: readonly Observation[],
): AxisModel {
  if (Array.isArray(axis)) {
    const keys = axis.map((v) => canonicalJson(v));
    const probs = (obs: readonly Observation[]) => {
      const counts = keys.map(() => 1); // one pseudo-count each: no value is ever ruled out
      for (const o of obs) {
        const k = keys.indexOf(canonicalJson(o.params[name] ?? null));
        if (k >= 0) counts[k]!++;
      }
      const total = counts.reduce((a, b) => a + b, 0);
      return counts.map((n) => n / total);
    };
    const l = probs(good), g = probs(bad);
    return {
      sample: (rng) => {
        let u = rng.uniform(), k = 0;
        while (k < l.length - 1 && u >= l[k]!) u -= l[k++]!;
        return k;
      },
      logRatio: (k) => Math.log(l[k]!) - Math.log(g[k]!),
      value: (k) => axis[k]!,
    };
  }
  const d = axis as Distribution;
  const at = (o: Observation) => toUnit(d, o.params[name] as number);
  const l = parzen(good.map(at)), g = parzen(bad.map(at));
  return {
    sample: (rng) => sampleParzen(l, rng),
    logRatio: (x) => logParzen(l, x) - logParzen(g, x),
    value: (x) => axisValue(d, x),
  };
}

/** A value's place in [0, 1] on a distribution's axis (the inverse of `axisValue`). */
function toUnit(d: Distribution, v: number): number {
  const u = "uniform" in d
    ? (v - d.uniform[0]) / (d.uniform[1] - d.uniform[0])
    : "logUniform" in d
    ? Math.log(v / d.logUniform[0]) / Math.log(d.logUniform[1] / d.logUniform[0])
    : (v - d.int[0] + 0.5) / (d.int[1] - d.int[0] + 1);
  return Math.min(1, Math.max(0, u));
}

/** A Parzen estimator on [0, 1]: Gaussians at the values, and a broad prior at the middle. */
interface Parzen {
  readonly mu: readonly number[];
  readonly sigma: readonly number[];
  /** Each component's mass inside [0, 1]. */
  readonly mass: readonly number[];
}

function parzen(points: readonly number[]): Parzen {
  const sorted = [...points].sort((a, b) => a - b);
  const min = 1 / Math.min(100, points.length + 1);
  const sigmaOf = (x: number) => {
    const i = sorted.indexOf(x);
    const left = i > 0 ? sorted[i - 1]! : 0, right = i < sorted.length - 1 ? sorted[i + 1]! : 1;
    return Math.min(1, Math.max(min, x - left, right - x));
  };
  const mu = [...points, 0.5], sigma = [...points.map(sigmaOf), 1];
  const mass = mu.map((m, i) => phi((1 - m) / sigma[i]!) - phi(-m / sigma[i]!));
  return { mu, sigma, mass };
}

function logParzen(p: Parzen, x: number): number {
  let sum = 0;
  for (let i = 0; i < p.mu.length; i++) {
    const z = (x - p.mu[i]!) / p.sigma[i]!;
    sum += Math.exp(-0.5 * z * z) / (p.sigma[i]! * p.mass[i]!);
  }
  return Math.log(sum / (p.mu.length * Math.sqrt(2 * Math.PI)));
}

function sampleParzen(p: Parzen, rng: Rng): number {
  const i = Math.min(p.mu.length - 1, Math.floor(rng.uniform() * p.mu.length));
  for (let tries = 0; tries < 64; tries++) {
    const x = p.mu[i]! + p.sigma[i]! * rng.normal();
    if (x >= 0 && x < 1) return x;
  }
  return Math.min(1 - 1e-12, Math.max(0, p.mu[i]!));
}

/** The standard normal distribution function, from erf (Abramowitz–Stegun 7.1.26, 1.5e−7). */
function phi(z: number): number {
  const x = Math.abs(z) / Math.SQRT2, t = 1 / (1 + 0.3275911 * x);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 +
            t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/**
 * A TPE search's batch `batch` (≥ 1): `count` trials fitted on `observations` (every
 * finished trial of the batches before), trial t drawn from the stream (search seed,
 * "tpe", batch, t).
 *
 * @param axes The searched axes.
 * @param observations The finished trials.
 * @param at The search's seed, the batch's index and its trial count.
 * @returns The batch's parameters, in trial order.
 */
export function tpeBatch(
  axes: { readonly [axis: string]: AxisSpec },
  observations: readonly Observation[],
  at: { readonly seed: number; readonly batch: number; readonly count: number },
): Record<string, Json>[] {
  return Array.from(
    { length: at.count },
    (_, t) => tpeTrial(axes, observations, Rng.seeded(at.seed, "tpe", String(at.batch), String(t))),
  );
}
