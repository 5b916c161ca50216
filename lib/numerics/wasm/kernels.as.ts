// WebAssembly SIMD matrix products, in AssemblyScript. Built by `deno task build:wasm` into
// ../_wasm_module.ts (the module's bytes, base64), which is committed so that importing
// mod.ts needs no build step; `deno task test` checks the committed bytes match this file.
//
// All matrices are row-major float32 at byte addresses in the shared linear memory.
// Products use plain f32x4 mul then add (not fused): the same rounding on every machine.
// Each output element is summed in a fixed order, whatever band of rows a call computes,
// so results never depend on timing or on how many threads share the work.

@inline function ld(p: usize): v128 {
  return v128.load(p);
}

@inline function madd(acc: v128, a: v128, b: v128): v128 {
  return f32x4.add(acc, f32x4.mul(a, b));
}

@inline function hsum(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 2) +
    f32x4.extract_lane(v, 3);
}

// C[m×n] = A[m×k] · B[k×n]: 4 rows × 8 columns of C per block, vectors along the columns.
export function matmul_nn(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32): void {
  const rowA = <usize> k << 2, rowB = <usize> n << 2;
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const a0 = a + <usize> i * rowA, a1 = a0 + rowA, a2 = a1 + rowA, a3 = a2 + rowA;
    const c0 = c + <usize> i * rowB, c1 = c0 + rowB, c2 = c1 + rowB, c3 = c2 + rowB;
    let j = 0;
    for (; j + 8 <= n; j += 8) {
      const jo = <usize> j << 2;
      let s00 = f32x4.splat(0), s01 = f32x4.splat(0), s10 = f32x4.splat(0), s11 = f32x4.splat(0);
      let s20 = f32x4.splat(0), s21 = f32x4.splat(0), s30 = f32x4.splat(0), s31 = f32x4.splat(0);
      let pb = b + jo;
      for (let p = 0; p < k; p++, pb += rowB) {
        const b0 = ld(pb), b1 = ld(pb + 16), po = <usize> p << 2;
        const x0 = f32x4.splat(load<f32>(a0 + po)), x1 = f32x4.splat(load<f32>(a1 + po));
        const x2 = f32x4.splat(load<f32>(a2 + po)), x3 = f32x4.splat(load<f32>(a3 + po));
        s00 = madd(s00, x0, b0);
        s01 = madd(s01, x0, b1);
        s10 = madd(s10, x1, b0);
        s11 = madd(s11, x1, b1);
        s20 = madd(s20, x2, b0);
        s21 = madd(s21, x2, b1);
        s30 = madd(s30, x3, b0);
        s31 = madd(s31, x3, b1);
      }
      v128.store(c0 + jo, s00);
      v128.store(c0 + jo + 16, s01);
      v128.store(c1 + jo, s10);
      v128.store(c1 + jo + 16, s11);
      v128.store(c2 + jo, s20);
      v128.store(c2 + jo + 16, s21);
      v128.store(c3 + jo, s30);
      v128.store(c3 + jo + 16, s31);
    }
    for (; j < n; j++) {
      const jo = <usize> j << 2;
      let s0: f32 = 0, s1: f32 = 0, s2: f32 = 0, s3: f32 = 0;
      let pb = b + jo;
      for (let p = 0; p < k; p++, pb += rowB) {
        const bv = load<f32>(pb), po = <usize> p << 2;
        s0 += load<f32>(a0 + po) * bv;
        s1 += load<f32>(a1 + po) * bv;
        s2 += load<f32>(a2 + po) * bv;
        s3 += load<f32>(a3 + po) * bv;
      }
      store<f32>(c0 + jo, s0);
      store<f32>(c1 + jo, s1);
      store<f32>(c2 + jo, s2);
      store<f32>(c3 + jo, s3);
    }
  }
  for (; i < m; i++) {
    const a0 = a + <usize> i * rowA, c0 = c + <usize> i * rowB;
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const jo = <usize> j << 2;
      let s = f32x4.splat(0);
      let pb = b + jo;
      for (let p = 0; p < k; p++, pb += rowB) {
        s = madd(s, f32x4.splat(load<f32>(a0 + (<usize> p << 2))), ld(pb));
      }
      v128.store(c0 + jo, s);
    }
    for (; j < n; j++) {
      let s: f32 = 0;
      let pb = b + (<usize> j << 2);
      for (let p = 0; p < k; p++, pb += rowB) s += load<f32>(a0 + (<usize> p << 2)) * load<f32>(pb);
      store<f32>(c0 + (<usize> j << 2), s);
    }
  }
}

// C[m×n] = Aᵀ · B with A[k×lda] (its first m columns used), B[k×n]: like matmul_nn, but
// the 4 values of A for a block are contiguous in A's row p (one vector load, each lane
// broadcast). lda lets a thread compute a band of C's rows: a then points at column i0.
export function matmul_tn(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, lda: i32): void {
  const rowA = <usize> lda << 2, rowB = <usize> n << 2;
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const io = <usize> i << 2;
    const c0 = c + <usize> i * rowB, c1 = c0 + rowB, c2 = c1 + rowB, c3 = c2 + rowB;
    let j = 0;
    for (; j + 8 <= n; j += 8) {
      const jo = <usize> j << 2;
      let s00 = f32x4.splat(0), s01 = f32x4.splat(0), s10 = f32x4.splat(0), s11 = f32x4.splat(0);
      let s20 = f32x4.splat(0), s21 = f32x4.splat(0), s30 = f32x4.splat(0), s31 = f32x4.splat(0);
      let pa = a + io, pb = b + jo;
      for (let p = 0; p < k; p++, pa += rowA, pb += rowB) {
        const av = ld(pa), b0 = ld(pb), b1 = ld(pb + 16);
        const x0 = i32x4.shuffle(av, av, 0, 0, 0, 0), x1 = i32x4.shuffle(av, av, 1, 1, 1, 1);
        const x2 = i32x4.shuffle(av, av, 2, 2, 2, 2), x3 = i32x4.shuffle(av, av, 3, 3, 3, 3);
        s00 = madd(s00, x0, b0);
        s01 = madd(s01, x0, b1);
        s10 = madd(s10, x1, b0);
        s11 = madd(s11, x1, b1);
        s20 = madd(s20, x2, b0);
        s21 = madd(s21, x2, b1);
        s30 = madd(s30, x3, b0);
        s31 = madd(s31, x3, b1);
      }
      v128.store(c0 + jo, s00);
      v128.store(c0 + jo + 16, s01);
      v128.store(c1 + jo, s10);
      v128.store(c1 + jo + 16, s11);
      v128.store(c2 + jo, s20);
      v128.store(c2 + jo + 16, s21);
      v128.store(c3 + jo, s30);
      v128.store(c3 + jo + 16, s31);
    }
    for (; j < n; j++) {
      const jo = <usize> j << 2;
      let s0: f32 = 0, s1: f32 = 0, s2: f32 = 0, s3: f32 = 0;
      let pa = a + io, pb = b + jo;
      for (let p = 0; p < k; p++, pa += rowA, pb += rowB) {
        const bv = load<f32>(pb);
        s0 += load<f32>(pa) * bv;
        s1 += load<f32>(pa + 4) * bv;
        s2 += load<f32>(pa + 8) * bv;
        s3 += load<f32>(pa + 12) * bv;
      }
      store<f32>(c0 + jo, s0);
      store<f32>(c1 + jo, s1);
      store<f32>(c2 + jo, s2);
      store<f32>(c3 + jo, s3);
    }
  }
  for (; i < m; i++) {
    const io = <usize> i << 2, c0 = c + <usize> i * rowB;
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const jo = <usize> j << 2;
      let s = f32x4.splat(0);
      let pa = a + io, pb = b + jo;
      for (let p = 0; p < k; p++, pa += rowA, pb += rowB) {
        s = madd(s, f32x4.splat(load<f32>(pa)), ld(pb));
      }
      v128.store(c0 + jo, s);
    }
    for (; j < n; j++) {
      let s: f32 = 0;
      let pa = a + io, pb = b + (<usize> j << 2);
      for (let p = 0; p < k; p++, pa += rowA, pb += rowB) s += load<f32>(pa) * load<f32>(pb);
      store<f32>(c0 + (<usize> j << 2), s);
    }
  }
}

// C[m×n] = A · Bᵀ with A[m×k], B[n×k]: dot products of rows, 2 rows of A × 4 rows of B per
// block, vectors along k; each dot product's 4 lanes are summed at the end, then the tail.
export function matmul_nt(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32): void {
  const row = <usize> k << 2, rowC = <usize> n << 2, k4 = k & ~3;
  let i = 0;
  for (; i + 2 <= m; i += 2) {
    const a0 = a + <usize> i * row, a1 = a0 + row;
    const c0 = c + <usize> i * rowC, c1 = c0 + rowC;
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const b0 = b + <usize> j * row, b1 = b0 + row, b2 = b1 + row, b3 = b2 + row;
      let s00 = f32x4.splat(0), s01 = f32x4.splat(0), s02 = f32x4.splat(0), s03 = f32x4.splat(0);
      let s10 = f32x4.splat(0), s11 = f32x4.splat(0), s12 = f32x4.splat(0), s13 = f32x4.splat(0);
      for (let p = 0; p < k4; p += 4) {
        const po = <usize> p << 2;
        const x0 = ld(a0 + po), x1 = ld(a1 + po);
        const y0 = ld(b0 + po), y1 = ld(b1 + po), y2 = ld(b2 + po), y3 = ld(b3 + po);
        s00 = madd(s00, x0, y0);
        s01 = madd(s01, x0, y1);
        s02 = madd(s02, x0, y2);
        s03 = madd(s03, x0, y3);
        s10 = madd(s10, x1, y0);
        s11 = madd(s11, x1, y1);
        s12 = madd(s12, x1, y2);
        s13 = madd(s13, x1, y3);
      }
      let r00 = hsum(s00), r01 = hsum(s01), r02 = hsum(s02), r03 = hsum(s03);
      let r10 = hsum(s10), r11 = hsum(s11), r12 = hsum(s12), r13 = hsum(s13);
      for (let p = k4; p < k; p++) {
        const po = <usize> p << 2;
        const x0 = load<f32>(a0 + po), x1 = load<f32>(a1 + po);
        const y0 = load<f32>(b0 + po),
          y1 = load<f32>(b1 + po),
          y2 = load<f32>(b2 + po),
          y3 = load<f32>(b3 + po);
        r00 += x0 * y0;
        r01 += x0 * y1;
        r02 += x0 * y2;
        r03 += x0 * y3;
        r10 += x1 * y0;
        r11 += x1 * y1;
        r12 += x1 * y2;
        r13 += x1 * y3;
      }
      const jo = <usize> j << 2;
      store<f32>(c0 + jo, r00);
      store<f32>(c0 + jo + 4, r01);
      store<f32>(c0 + jo + 8, r02);
      store<f32>(c0 + jo + 12, r03);
      store<f32>(c1 + jo, r10);
      store<f32>(c1 + jo + 4, r11);
      store<f32>(c1 + jo + 8, r12);
      store<f32>(c1 + jo + 12, r13);
    }
    for (; j < n; j++) {
      const jo = <usize> j << 2;
      store<f32>(c0 + jo, dot(a0, b + <usize> j * row, k, k4));
      store<f32>(c1 + jo, dot(a1, b + <usize> j * row, k, k4));
    }
  }
  for (; i < m; i++) {
    const a0 = a + <usize> i * row, c0 = c + <usize> i * rowC;
    for (let j = 0; j < n; j++) {
      store<f32>(c0 + (<usize> j << 2), dot(a0, b + <usize> j * row, k, k4));
    }
  }
}

@inline function dot(x: usize, y: usize, k: i32, k4: i32): f32 {
  let s = f32x4.splat(0);
  for (let p = 0; p < k4; p += 4) s = madd(s, ld(x + (<usize> p << 2)), ld(y + (<usize> p << 2)));
  let r = hsum(s);
  for (let p = k4; p < k; p++) {
    r += load<f32>(x + (<usize> p << 2)) * load<f32>(y + (<usize> p << 2));
  }
  return r;
}

// tanh, element-wise: the rational approximation of Eigen's float tanh (a 13th-over-6th
// degree odd/even ratio on x clamped to ±7.9988), within a few float32 ulps of tanh.
// The constants sit in memory (a static data segment below heap_base()) and are splat from
// there: V8 rebuilds every v128.const in a loop from immediates (several instructions each),
// while a splatting load is one. Every instance over the shared memory (each helper thread's
// too) writes the same bytes there when it starts: they are never changed.
const TANH: usize = memory.data<f32>([
  4.89352455891786e-03, 6.37261928875436e-04, 1.48572235717979e-05, 5.12229709037114e-08,
  -8.60467152213735e-11, 2.00018790482477e-13, -2.76076847742355e-16, // A1 … A13
  4.89352518554385e-03, 2.26843463243900e-03, 1.18534705686654e-04, 1.19825839466702e-06, // B0 … B6
  7.99881172180175781, -7.99881172180175781, 0.0004, // clamp, −clamp, tiny
  1, 0.5,
  1.44269504088896341, 0.693359375, -2.12194440e-4, -87.3365447505531, // log₂e, ln 2 (hi, lo), min
  1.9875691500e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, // P0 … P4
  5.0000001201e-1, // P5
]);
const ONE = 14, HALF = 15, LOG2E = 16, LN2_HI = 17, LN2_LO = 18, EXP_MIN = 19, P0 = 20;

@inline function c4(i: i32): v128 {
  return v128.load32_splat(TANH + (<usize>i << 2));
}

@inline function tanh4(v: v128): v128 {
  // pmin/pmax are single instructions; NaN still passes through (pmin(NaN, c) is NaN).
  const x = f32x4.pmax(f32x4.pmin(v, c4(11)), c4(12));
  const x2 = f32x4.mul(x, x);
  let p = madd(c4(5), x2, c4(6));
  p = madd(c4(4), x2, p);
  p = madd(c4(3), x2, p);
  p = madd(c4(2), x2, p);
  p = madd(c4(1), x2, p);
  p = madd(c4(0), x2, p);
  p = f32x4.mul(p, x);
  let q = madd(c4(9), x2, c4(10));
  q = madd(c4(8), x2, q);
  q = madd(c4(7), x2, q);
  const r = f32x4.div(p, q);
  return v128.bitselect(v, r, f32x4.lt(f32x4.abs(v), c4(13)));
}

// y[i] = tanh(x[i]) for i < n (x and y may be the same array).
export function tanh_f32(x: usize, y: usize, n: i32): void {
  const n4 = n & ~3;
  for (let i = 0; i < n4; i += 4) {
    const o = <usize>i << 2;
    v128.store(y + o, tanh4(ld(x + o)));
  }
  for (let i = n4; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(y + o, f32x4.extract_lane(tanh4(f32x4.splat(load<f32>(x + o))), 0));
  }
}

// exp(x) for x ≤ 0 (softmax's case), float32, Cephes' expf: x = n·ln 2 + r with |r| ≤ ½ln 2,
// exp(r) by a degree-7 polynomial, times 2ⁿ built in the exponent bits; within 2 ulps, and 0
// below −87.34 (where 2ⁿ would leave the normal range). NaN stays NaN.
@inline function exp4(x: v128): v128 {
  const n = f32x4.nearest(f32x4.mul(x, c4(LOG2E)));
  const r = f32x4.sub(f32x4.sub(x, f32x4.mul(n, c4(LN2_HI))), f32x4.mul(n, c4(LN2_LO)));
  let p = madd(c4(P0 + 1), r, c4(P0));
  p = madd(c4(P0 + 2), r, p);
  p = madd(c4(P0 + 3), r, p);
  p = madd(c4(P0 + 4), r, p);
  p = madd(c4(P0 + 5), r, p);
  p = f32x4.add(f32x4.add(f32x4.mul(f32x4.mul(p, r), r), r), c4(ONE));
  const scale = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  return v128.andnot(f32x4.mul(p, scale), f32x4.lt(x, c4(EXP_MIN)));
}

// Row-wise softmax of the rows × cols matrix x into out (which may be x), stable: each row's
// maximum is subtracted first. stats[2i] gets row i's maximum and stats[2i + 1] its sum of
// exponentials (before normalising), from which the host takes log Σ exp for the loss.
export function softmax_rows_f32(x: usize, out: usize, rows: i32, cols: i32, stats: usize): void {
  const row = <usize>cols << 2, n = rows * cols, n4 = n & ~3;
  for (let i = 0; i < rows; i++) {
    const px = x + <usize>i * row, po = out + <usize>i * row;
    let m = load<f32>(px);
    for (let j = 1; j < cols; j++) m = max<f32>(m, load<f32>(px + (<usize>j << 2)));
    for (let j = 0; j < cols; j++) {
      const o = <usize>j << 2;
      store<f32>(po + o, load<f32>(px + o) - m);
    }
    store<f32>(stats + (<usize>i << 3), m);
  }
  for (let i = 0; i < n4; i += 4) {
    const o = <usize>i << 2;
    v128.store(out + o, exp4(ld(out + o)));
  }
  for (let i = n4; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(out + o, f32x4.extract_lane(exp4(f32x4.splat(load<f32>(out + o))), 0));
  }
  for (let i = 0; i < rows; i++) {
    const po = out + <usize>i * row;
    let sum: f32 = 0;
    for (let j = 0; j < cols; j++) sum += load<f32>(po + (<usize>j << 2));
    const inv: f32 = 1 / sum;
    for (let j = 0; j < cols; j++) {
      const o = <usize>j << 2;
      store<f32>(po + o, load<f32>(po + o) * inv);
    }
    store<f32>(stats + (<usize>i << 3) + 4, sum);
  }
}

// σ(x) = 1 / (1 + e⁻ˣ), as (x ≥ 0 ? 1 : e) / (1 + e) with e = exp(−|x|): no cancellation in
// either tail (½ + ½·tanh(x/2) loses σ's relative precision for very negative x).
@inline function sigmoid4(v: v128): v128 {
  const e = exp4(f32x4.neg(f32x4.abs(v)));
  const num = v128.bitselect(c4(ONE), e, f32x4.ge(v, f32x4.splat(0)));
  return f32x4.div(num, f32x4.add(c4(ONE), e));
}

// y[i] = σ(x[i]) for i < n (x and y may be the same array).
export function sigmoid_f32(x: usize, y: usize, n: i32): void {
  const n4 = n & ~3;
  for (let i = 0; i < n4; i += 4) {
    const o = <usize>i << 2;
    v128.store(y + o, sigmoid4(ld(x + o)));
  }
  for (let i = n4; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(y + o, f32x4.extract_lane(sigmoid4(f32x4.splat(load<f32>(x + o))), 0));
  }
}

// A dense layer's bias and its activation in one pass: z[r, :] += b in place (z keeps the
// pre-activation), then y[r, :] = tanh(z[r, :]) — or σ with bias_sigmoid_f32.
@inline function biasActivate(z: usize, b: usize, y: usize, rows: i32, cols: i32, sigmoid: bool): void {
  const c4n = cols & ~3, row = <usize>cols << 2;
  for (let r = 0; r < rows; r++) {
    const pz = z + <usize>r * row, py = y + <usize>r * row;
    for (let j = 0; j < c4n; j += 4) {
      const o = <usize>j << 2, v = f32x4.add(ld(pz + o), ld(b + o));
      v128.store(pz + o, v);
      v128.store(py + o, sigmoid ? sigmoid4(v) : tanh4(v));
    }
    for (let j = c4n; j < cols; j++) {
      const o = <usize>j << 2, v = load<f32>(pz + o) + load<f32>(b + o);
      store<f32>(pz + o, v);
      const a = f32x4.splat(v);
      store<f32>(py + o, f32x4.extract_lane(sigmoid ? sigmoid4(a) : tanh4(a), 0));
    }
  }
}

export function bias_tanh_f32(z: usize, b: usize, y: usize, rows: i32, cols: i32): void {
  biasActivate(z, b, y, rows, cols, false);
}

export function bias_sigmoid_f32(z: usize, b: usize, y: usize, rows: i32, cols: i32): void {
  biasActivate(z, b, y, rows, cols, true);
}

// y[i] += alpha · x[i] for i < n: the SGD update W ← W − η·∂ℒ/∂W with alpha = −η.
export function axpy_f32(alpha: f32, x: usize, y: usize, n: i32): void {
  const a = f32x4.splat(alpha), n4 = n & ~3;
  for (let i = 0; i < n4; i += 4) {
    const o = <usize>i << 2;
    v128.store(y + o, madd(ld(y + o), a, ld(x + o)));
  }
  for (let i = n4; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(y + o, load<f32>(y + o) + alpha * load<f32>(x + o));
  }
}

// One Adam step over n weights: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g²,
// w ← w − lr·m·c1 / (√(v·c2) + ε), with c1, c2 the bias corrections 1/(1 − βᵗ). The host
// passes 1 − β₁ and 1 − β₂ too: in float32, 1 − f32(0.999) is 1.3e-5 off.
export function adam_f32(
  w: usize, g: usize, m: usize, v: usize, n: i32,
  lr: f32, b1: f32, omb1: f32, b2: f32, omb2: f32, eps: f32, c1: f32, c2: f32,
): void {
  const vb1 = f32x4.splat(b1), vb2 = f32x4.splat(b2), vb1c = f32x4.splat(omb1);
  const vb2c = f32x4.splat(omb2), vlr = f32x4.splat(lr), veps = f32x4.splat(eps);
  const vc1 = f32x4.splat(c1), vc2 = f32x4.splat(c2), n4 = n & ~3;
  for (let i = 0; i < n4; i += 4) {
    const o = <usize>i << 2, gi = ld(g + o);
    const mi = f32x4.add(f32x4.mul(vb1, ld(m + o)), f32x4.mul(vb1c, gi));
    const vi = f32x4.add(f32x4.mul(vb2, ld(v + o)), f32x4.mul(f32x4.mul(vb2c, gi), gi));
    v128.store(m + o, mi);
    v128.store(v + o, vi);
    const step = f32x4.div(
      f32x4.mul(f32x4.mul(vlr, mi), vc1),
      f32x4.add(f32x4.sqrt(f32x4.mul(vi, vc2)), veps),
    );
    v128.store(w + o, f32x4.sub(ld(w + o), step));
  }
  for (let i = n4; i < n; i++) {
    const o = <usize>i << 2, gi = load<f32>(g + o);
    const mi = b1 * load<f32>(m + o) + omb1 * gi;
    const vi = b2 * load<f32>(v + o) + omb2 * gi * gi;
    store<f32>(m + o, mi);
    store<f32>(v + o, vi);
    store<f32>(w + o, load<f32>(w + o) - (lr * mi * c1) / (sqrt<f32>(vi * c2) + eps));
  }
}

// m[r, :] += v for every row r of the rows × cols matrix m: the bias add.
export function add_rows_f32(m: usize, v: usize, rows: i32, cols: i32): void {
  const c4 = cols & ~3, row = <usize>cols << 2;
  for (let r = 0; r < rows; r++) {
    const p = m + <usize>r * row;
    for (let j = 0; j < c4; j += 4) {
      const o = <usize>j << 2;
      v128.store(p + o, f32x4.add(ld(p + o), ld(v + o)));
    }
    for (let j = c4; j < cols; j++) {
      const o = <usize>j << 2;
      store<f32>(p + o, load<f32>(p + o) + load<f32>(v + o));
    }
  }
}

// out[j] = Σ_r m[r, j]: the bias gradient (rows summed in order).
export function sum_rows_f32(m: usize, out: usize, rows: i32, cols: i32): void {
  const c4 = cols & ~3, row = <usize>cols << 2;
  for (let j = 0; j < c4; j += 4) {
    const o = <usize>j << 2;
    let s = f32x4.splat(0);
    for (let r = 0; r < rows; r++) s = f32x4.add(s, ld(m + <usize>r * row + o));
    v128.store(out + o, s);
  }
  for (let j = c4; j < cols; j++) {
    const o = <usize>j << 2;
    let s: f32 = 0;
    for (let r = 0; r < rows; r++) s += load<f32>(m + <usize>r * row + o);
    store<f32>(out + o, s);
  }
}

// dx[i] = (1 − y[i]²) · dy[i]: tanh's backward pass from its output.
export function tanh_grad_f32(y: usize, dy: usize, dx: usize, n: i32): void {
  const n4 = n & ~3;
  for (let i = 0; i < n4; i += 4) {
    const o = <usize>i << 2, v = ld(y + o);
    v128.store(dx + o, f32x4.mul(f32x4.sub(c4(ONE), f32x4.mul(v, v)), ld(dy + o)));
  }
  for (let i = n4; i < n; i++) {
    const o = <usize>i << 2, v = load<f32>(y + o);
    store<f32>(dx + o, (1 - v * v) * load<f32>(dy + o));
  }
}

// The index of the first NaN or ±Infinity among x[0 … n), or −1. x − x is 0 exactly
// for finite x and NaN otherwise; blocks of 16 are tested at once.
export function first_nonfinite_f32(x: usize, n: i32): i32 {
  const n16 = n & ~15;
  for (let i = 0; i < n16; i += 16) {
    const o = <usize>i << 2;
    const a = ld(x + o), b = ld(x + o + 16), c = ld(x + o + 32), d = ld(x + o + 48);
    const z = f32x4.add(f32x4.add(f32x4.sub(a, a), f32x4.sub(b, b)), f32x4.add(f32x4.sub(c, c), f32x4.sub(d, d)));
    if (!v128.all_true<i32>(f32x4.eq(z, z))) {
      for (let j = i; j < i + 16; j++) {
        const v = load<f32>(x + (<usize>j << 2));
        if (v - v != 0) return j;
      }
    }
  }
  for (let i = n16; i < n; i++) {
    const v = load<f32>(x + (<usize>i << 2));
    if (v - v != 0) return i;
  }
  return -1;
}

// A layer of mlp_epoch's descriptor: fifteen i32 fields.
const DESC: usize = 60;
@inline function field(p: usize, i: i32): i32 {
  return load<i32>(p + (<usize>i << 2));
}
@inline function addr(p: usize, i: i32): usize {
  return <usize>load<u32>(p + (<usize>i << 2));
}

// Whether the host's cross-entropy of a batch, log Σ e^z − z_y per row in float64, would not
// be finite: a NaN among a row's logits, a largest logit of +∞, or the label's logit −∞ (a
// logit of −∞ elsewhere only adds e^−∞ = 0).
function lossNotFinite(z: usize, labels: usize, order: usize, m: i32, classes: i32): bool {
  for (let i = 0; i < m; i++) {
    const row = z + (<usize>(i * classes) << 2);
    let top: f32 = -Infinity;
    for (let j = 0; j < classes; j++) {
      const v = load<f32>(row + (<usize>j << 2));
      if (v != v) return true;
      top = max<f32>(top, v);
    }
    const y = load<i32>(labels + (<usize>load<u32>(order + (<usize>i << 2)) << 2));
    if (top == Infinity || load<f32>(row + (<usize>y << 2)) == -Infinity) return true;
  }
  return false;
}

// One epoch of minibatch SGD or Adam for a multi-layer perceptron — dense layers, each but
// the last optionally followed by tanh or ReLU, softmax and cross-entropy at the end — making
// every product, activation, gradient and update with the same functions, arguments and
// order as the network does one kernel call at a time (lib/nn; ReLU as its TypeScript loops
// do): the same bits, without a call from the host per kernel. Layer l's descriptor at
// desc + 60·l: inputs, units, activation (0 none, 1 tanh, 2 ReLU), then addresses W, b, ∂W,
// ∂b, z (pre-activation; the last layer's: the logits), y (the activation's output; the last
// layer's: the probabilities), dx (∂ℒ/∂input), dz (∂ℒ/∂z; the last layer's: the loss
// gradient), and Adam's moments of W and b (m, v, m, v). adam is 0 for SGD (rate lr), else
// the address of float32 lr, β₁, 1 − β₁, β₂, 1 − β₂, ε, then each step's two bias
// corrections. statsOut, unless 0, receives each example's softmax row maximum and sum of
// exponentials (the log-sum-exp a loss on logits takes). Batch b takes rows order[b·batch …] of x (n × d; labels by
// row). Each batch's logits and probabilities are copied to logits and probs at its rows'
// positions (the host computes the loss and accuracy from them, as the network's loss
// does). Returns −1 when every batch ran, else the index of the first batch whose loss is
// not finite (its forward pass ran, its update did not: the network stops there too).
export function mlp_epoch(
  desc: usize, layers: i32, x: usize, d: i32, labels: usize, order: usize, n: i32,
  batch: i32, lr: f64, xb: usize, logits: usize, probs: usize, stats: usize, adam: usize,
  statsOut: usize,
): i32 {
  const alpha = <f32>(-lr), last = desc + <usize>(layers - 1) * DESC;
  const classes = field(last, 1), rowBytes = <usize>d << 2;
  for (let start = 0, k = 0; start < n; start += batch, k++) {
    const m = min(n, start + batch) - start;
    for (let r = 0; r < m; r++) {
      const row = <usize>load<u32>(order + (<usize>(start + r) << 2));
      memory.copy(xb + <usize>r * rowBytes, x + row * rowBytes, rowBytes);
    }
    let input = xb;
    for (let l = 0; l < layers; l++) {
      const p = desc + <usize>l * DESC, units = field(p, 1), z = addr(p, 7);
      matmul_nt(input, addr(p, 3), z, m, field(p, 0), units);
      const act = l < layers - 1 ? field(p, 2) : 0;
      if (act == 1) {
        bias_tanh_f32(z, addr(p, 4), addr(p, 8), m, units);
        input = addr(p, 8);
      } else {
        add_rows_f32(z, addr(p, 4), m, units);
        input = z;
        if (act == 2) {
          const y = addr(p, 8);
          for (let i = 0; i < m * units; i++) {
            const v = load<f32>(z + (<usize>i << 2));
            store<f32>(y + (<usize>i << 2), v > 0 ? v : 0);
          }
          input = y;
        }
      }
    }
    const zl = addr(last, 7), pl = addr(last, 8), size = m * classes;
    softmax_rows_f32(zl, pl, m, classes, stats);
    const at = <usize>(start * classes) << 2;
    memory.copy(logits + at, zl, <usize>size << 2);
    memory.copy(probs + at, pl, <usize>size << 2);
    if (statsOut != 0) memory.copy(statsOut + (<usize>start << 3), stats, <usize>m << 3);
    if (lossNotFinite(zl, labels, order + (<usize>start << 2), m, classes)) return k;
    // (p − onehot) / m, each value rounded to float32 as the host's loss stores it.
    const g = addr(last, 10), inv = 1.0 / <f64>m;
    for (let i = 0; i < m; i++) {
      const row = <usize>(i * classes) << 2;
      for (let j = 0; j < classes; j++) {
        const o = row + (<usize>j << 2);
        store<f32>(g + o, <f32>(<f64>load<f32>(pl + o) * inv));
      }
      const example = <usize>load<u32>(order + (<usize>(start + i) << 2));
      const o = row + (<usize>load<i32>(labels + (example << 2)) << 2);
      store<f32>(g + o, <f32>(<f64>load<f32>(g + o) - inv));
    }
    let dz = g;
    for (let l = layers - 1; l >= 0; l--) {
      const p = desc + <usize>l * DESC, inputs = field(p, 0), units = field(p, 1);
      const q = p - DESC;
      const xin = l == 0 ? xb : field(q, 2) != 0 ? addr(q, 8) : addr(q, 7);
      matmul_tn(dz, xin, addr(p, 5), units, m, inputs, units);
      sum_rows_f32(dz, addr(p, 6), m, units);
      if (l > 0) {
        const dx = addr(p, 9);
        matmul_nn(dz, addr(p, 3), dx, m, units, inputs);
        if (field(q, 2) == 1) {
          tanh_grad_f32(addr(q, 8), dx, addr(q, 10), m * inputs);
          dz = addr(q, 10);
        } else if (field(q, 2) == 2) {
          const zq = addr(q, 7), dq = addr(q, 10);
          for (let i = 0; i < m * inputs; i++) {
            const o = <usize>i << 2;
            store<f32>(dq + o, load<f32>(zq + o) > 0 ? load<f32>(dx + o) : 0);
          }
          dz = dq;
        } else {
          dz = dx;
        }
      }
    }
    for (let l = 0; l < layers; l++) {
      const p = desc + <usize>l * DESC, size = field(p, 0) * field(p, 1), units = field(p, 1);
      if (adam == 0) {
        axpy_f32(alpha, addr(p, 5), addr(p, 3), size);
        axpy_f32(alpha, addr(p, 6), addr(p, 4), units);
      } else {
        const a = load<f32>(adam), b1 = load<f32>(adam, 4), omb1 = load<f32>(adam, 8);
        const b2 = load<f32>(adam, 12), omb2 = load<f32>(adam, 16), eps = load<f32>(adam, 20);
        const c = adam + 24 + (<usize>k << 3), c1 = load<f32>(c), c2 = load<f32>(c, 4);
        adam_f32(addr(p, 3), addr(p, 5), addr(p, 11), addr(p, 12), size, a, b1, omb1, b2, omb2, eps, c1, c2);
        adam_f32(addr(p, 4), addr(p, 6), addr(p, 13), addr(p, 14), units, a, b1, omb1, b2, omb2, eps, c1, c2);
      }
    }
  }
  return -1;
}

// The first address past the static data: the host's heap starts at or above it.
export function heap_base(): usize {
  return __heap_base;
}
