/**
 * Workload "mnist-mlp", exactly the peers' (../shared/peers/README.md): 784-128-10, tanh
 * hidden, softmax + cross-entropy (mean over the batch), plain SGD lr 0.1, one epoch over the
 * full training set in the peers' order, weights from their mulberry32 recipe, zero biases;
 * the training loop is timed after a warm-up, then test accuracy is measured.
 */

import {
  evaluate,
  type Kernels,
  loadMnist,
  Matrix,
  Network,
  Rng,
  SGD,
  SoftmaxCrossEntropy,
} from "../mod.ts";

export const SIZES = [784, 128, 10] as const;
export const SEED = 42;
export const LR = 0.1;

/** 6 × (784·128 + 128·10) flops per sample: forward, weight gradient, input gradient. */
export const FLOPS_PER_SAMPLE = 6 * (SIZES[0] * SIZES[1] + SIZES[1] * SIZES[2]);

/** The peers' initial weights: W1 then W2, N(0, 1/√fan_in) by Box–Muller from mulberry32(seed). */
export function peersWeights(seed: number): Float32Array[] {
  const rng = Rng.mulberry32(seed);
  const out: Float32Array[] = [];
  for (let l = 1; l < SIZES.length; l++) {
    const fanIn = SIZES[l - 1]!, fanOut = SIZES[l]!;
    const w = new Float32Array(fanOut * fanIn), s = 1 / Math.sqrt(fanIn);
    for (let k = 0; k < w.length; k++) w[k] = rng.normal() * s;
    out.push(w);
  }
  return out;
}

/**
 * Resident set size, sampled: Deno does not let a program read /proc without --allow-all,
 * so the workload samples `Deno.memoryUsage().rss` at its peaks (data loaded, during the
 * epoch, after evaluation) and reports the largest.
 */
export class RssSampler {
  #max = 0;
  sample(): void {
    this.#max = Math.max(this.#max, Deno.memoryUsage().rss);
  }
  get peakMb(): number {
    this.sample();
    return Math.round(this.#max / 2 ** 20);
  }
}

/**
 * Reorders rows so that row i becomes old row perm[i], following the permutation's cycles
 * with one spare row: no second copy of the 188 MB training set.
 */
export function permuteRowsInPlace(
  x: Float32Array | Float64Array,
  y: Int32Array,
  d: number,
  perm: Uint32Array,
): void {
  const done = new Uint8Array(perm.length), row = new Float64Array(d);
  for (let start = 0; start < perm.length; start++) {
    if (done[start]) continue;
    row.set(x.subarray(start * d, start * d + d));
    const label = y[start]!;
    let j = start;
    for (;;) {
      done[j] = 1;
      const k = perm[j]!;
      if (k === start) {
        x.set(row, j * d);
        y[j] = label;
        break;
      }
      x.copyWithin(j * d, k * d, k * d + d);
      y[j] = y[k]!;
      j = k;
    }
  }
}

export interface MnistMlpResult {
  workload: "mnist-mlp";
  backend: string;
  batch: number;
  epoch_s: number;
  samples_per_s: number;
  test_acc: number;
  gflops: number;
  peak_rss_mb: number;
  load_s: number;
  w_sum: number;
  perm_head: number[];
}

export async function mnistMlp(kernels: Kernels, batch: number): Promise<MnistMlpResult> {
  const rss = new RssSampler();
  const t0 = performance.now();
  // Straight into the backend's memory: batches are then views, as numpy's slices are.
  const { train, test } = await loadMnist({ alloc: (r, c) => kernels.alloc(r, c, "float32") });
  rss.sample();
  const loadSeconds = (performance.now() - t0) / 1000;
  const n = train.x.rows, d = train.x.cols;
  // The peers' order: Fisher–Yates with mulberry32(seed + 1), gathered before timing.
  const perm = Rng.mulberry32(SEED + 1).permutation(n);
  const x = train.x, labels = train.y as Int32Array;
  permuteRowsInPlace(x.data, labels, d, perm);
  const weights = peersWeights(SEED);
  const net = Network.build({
    inputs: 784,
    layers: [{ kind: "dense", units: 128 }, { kind: "tanh" }, { kind: "dense", units: 10 }],
  }, { rng: Rng.seeded(0), kernels });
  const reset = () => {
    const [w1, b1, w2, b2] = net.parameters();
    w1!.value.data.set(weights[0]!), w2!.value.data.set(weights[1]!);
    b1!.value.data.fill(0), b2!.value.data.fill(0);
  };
  const loss = new SoftmaxCrossEntropy({ kernels });
  const sgd = new SGD(net.parameters(), { lr: LR, kernels });
  const epoch = (limit: number) => {
    for (let start = 0, k = 0; start < n && k < limit; start += batch, k++) {
      const end = Math.min(n, start + batch);
      const out = net.forward(new Matrix(end - start, d, x.data.subarray(start * d, end * d)));
      loss.forward(out, labels.subarray(start, end));
      net.backward(loss.backward());
      sgd.step();
      if (k % 256 === 0) rss.sample();
    }
  };
  reset();
  epoch(Math.ceil(6000 / batch)); // warm-up: compile and settle the hot paths
  reset();
  const started = performance.now();
  epoch(Infinity);
  const seconds = (performance.now() - started) / 1000;
  const accuracy = evaluate(net, loss, { x: test.x, y: test.y }).accuracy!;
  rss.sample();
  let wSum = 0;
  for (const w of weights) for (const v of w) wSum += v;
  return {
    workload: "mnist-mlp",
    backend: kernels.name,
    batch,
    epoch_s: Number(seconds.toFixed(3)),
    samples_per_s: Math.round(n / seconds),
    test_acc: accuracy,
    gflops: Number(((FLOPS_PER_SAMPLE * n) / seconds / 1e9).toFixed(2)),
    peak_rss_mb: rss.peakMb,
    load_s: Number(loadSeconds.toFixed(3)),
    w_sum: Number(wSum.toFixed(6)),
    perm_head: Array.from(perm.subarray(0, 5)),
  };
}
