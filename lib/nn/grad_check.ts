/**
 * The numerical gradient check the lesson's companion notes recommend: compare every
 * analytic gradient from backpropagation with a finite difference, in float64.
 *
 * The difference is the fourth-order central stencil
 * (−J(θ+2h) + 8J(θ+h) − 8J(θ−h) + J(θ−2h)) / 12h: its truncation error is O(h⁴), so
 * with h = 1e-4 both truncation and rounding stay near 1e-12 and a relative error
 * below 1e-6 is a meaningful pass.
 *
 * @module
 */

import { Matrix } from "../numerics/matrix.ts";
import type { Loss, Targets } from "./losses/mod.ts";
import type { Network } from "./network.ts";
import { addL2Gradient, l2Penalty } from "./regularization.ts";
import { loadNetwork, saveNetwork } from "./serialize.ts";

/** Options of {@link gradCheck}. */
export interface GradCheckOptions {
  /** The finite-difference step h. @default {1e-4} */
  readonly epsilon?: number;
  /** L2 strength λ, included in the objective (LESSON §4). @default {0} */
  readonly l2?: number;
  /**
   * Check at most this many entries per parameter, evenly strided (a large layer has
   * many; a few hundred find any systematic error). @default {Infinity}
   */
  readonly maxPerParameter?: number;
  /**
   * Denominators below this are raised to it, so gradients that are both ~0 (e.g. an
   * exact 0 against rounding noise of 1e-12) compare absolutely. @default {1e-5}
   */
  readonly floor?: number;
}

/** How one parameter (or the input, named `input`) fared. */
export interface GradCheckEntry {
  /** Parameter name (`0.weight`) or `input`. */
  readonly name: string;
  /** The largest |a − n| / max(|a|, |n|, floor) over the checked entries. */
  readonly maxRelativeError: number;
  /** Flat index of the worst entry. */
  readonly worstIndex: number;
  /** Analytic gradient at the worst entry. */
  readonly analytic: number;
  /** Numerical gradient at the worst entry. */
  readonly numeric: number;
  /** Entries checked. */
  readonly checked: number;
}

/** The outcome of a gradient check. */
export interface GradCheckResult {
  /** The largest relative error over everything checked. */
  readonly maxRelativeError: number;
  /** One entry per parameter, then `input`. */
  readonly entries: readonly GradCheckEntry[];
}

/**
 * Checks backpropagation through `net` and `loss` on one batch. The network is copied
 * to float64 first; the original is not touched.
 *
 * @example A two-layer network passes
 * ```ts
 * import { gradCheck } from "../../mod.ts";
 * import { Network } from "../../mod.ts";
 * import { SoftmaxCrossEntropy } from "../../mod.ts";
 * import { Matrix } from "../../mod.ts";
 * import { Rng } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const net = Network.build(
 *   { inputs: 2, layers: [{ kind: "dense", units: 3 }, { kind: "tanh" }, { kind: "dense", units: 2 }] },
 *   { rng: Rng.seeded(3) },
 * );
 * const x = Matrix.fromRows([[0.1, -0.4], [0.7, 0.2]]);
 * const result = gradCheck(net, new SoftmaxCrossEntropy(), x, Int32Array.of(0, 1), { l2: 0.1 });
 * assert.ok(result.maxRelativeError < 1e-6);
 * ```
 *
 * @param net The network to check.
 * @param loss The loss on its output.
 * @param x A batch of inputs.
 * @param targets The batch's targets.
 * @param options Step, L2, sampling, floor.
 * @returns The worst relative error, overall and per parameter.
 */
export function gradCheck(
  net: Network,
  loss: Loss,
  x: Matrix,
  targets: Targets,
  options: GradCheckOptions = {},
): GradCheckResult {
  const h = options.epsilon ?? 1e-4;
  const l2 = options.l2 ?? 0;
  const floor = options.floor ?? 1e-5;
  const limit = options.maxPerParameter ?? Infinity;
  const net64 = loadNetwork(saveNetwork(net), { dtype: "float64" });
  const x64 = x.clone("float64");
  const t64 = targets instanceof Matrix ? targets.clone("float64") : targets;
  const params = net64.parameters();
  const m = x64.rows;
  const objective = () => loss.forward(net64.forward(x64), t64) + l2Penalty(params, l2, m);

  objective();
  const dx = net64.backward(loss.backward(), { inputGrad: true })!.clone();
  addL2Gradient(params, l2, m);
  const analytic = params.map((p) => p.grad.clone());

  const compare = (name: string, values: Matrix, grad: Matrix): GradCheckEntry => {
    const d = values.data, n = d.length;
    const stride = Math.max(1, Math.floor(n / Math.min(n, limit)));
    let worst = { maxRelativeError: 0, worstIndex: 0, analytic: 0, numeric: 0 };
    let checked = 0;
    for (let i = 0; i < n; i += stride, checked++) {
      const saved = d[i]!;
      const at = (delta: number) => {
        d[i] = saved + delta;
        return objective();
      };
      const numeric = (8 * (at(h) - at(-h)) - (at(2 * h) - at(-2 * h))) / (12 * h);
      d[i] = saved;
      const a = grad.data[i]!;
      const rel = Math.abs(a - numeric) / Math.max(Math.abs(a), Math.abs(numeric), floor);
      if (rel > worst.maxRelativeError || checked === 0) {
        worst = { maxRelativeError: rel, worstIndex: i, analytic: a, numeric };
      }
    }
    return { name, ...worst, checked };
  };

  const entries = params.map((p, k) => compare(p.name, p.value, analytic[k]!));
  entries.push(compare("input", x64, dx));
  return {
    maxRelativeError: Math.max(...entries.map((e) => e.maxRelativeError)),
    entries,
  };
}
