/**
 * The plain-TypeScript kernels: the reference every other backend is tested against,
 * and the fallback where nothing faster is available. Matrix products are
 * register-blocked 4×4 (sixteen running sums per pass over the shared dimension) and
 * sum in double precision.
 *
 * @module
 */

import {
  type ActivationKind,
  checkAxpy,
  checkLogSumExp,
  checkShapes,
  type Kernels,
  productShape,
} from "./kernels.ts";
import { ACTIVATIONS } from "../nn/activations/registry.ts";
import { type FloatArray, Matrix } from "./matrix.ts";

/**
 * C[i·n + j] = Σₚ a[i·ari + p·arp] · b[p·brp + j·brj] for i < m, j < n, p < k.
 * The strides let one blocked loop serve A·B, A·Bᵀ and Aᵀ·B.
 */
function gemm(
  m: number,
  n: number,
  k: number,
  a: FloatArray,
  ari: number,
  arp: number,
  b: FloatArray,
  brp: number,
  brj: number,
  c: FloatArray,
): void {
  const m4 = m - (m % 4), n4 = n - (n % 4);
  const ari2 = 2 * ari, ari3 = 3 * ari, brj2 = 2 * brj, brj3 = 3 * brj;
  for (let i = 0; i < m4; i += 4) {
    for (let j = 0; j < n4; j += 4) {
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
      let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
      let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      let pa = i * ari, pb = j * brj;
      for (let p = 0; p < k; p++) {
        const a0 = a[pa]!, a1 = a[pa + ari]!, a2 = a[pa + ari2]!, a3 = a[pa + ari3]!;
        const b0 = b[pb]!, b1 = b[pb + brj]!, b2 = b[pb + brj2]!, b3 = b[pb + brj3]!;
        c00 += a0 * b0, c01 += a0 * b1, c02 += a0 * b2, c03 += a0 * b3;
        c10 += a1 * b0, c11 += a1 * b1, c12 += a1 * b2, c13 += a1 * b3;
        c20 += a2 * b0, c21 += a2 * b1, c22 += a2 * b2, c23 += a2 * b3;
        c30 += a3 * b0, c31 += a3 * b1, c32 += a3 * b2, c33 += a3 * b3;
        pa += arp;
        pb += brp;
      }
      let o = i * n + j;
      c[o] = c00, c[o + 1] = c01, c[o + 2] = c02, c[o + 3] = c03;
      o += n;
      c[o] = c10, c[o + 1] = c11, c[o + 2] = c12, c[o + 3] = c13;
      o += n;
      c[o] = c20, c[o + 1] = c21, c[o + 2] = c22, c[o + 3] = c23;
      o += n;
      c[o] = c30, c[o + 1] = c31, c[o + 2] = c32, c[o + 3] = c33;
    }
    for (let r = i; r < i + 4; r++) {
      for (let j = n4; j < n; j++) c[r * n + j] = dot(k, a, r * ari, arp, b, j * brj, brp);
    }
  }
  for (let r = m4; r < m; r++) {
    for (let j = 0; j < n; j++) c[r * n + j] = dot(k, a, r * ari, arp, b, j * brj, brp);
  }
}

function dot(
  k: number,
  a: FloatArray,
  pa: number,
  sa: number,
  b: FloatArray,
  pb: number,
  sb: number,
): number {
  let s = 0;
  for (let p = 0; p < k; p++, pa += sa, pb += sb) s += a[pa]! * b[pb]!;
  return s;
}

/**
 * The reference kernels in plain TypeScript.
 *
 * @example A·Bᵀ
 * ```ts
 * import { typescriptKernels } from "../../mod.ts";
 * import { Matrix } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const a = Matrix.fromRows([[1, 2], [3, 4]]);
 * const c = Matrix.zeros(2, 2);
 * typescriptKernels.matmulNT(a, a, c);
 * assert.deepEqual(c.toRows(), [[5, 11], [11, 25]]);
 * ```
 */
export const typescriptKernels: Kernels = {
  name: "typescript",

  alloc(rows, cols, dtype) {
    return Matrix.zeros(rows, cols, dtype);
  },

  matmul(a, b, c) {
    const [m, k, n] = productShape("nn", a, b, c);
    gemm(m, n, k, a.data, k, 1, b.data, n, 1, c.data);
  },

  matmulNT(a, b, c) {
    const [m, k, n] = productShape("nt", a, b, c);
    gemm(m, n, k, a.data, k, 1, b.data, 1, k, c.data);
  },

  matmulTN(a, b, c) {
    const [m, k, n] = productShape("tn", a, b, c);
    gemm(m, n, k, a.data, 1, m, b.data, n, 1, c.data);
  },

  axpy(alpha, x, y) {
    checkAxpy(x, y);
    for (let i = 0; i < x.length; i++) y[i]! += alpha * x[i]!;
  },

  firstNonFinite(x) {
    for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i]!)) return i;
    return -1;
  },

  adam(w, g, m, v, lr, b1, b2, eps, c1, c2) {
    if (g.length !== w.length || m.length !== w.length || v.length !== w.length) {
      throw new TypeError(
        `Cannot take an Adam step: ${w.length} weights, ${g.length} gradients, ${m.length} and ${v.length} moments`,
      );
    }
    for (let i = 0; i < w.length; i++) {
      const gi = g[i]!;
      const mi = m[i] = b1 * m[i]! + (1 - b1) * gi;
      const vi = v[i] = b2 * v[i]! + (1 - b2) * gi * gi;
      w[i]! -= (lr * mi * c1) / (Math.sqrt(vi * c2) + eps);
    }
  },

  addRowVector(m, v) {
    if (v.length !== m.cols) {
      throw new TypeError(`Cannot add a vector of ${v.length} to the rows of ${m.shape}`);
    }
    const d = m.data, n = m.cols;
    for (let i = 0, o = 0; i < m.rows; i++, o += n) {
      for (let j = 0; j < n; j++) d[o + j]! += v[j]!;
    }
  },

  sumColumns(m, out) {
    if (out.length !== m.cols) {
      throw new TypeError(`Cannot sum the columns of ${m.shape} into ${out.length} values`);
    }
    const d = m.data, n = m.cols;
    out.fill(0);
    for (let i = 0, o = 0; i < m.rows; i++, o += n) {
      for (let j = 0; j < n; j++) out[j]! += d[o + j]!;
    }
  },

  argmaxRows(m, out) {
    if (out.length !== m.rows) {
      throw new TypeError(`Cannot take the argmax of ${m.shape} into ${out.length} values`);
    }
    const d = m.data, n = m.cols;
    for (let i = 0, o = 0; i < m.rows; i++, o += n) {
      let best = 0, max = d[o]!;
      for (let j = 1; j < n; j++) {
        if (d[o + j]! > max) max = d[o + j]!, best = j;
      }
      out[i] = best;
    }
  },

  softmaxRows(x, out, logSumExp) {
    if (x.rows !== out.rows || x.cols !== out.cols) checkShapes(false, "take a softmax", x, out);
    checkLogSumExp(x, logSumExp);
    const xd = x.data, od = out.data, n = x.cols;
    for (let i = 0, o = 0; i < x.rows; i++, o += n) {
      let max = -Infinity;
      for (let j = 0; j < n; j++) max = Math.max(max, xd[o + j]!);
      let sum = 0;
      for (let j = 0; j < n; j++) {
        const e = Math.exp(xd[o + j]! - max);
        od[o + j] = e;
        sum += e;
      }
      const inv = 1 / sum;
      for (let j = 0; j < n; j++) od[o + j]! *= inv;
      if (logSumExp) logSumExp[i] = max + Math.log(sum);
    }
  },

  activate(kind: ActivationKind, x, out, alpha, bias) {
    if (x.rows !== out.rows || x.cols !== out.cols) checkShapes(false, `apply ${kind}`, x, out);
    if (bias !== undefined) typescriptKernels.addRowVector(x, bias);
    ACTIVATIONS[kind].forward(x.data, out.data, x.data.length, alpha);
  },

  activateBackward(kind: ActivationKind, x, y, dy, dx, alpha) {
    if (
      x.rows !== dy.rows || x.cols !== dy.cols || dx.rows !== dy.rows || dx.cols !== dy.cols ||
      y.rows !== dy.rows || y.cols !== dy.cols
    ) {
      checkShapes(false, `backpropagate ${kind}`, x, dy, dx);
    }
    ACTIVATIONS[kind].backward(x.data, y.data, dy.data, dx.data, dy.data.length, alpha);
  },
};
