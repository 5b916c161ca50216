/**
 * The element-wise activations, one entry each: the kind's name, its parameter (if any,
 * with its default and check), and its two loops — y = f(x) and dx = f′ ⊙ dy. Everything
 * else is derived from this table: the `ActivationKind` union, the layer specs and their
 * validation (`nn/spec.ts`), the layers the network builds, and the plain-TypeScript
 * kernels; the wasm backend accelerates tanh and σ and falls back to these loops for the
 * rest. Adding an activation is adding an entry here (and its tests).
 *
 * @module
 */

import type { FloatArray } from "../../numerics/matrix.ts";

/** An activation's one numeric parameter (e.g. leaky ReLU's slope). */
export interface ActivationParam {
  /** Its name in a layer spec, e.g. `alpha`. */
  readonly name: string;
  /** Its value when a spec leaves it out. */
  readonly default: number;
  /** What a valid value is, for messages; undefined when `value` is valid. */
  readonly check: (value: unknown) => string | undefined;
}

/**
 * The activation kinds, each with the name of its parameter (`null`: none) — the one list
 * of kinds. {@link ACTIVATIONS} must have an entry for every key (the compiler checks).
 */
export interface ActivationKinds {
  /** y = x. */
  readonly identity: null;
  /** tanh. */
  readonly tanh: null;
  /** The logistic sigmoid. */
  readonly sigmoid: null;
  /** max(x, 0). */
  readonly relu: null;
  /** Leaky ReLU, with its slope α. */
  readonly leaky_relu: "alpha";
  /** GELU, tanh form. */
  readonly gelu: null;
  /** ln(1 + eˣ). */
  readonly softplus: null;
  /** x·σ(x). */
  readonly silu: null;
}

/** The element-wise activations, by name. */
export type ActivationKind = keyof ActivationKinds;

/** One activation: its parameter (named `P`, or none) and its forward and backward loops. */
export interface ActivationEntry<P extends string | null = string | null> {
  /** One line for the docs: the formula. */
  readonly doc: string;
  /** Its parameter, if it takes one. */
  readonly param?: P extends string ? ActivationParam & { readonly name: P } : undefined;
  /** out[i] = f(x[i]) over `n` elements (`p`: the parameter, 0 when there is none). */
  readonly forward: (x: FloatArray, out: FloatArray, n: number, p: number) => void;
  /**
   * dx[i] = f′(x[i]) · dy[i], given the forward pass's input x and output y (whichever the
   * derivative is cheaper from).
   */
  readonly backward: (
    x: FloatArray,
    y: FloatArray,
    dy: FloatArray,
    dx: FloatArray,
    n: number,
    p: number,
  ) => void;
}

/**
 * The logistic function 1 / (1 + e^−x) (for very negative x, e^−x overflows to ∞ and the
 * result is 0, never NaN).
 *
 * @param x The input.
 * @returns σ(x).
 */
export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

const GELU_C = Math.sqrt(2 / Math.PI), GELU_A = 0.044715;

/** Every activation, by kind. */
export const ACTIVATIONS: { readonly [K in ActivationKind]: ActivationEntry<ActivationKinds[K]> } =
  {
    identity: {
      doc: "y = x",
      forward: (x, out, n) => {
        if (out !== x) { for (let i = 0; i < n; i++) out[i] = x[i]!; }
      },
      backward: (_x, _y, dy, dx, n) => {
        if (dx !== dy) { for (let i = 0; i < n; i++) dx[i] = dy[i]!; }
      },
    },
    tanh: {
      doc: "y = tanh x; dx = (1 − y²) dy",
      forward: (x, out, n) => {
        for (let i = 0; i < n; i++) out[i] = Math.tanh(x[i]!);
      },
      backward: (_x, y, dy, dx, n) => {
        for (let i = 0; i < n; i++) dx[i] = (1 - y[i]! * y[i]!) * dy[i]!;
      },
    },
    sigmoid: {
      doc: "y = σ(x) = 1 / (1 + e^−x); dx = y(1 − y) dy",
      forward: (x, out, n) => {
        for (let i = 0; i < n; i++) out[i] = sigmoid(x[i]!);
      },
      backward: (_x, y, dy, dx, n) => {
        for (let i = 0; i < n; i++) dx[i] = y[i]! * (1 - y[i]!) * dy[i]!;
      },
    },
    relu: {
      doc: "y = max(x, 0)",
      forward: (x, out, n) => {
        for (let i = 0; i < n; i++) out[i] = x[i]! > 0 ? x[i]! : 0;
      },
      backward: (x, _y, dy, dx, n) => {
        for (let i = 0; i < n; i++) dx[i] = x[i]! > 0 ? dy[i]! : 0;
      },
    },
    leaky_relu: {
      doc: "y = x for x > 0, αx otherwise",
      param: {
        name: "alpha",
        default: 0.01,
        check: (v) =>
          typeof v === "number" && Number.isFinite(v) && v >= 0
            ? undefined
            : "a non-negative number",
      },
      forward: (x, out, n, alpha) => {
        for (let i = 0; i < n; i++) out[i] = x[i]! > 0 ? x[i]! : alpha * x[i]!;
      },
      backward: (x, _y, dy, dx, n, alpha) => {
        for (let i = 0; i < n; i++) dx[i] = x[i]! > 0 ? dy[i]! : alpha * dy[i]!;
      },
    },
    gelu: {
      doc:
        "y = ½x(1 + tanh(√(2/π)(x + 0.044715x³))) — GELU, tanh form (GPT-2, PyTorch's approximate='tanh')",
      forward: (x, out, n) => {
        for (let i = 0; i < n; i++) {
          const v = x[i]!;
          out[i] = 0.5 * v * (1 + Math.tanh(GELU_C * (v + GELU_A * v * v * v)));
        }
      },
      backward: (x, _y, dy, dx, n) => {
        for (let i = 0; i < n; i++) {
          const v = x[i]!, t = Math.tanh(GELU_C * (v + GELU_A * v * v * v)), sech2 = 1 - t * t;
          // Far out tanh saturates (sech² = 0) while v·(1 + 3av²) overflows: 0·∞ is NaN,
          // the limit is 0 (the derivative tends to 1 or 0, as ReLU's).
          const grad = 0.5 * (1 + t) +
            (sech2 === 0 ? 0 : 0.5 * v * sech2 * GELU_C * (1 + 3 * GELU_A * v * v));
          dx[i] = grad * dy[i]!;
        }
      },
    },
    softplus: {
      doc: "y = ln(1 + eˣ), computed without overflow; dx = σ(x) dy",
      forward: (x, out, n) => {
        for (let i = 0; i < n; i++) {
          const v = x[i]!;
          out[i] = v > 0 ? v + Math.log1p(Math.exp(-v)) : Math.log1p(Math.exp(v));
        }
      },
      backward: (x, _y, dy, dx, n) => {
        for (let i = 0; i < n; i++) dx[i] = sigmoid(x[i]!) * dy[i]!;
      },
    },
    silu: {
      doc: "y = x·σ(x) — SiLU / swish (Elfwing et al. 2018); dx = σ(x)(1 + x(1 − σ(x))) dy",
      forward: (x, out, n) => {
        for (let i = 0; i < n; i++) out[i] = x[i]! * sigmoid(x[i]!);
      },
      backward: (x, _y, dy, dx, n) => {
        for (let i = 0; i < n; i++) {
          const v = x[i]!, s = sigmoid(v);
          dx[i] = s * (1 + v * (1 - s)) * dy[i]!;
        }
      },
    },
  };

/** Every activation kind, in the table's order. */
export const ACTIVATION_KINDS: readonly ActivationKind[] = Object.keys(
  ACTIVATIONS,
) as ActivationKind[];
