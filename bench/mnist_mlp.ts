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

/** Peak resident set size of this process in MB (VmHWM), or NaN where /proc is missing. */
export function peakRssMb(): number {
  try {
    // /proc files report size 0, so read until the end rather than by size.
    const file = Deno.openSync("/proc/self/status");
    const chunks: Uint8Array[] = [];
    for (;;) {
      const buf = new Uint8Array(4096), n = file.readSync(buf);
      if (n === null || n === 0) break;
      chunks.push(buf.subarray(0, n));
    }
    file.close();
    const status = new TextDecoder().decode(new Uint8Array(chunks.flatMap((c) => [...c])));
    return Math.round(Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]) / 1024);
  } catch {
    return NaN;
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
  const t0 = performance.now();
  const { train, test } = await loadMnist();
  const loadSeconds = (performance.now() - t0) / 1000;
  const n = train.x.rows, d = train.x.cols;
  // The peers' order: Fisher–Yates with mulberry32(seed + 1), gathered before timing.
  const perm = Rng.mulberry32(SEED + 1).permutation(n);
  const x = kernels.alloc(n, d, "float32");
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    x.data.set(train.x.data.subarray(perm[i]! * d, perm[i]! * d + d), i * d);
    labels[i] = (train.y as Int32Array)[perm[i]!]!;
  }
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
  const loss = new SoftmaxCrossEntropy();
  const sgd = new SGD(net.parameters(), { lr: LR });
  const full = kernels.alloc(batch, d, "float32"), tail = kernels.alloc(n % batch, d, "float32");
  const epoch = (limit: number) => {
    for (let start = 0, k = 0; start < n && k < limit; start += batch, k++) {
      const end = Math.min(n, start + batch);
      const xb = end - start === batch ? full : tail;
      xb.data.set(x.data.subarray(start * d, end * d));
      const out = net.forward(xb);
      loss.forward(out, labels.subarray(start, end));
      net.backward(loss.backward());
      sgd.step();
    }
  };
  reset();
  epoch(Math.ceil(6000 / batch)); // warm-up: compile and settle the hot paths
  reset();
  const started = performance.now();
  epoch(Infinity);
  const seconds = (performance.now() - started) / 1000;
  const accuracy = evaluate(net, loss, { x: test.x, y: test.y }).accuracy!;
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
    peak_rss_mb: peakRssMb(),
    load_s: Number(loadSeconds.toFixed(3)),
    w_sum: Number(wSum.toFixed(6)),
    perm_head: Array.from(perm.subarray(0, 5)),
  };
}

// Exported for the test that checks the recipe against the peers' checksums.
export { Matrix };
