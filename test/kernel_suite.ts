/**
 * The one test suite every kernel implementation runs (Hono-style): results are
 * compared with naive float64 loops over many shapes, including ones that are not
 * multiples of the blocking factor.
 */
import assert from "node:assert/strict";
import { ACTIVATION_KINDS, type ActivationKind, type Kernels, Matrix, Rng } from "../mod.ts";
import { assertAllClose } from "./_helpers.ts";

function random(rows: number, cols: number, rng: Rng, dtype: "float32" | "float64"): Matrix {
  const m = Matrix.zeros(rows, cols, dtype);
  for (let i = 0; i < m.data.length; i++) m.data[i] = rng.normal();
  return m;
}

function naive(a: Matrix, b: Matrix, ta: boolean, tb: boolean): Float64Array {
  const m = ta ? a.cols : a.rows, k = ta ? a.rows : a.cols, n = tb ? b.rows : b.cols;
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) {
        s += (ta ? a.get(p, i) : a.get(i, p)) * (tb ? b.get(j, p) : b.get(p, j));
      }
      out[i * n + j] = s;
    }
  }
  return out;
}

const SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [3, 5, 2],
  [4, 4, 4],
  [7, 9, 13],
  [32, 784, 10],
  [33, 17, 129],
  [128, 32, 10],
];

export function kernelSuite(kernels: Kernels, label: string = kernels.name): void {
  const tol = { float32: { rtol: 1e-4, atol: 1e-4 }, float64: { rtol: 1e-12, atol: 1e-12 } };
  for (const dtype of ["float32", "float64"] as const) {
    Deno.test(`${label} kernels: the three matmul shapes agree with a naive product (${dtype})`, () => {
      const rng = Rng.seeded(1, kernels.name, dtype);
      for (const [m, k, n] of SHAPES) {
        const a = random(m, k, rng, dtype), b = random(k, n, rng, dtype);
        const c = Matrix.zeros(m, n, dtype);
        kernels.matmul(a, b, c);
        assertAllClose(c.data, naive(a, b, false, false), {
          ...tol[dtype],
          what: `A·B ${m}×${k}×${n}`,
        });
        const bt = random(n, k, rng, dtype);
        kernels.matmulNT(a, bt, c);
        assertAllClose(c.data, naive(a, bt, false, true), {
          ...tol[dtype],
          what: `A·Bᵀ ${m}×${k}×${n}`,
        });
        const at = random(k, m, rng, dtype);
        kernels.matmulTN(at, b, c);
        assertAllClose(c.data, naive(at, b, true, false), {
          ...tol[dtype],
          what: `Aᵀ·B ${m}×${k}×${n}`,
        });
      }
    });
  }

  Deno.test(`${label} kernels: matmul overwrites its output and refuses bad shapes`, () => {
    const a = Matrix.fromRows([[1, 2], [3, 4]]), c = Matrix.fromRows([[9, 9], [9, 9]]);
    kernels.matmul(a, a, c);
    assert.deepEqual(c.toRows(), [[7, 10], [15, 22]]);
    assert.throws(() => kernels.matmul(a, Matrix.zeros(3, 2), c), /2×2, 3×2/);
    assert.throws(() => kernels.matmulNT(a, Matrix.zeros(2, 3), c), TypeError);
    assert.throws(() => kernels.matmulTN(a, Matrix.zeros(3, 2), c), TypeError);
  });

  Deno.test(`${label} kernels: bias add, column sums, argmax`, () => {
    const m = Matrix.fromRows([[1, 5, 2], [7, 0, 7]]);
    kernels.addRowVector(m, Float32Array.of(1, 1, -1));
    assert.deepEqual(m.toRows(), [[2, 6, 1], [8, 1, 6]]);
    const sums = new Float32Array(3);
    kernels.sumColumns(m, sums);
    assert.deepEqual(Array.from(sums), [10, 7, 7]);
    const idx = new Int32Array(2);
    kernels.argmaxRows(Matrix.fromRows([[1, 5, 5], [7, 0, 7]]), idx);
    assert.deepEqual(Array.from(idx), [1, 0]); // first index on ties
    assert.throws(() => kernels.addRowVector(m, new Float32Array(2)), TypeError);
  });

  Deno.test(`${label} kernels: softmax is stable and rows sum to 1`, () => {
    const x = Matrix.fromRows([[1000, 1001, 1002], [-1000, 0, 1000]], "float64");
    const y = Matrix.zeros(2, 3, "float64");
    kernels.softmaxRows(x, y);
    const e = [Math.exp(-2), Math.exp(-1), 1], s = e[0]! + e[1]! + e[2]!;
    assertAllClose(y.row(0), e.map((v) => v / s), { rtol: 1e-12 });
    assertAllClose(y.row(1), [0, 0, 1], { atol: 1e-300 });
  });

  Deno.test(`${label} kernels: an activation with a bias equals the bias add, then the activation`, () => {
    const rng = Rng.seeded(4);
    for (const kind of ACTIVATION_KINDS) {
      for (const [rows, cols] of [[1, 1], [5, 7], [33, 128]] as const) {
        for (const owned of [true, false]) {
          const make = () =>
            owned ? kernels.alloc(rows, cols, "float32") : Matrix.zeros(rows, cols);
          const x = make(), bias = make().row(0).slice(), y = make();
          for (let i = 0; i < x.data.length; i++) x.data[i] = 3 * rng.normal();
          const b = owned ? kernels.alloc(1, cols, "float32").data : new Float32Array(cols);
          for (let j = 0; j < cols; j++) b[j] = bias[j] = rng.normal();
          const x2 = make(), y2 = make();
          x2.data.set(x.data);
          kernels.addRowVector(x2, bias);
          kernels.activate(kind, x2, y2, 0.1);
          kernels.activate(kind, x, y, 0.1, b);
          const where = `${kind} ${rows}×${cols}${owned ? "" : ", not in the kernels' memory"}`;
          assert.deepEqual(Array.from(x.data), Array.from(x2.data), `pre-activation, ${where}`);
          assert.deepEqual(Array.from(y.data), Array.from(y2.data), where);
        }
      }
    }
  });

  Deno.test(`${label} kernels: an Adam step against float64`, () => {
    const rng = Rng.seeded(12);
    for (const n of [1, 7, 130]) {
      for (const owned of [true, false]) {
        const make = () => owned ? kernels.alloc(1, n, "float32").data : new Float32Array(n);
        const w = make(), g = make(), m = make(), v = make();
        for (let i = 0; i < n; i++) {
          w[i] = rng.normal(), g[i] = rng.normal(), m[i] = 0.1 * rng.normal();
          v[i] = 0.01 * rng.normal() ** 2;
        }
        const [w0, g0, m0, v0] = [w, g, m, v].map((a) => Float64Array.from(a));
        const [lr, b1, b2, eps, t] = [0.01, 0.9, 0.999, 1e-8, 3];
        const c1 = 1 / (1 - b1 ** t), c2 = 1 / (1 - b2 ** t);
        kernels.adam(w, g, m, v, lr, b1, b2, eps, c1, c2);
        for (let i = 0; i < n; i++) {
          const mi = b1 * m0![i]! + (1 - b1) * g0![i]!;
          const vi = b2 * v0![i]! + (1 - b2) * g0![i]! ** 2;
          const step = (lr * mi * c1) / (Math.sqrt(vi * c2) + eps), wi = w0![i]! - step;
          const where = `n ${n}, element ${i}${owned ? "" : ", not in the kernels' memory"}`;
          // float32 rounding, relative to the terms (their sum may cancel).
          const mScale = Math.abs(b1 * m0![i]!) + Math.abs((1 - b1) * g0![i]!);
          assert.ok(Math.abs(m[i]! - mi) <= 1e-6 * mScale, `m, ${where}`);
          assert.ok(Math.abs(v[i]! - vi) <= 1e-6 * vi, `v, ${where}`);
          const wScale = Math.abs(w0![i]!) + Math.abs(step) * (1 + mScale / Math.abs(mi));
          assert.ok(Math.abs(w[i]! - wi) <= 1e-6 * wScale, `w, ${where}`);
        }
      }
    }
    const one = new Float32Array(1);
    assert.throws(
      () => kernels.adam(one, new Float32Array(2), one, one, 0.1, 0.9, 0.999, 1e-8, 1, 1),
      /1 weights, 2 gradients/,
    );
  });

  Deno.test(`${label} kernels: float32 softmax and log-sum-exp against float64`, () => {
    const rng = Rng.seeded(9);
    for (const cols of [1, 3, 10, 13]) {
      for (const owned of [true, false]) {
        const rows = 37;
        const x = owned ? kernels.alloc(rows, cols, "float32") : Matrix.zeros(rows, cols);
        // Spreads from 0.1 to 300: large ones underflow most exponentials to 0.
        for (let i = 0; i < rows; i++) {
          const spread = 0.1 * 1.25 ** i;
          for (let j = 0; j < cols; j++) x.data[i * cols + j] = spread * rng.normal();
        }
        x.data[5 * cols] = NaN; // row 5: NaN throughout, as a diverged network's
        const y = owned ? kernels.alloc(rows, cols, "float32") : Matrix.zeros(rows, cols);
        const lse = new Float64Array(rows);
        kernels.softmaxRows(x, y, lse);
        for (let i = 0; i < rows; i++) {
          const row = Array.from(x.row(i)), max = Math.max(...row);
          const e = row.map((v) => Math.exp(v - max)), s = e.reduce((a, b) => a + b);
          const where = `cols ${cols}, row ${i}`;
          if (i === 5) {
            assert.ok(y.row(i).every(Number.isNaN) && Number.isNaN(lse[i]!), where);
            continue;
          }
          assert.ok(
            Math.abs(lse[i]! - (max + Math.log(s))) <= 1e-6 * Math.max(1, Math.abs(max)),
            where,
          );
          let total = 0;
          for (let j = 0; j < cols; j++) {
            const got = y.data[i * cols + j]!, exact = e[j]! / s;
            // float32 rounds x − max itself: exp then errs by |x − max| ulps, plus its own few.
            const ulps = 8 + Math.abs(row[j]! - max);
            assert.ok(
              Math.abs(got - exact) <= ulps * 2 ** -23 * exact + 2e-38,
              `${where}: ${got} vs ${exact}`,
            );
            total += got;
          }
          assert.ok(Math.abs(total - 1) < 1e-5, where);
        }
        // In place gives the same.
        const again = Matrix.zeros(rows, cols);
        again.data.set(x.data);
        const inPlace = owned ? kernels.alloc(rows, cols, "float32") : again;
        inPlace.data.set(x.data);
        kernels.softmaxRows(inPlace, inPlace);
        assert.deepEqual(Array.from(inPlace.data), Array.from(y.data));
      }
    }
    assert.throws(
      () => kernels.softmaxRows(Matrix.zeros(3, 2), Matrix.zeros(3, 2), new Float64Array(2)),
      /2 log-sum-exp slots for 3 rows/,
    );
  });

  Deno.test(`${label} kernels: float32 tanh and sigmoid within a few ulps of the exact values`, () => {
    const n = 40001;
    const x = kernels.alloc(1, n, "float32"), y = kernels.alloc(1, n, "float32");
    for (let i = 0; i < n; i++) x.data[i] = -10 + (20 * i) / (n - 1);
    x.data[0] = 1e-5, x.data[1] = -3e-4, x.data[2] = 0; // tiny inputs
    kernels.activate("tanh", x, y, 0);
    const ulp = (v: number) => Math.max(Math.abs(v), 1e-30) * 2 ** -23;
    for (let i = 0; i < n; i++) {
      const exact = Math.tanh(x.data[i]!);
      assert.ok(
        Math.abs(y.data[i]! - exact) <= 4 * ulp(exact) + 1e-9,
        `tanh(${x.data[i]}) = ${y.data[i]}, exact ${exact}`,
      );
    }
    kernels.activate("sigmoid", x, y, 0);
    for (let i = 0; i < n; i++) {
      const exact = 1 / (1 + Math.exp(-x.data[i]!));
      assert.ok(
        Math.abs(y.data[i]! - exact) <= 4 * ulp(exact) + 1e-7,
        `σ(${x.data[i]}) = ${y.data[i]}, exact ${exact}`,
      );
    }
  });

  Deno.test(`${label} kernels: activations and their derivatives`, () => {
    const xs = [-2, -0.5, 0.5, 3];
    const x = Matrix.fromRows([xs], "float64"), y = Matrix.zeros(1, 4, "float64");
    const dy = Matrix.fromRows([[1, 2, 3, 4]], "float64"), dx = Matrix.zeros(1, 4, "float64");
    const expect: Record<ActivationKind, [(v: number) => number, (v: number) => number]> = {
      identity: [(v) => v, () => 1],
      tanh: [Math.tanh, (v) => 1 - Math.tanh(v) ** 2],
      sigmoid: [(v) => 1 / (1 + Math.exp(-v)), (v) => Math.exp(-v) / (1 + Math.exp(-v)) ** 2],
      relu: [(v) => Math.max(v, 0), (v) => (v > 0 ? 1 : 0)],
      leaky_relu: [(v) => (v > 0 ? v : 0.2 * v), (v) => (v > 0 ? 1 : 0.2)],
      // GELU's tanh form and its derivative, written out from the formula.
      gelu: [
        (v) => 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3))),
        (v) => {
          const u = Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3), t = Math.tanh(u);
          const du = Math.sqrt(2 / Math.PI) * (1 + 3 * 0.044715 * v ** 2);
          return 0.5 * (1 + t) + 0.5 * v * (1 - t * t) * du;
        },
      ],
      softplus: [(v) => Math.log(1 + Math.exp(v)), (v) => 1 / (1 + Math.exp(-v))],
      // SiLU: x / (1 + e^−x), and its derivative by the quotient rule.
      silu: [
        (v) => v / (1 + Math.exp(-v)),
        (v) => (1 + Math.exp(-v) + v * Math.exp(-v)) / (1 + Math.exp(-v)) ** 2,
      ],
    };
    for (
      const [kind, [f, df]] of Object.entries(expect) as [ActivationKind, typeof expect.tanh][]
    ) {
      kernels.activate(kind, x, y, 0.2);
      assertAllClose(y.data, xs.map(f), { rtol: 1e-12, what: kind });
      kernels.activateBackward(kind, x, y, dy, dx, 0.2);
      assertAllClose(dx.data, xs.map((v, i) => df(v) * (i + 1)), { rtol: 1e-12, what: `${kind}′` });
    }
    // Far out (|x| > 1e154 in float64: x³ overflows while tanh saturates) GELU's derivative
    // is its limit, 1 or 0 — not 0·∞ = NaN.
    const far = Matrix.fromRows([[1e200, -1e200, 1e160, -1e160]], "float64");
    kernels.activate("gelu", far, y, 0.2);
    kernels.activateBackward("gelu", far, y, dy, dx, 0.2);
    assert.deepEqual(Array.from(dx.data), [1, 0, 3, 0]);
  });
}
