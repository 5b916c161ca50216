/**
 * The one-call epoch (lib/train/fused.ts, the wasm kernels' mlp_epoch): used where it
 * applies, never elsewhere, and bit for bit what the layers compute kernel call by kernel
 * call — histories, statuses and weights — including a partial last batch, a schedule and a
 * run that diverges mid-epoch.
 */
import assert from "node:assert/strict";
import {
  createLoss,
  createOptimizer,
  fit,
  type Kernels,
  type LayerSpec,
  loadDataset,
  Network,
  Rng,
} from "../mod.ts";
import { createWasmKernels } from "../lib/numerics/wasm_kernels.ts";
import type { ScheduleSpec } from "../lib/train/schedules/mod.ts";

const wasm = createWasmKernels({ threads: 1 });

/** The wasm kernels, counting their one-call epochs. */
function counting(): { kernels: Kernels; calls: () => number } {
  let calls = 0;
  const kernels: Kernels = {
    ...wasm,
    mlpEpoch: (e) => (calls++, wasm.mlpEpoch!(e)),
  };
  return { kernels, calls: () => calls };
}

interface Setup {
  layers: LayerSpec[];
  optimizer?:
    | { kind: "sgd"; lr: number; momentum?: number }
    | { kind: "adam" | "adamw"; lr: number };
  batchSize: number;
  epochs?: number;
  l2?: number;
  schedule?: ScheduleSpec;
  n?: number;
  loss?: "cross_entropy" | "softmax_cross_entropy";
}

async function train(setup: Setup, fused: boolean) {
  const { kernels, calls } = counting();
  const data = (await loadDataset({ kind: "spirals", n: setup.n ?? 150, classes: 3 }, {
    rng: Rng.seeded(7),
  })).data;
  const net = Network.build({ inputs: 2, layers: setup.layers }, { rng: Rng.seeded(3), kernels });
  const loss = createLoss(setup.loss ?? "cross_entropy", { kernels });
  const optimizer = createOptimizer(
    setup.optimizer ?? { kind: "sgd", lr: 0.1 },
    net.parameters(),
    kernels,
  );
  const result = fit(net, data, {
    loss,
    optimizer,
    epochs: setup.epochs ?? 4,
    batchSize: setup.batchSize,
    rng: Rng.seeded(11),
    fused,
    ...(setup.l2 ? { l2: setup.l2 } : {}),
    ...(setup.schedule ? { schedule: setup.schedule } : {}),
  });
  return {
    status: result.status,
    history: result.history.map(({ seconds: _, ...h }) => h),
    weights: net.parameters().map((p) => Array.from(p.value.data)),
    calls: calls(),
  };
}

const HIDDEN: LayerSpec[] = [
  { kind: "dense", units: 10 },
  { kind: "tanh" },
  { kind: "dense", units: 3 },
  { kind: "softmax" },
];

const RELU: LayerSpec[] = [
  { kind: "dense", units: 12 },
  { kind: "relu" },
  { kind: "dense", units: 3 },
  { kind: "softmax" },
];

const ONE: LayerSpec[] = [{ kind: "dense", units: 3 }, { kind: "softmax" }];

const THREE: LayerSpec[] = [
  { kind: "dense", units: 12 },
  { kind: "tanh" },
  { kind: "dense", units: 8 },
  { kind: "dense", units: 6 },
  { kind: "tanh" },
  { kind: "dense", units: 3 },
  { kind: "softmax" },
];

/** Logits out, under softmax_cross_entropy (nonlinear's and the search studies' form). */
const LOGITS: LayerSpec[] = [
  { kind: "dense", units: 12 },
  { kind: "relu" },
  { kind: "dense", units: 3 },
];

const SAME: [string, Setup][] = [
  ["logits under softmax_cross_entropy, ReLU and Adam, batch 16", {
    layers: LOGITS,
    batchSize: 16,
    optimizer: { kind: "adam", lr: 0.01 },
    loss: "softmax_cross_entropy",
  }],
  ["logits under softmax_cross_entropy, tanh and SGD, batch 3", {
    layers: [{ kind: "dense", units: 8 }, { kind: "tanh" }, { kind: "dense", units: 3 }],
    batchSize: 3,
    loss: "softmax_cross_entropy",
  }],
  ["2-10-3 tanh, batch 4", { layers: HIDDEN, batchSize: 4 }],
  ["one layer, batch 7 (a partial last batch)", { layers: ONE, batchSize: 7 }],
  ["two tanh layers and one without activation, batch 16", { layers: THREE, batchSize: 16 }],
  ["a cosine schedule", { layers: HIDDEN, batchSize: 8, schedule: { kind: "cosine" } }],
  ["ReLU and Adam, batch 8", { layers: RELU, batchSize: 8, optimizer: { kind: "adam", lr: 0.01 } }],
  ["tanh, ReLU and Adam with a schedule, batch 5", {
    layers: [
      { kind: "dense", units: 9 },
      { kind: "tanh" },
      { kind: "dense", units: 7 },
      { kind: "relu" },
      { kind: "dense", units: 3 },
      { kind: "softmax" },
    ],
    batchSize: 5,
    optimizer: { kind: "adam", lr: 0.05 },
    schedule: { kind: "cosine" },
  }],
  ["a rate that diverges mid-epoch", {
    layers: [{ kind: "dense", units: 3 }, { kind: "softmax" }],
    batchSize: 4,
    optimizer: { kind: "sgd", lr: 3e38 },
    epochs: 3,
  }],
];

for (const [name, setup] of SAME) {
  Deno.test(`one-call epochs equal the layers' kernel calls bit for bit: ${name}`, async () => {
    const fused = await train(setup, true), layered = await train(setup, false);
    assert.ok(fused.calls > 0, "the one-call epoch was used");
    assert.equal(layered.calls, 0);
    assert.deepEqual(fused.history, layered.history);
    assert.deepEqual(fused.weights, layered.weights);
    assert.equal(fused.status, layered.status);
    if (name.includes("diverges")) assert.equal(fused.status, "diverged");
  });
}

Deno.test("one-call epochs stop at the batch the layers stop at, whatever the rate: 5 networks × 7 rates × 3 batch sizes, SGD and Adam", async () => {
  let diverged = 0;
  const networks = [HIDDEN, ONE, THREE, RELU, LOGITS];
  for (const layers of networks) {
    for (const lr of [1, 1e10, 1e30, 1e36, 1e37, 1e38, 3e38]) {
      for (const batchSize of [1, 13, 150]) {
        const kind = batchSize === 13 ? "adam" as const : "sgd" as const;
        const setup: Setup = {
          layers,
          batchSize,
          epochs: 3,
          optimizer: { kind, lr },
          ...(layers === LOGITS ? { loss: "softmax_cross_entropy" as const } : {}),
        };
        const fused = await train(setup, true), layered = await train(setup, false);
        assert.deepEqual(fused, { ...layered, calls: fused.calls }, `lr ${lr}, batch ${batchSize}`);
        if (fused.status === "diverged") diverged++;
      }
    }
  }
  assert.ok(diverged >= 20, `${diverged} of the 105 diverged`); // a logit of −∞ alone does not
});

Deno.test("one-call epochs are not used for momentum, AdamW, L2, sigmoid or large products", async () => {
  const others: Setup[] = [
    { layers: HIDDEN, batchSize: 4, optimizer: { kind: "sgd", lr: 0.1, momentum: 0.9 } },
    { layers: HIDDEN, batchSize: 4, optimizer: { kind: "adamw", lr: 0.01 } },
    { layers: HIDDEN, batchSize: 4, l2: 0.01 },
    {
      layers: [{ kind: "dense", units: 10 }, { kind: "sigmoid" }, { kind: "dense", units: 3 }, {
        kind: "softmax",
      }],
      batchSize: 4,
    },
    {
      layers: [{ kind: "dense", units: 600 }, { kind: "tanh" }, { kind: "dense", units: 3 }, {
        kind: "softmax",
      }],
      batchSize: 256,
      epochs: 1,
    },
  ];
  for (const setup of others) assert.equal((await train(setup, true)).calls, 0);
});
