/**
 * `cross_entropy` after a softmax layer and `binary_cross_entropy` after a sigmoid are exact
 * for confident mistakes: their value and gradient come from the logits, as the fused
 * losses' do, so a logit of ±50 (or ±20 in float32) still teaches with a gradient of ~1.
 * And MSE, MAE and Huber train classifiers on one-hot targets.
 */
import assert from "node:assert/strict";
import {
  BinaryCrossEntropy,
  CrossEntropy,
  defineExperiment,
  ElementWise,
  gradCheck,
  Matrix,
  MeanSquaredError,
  Network,
  Rng,
  runToFolder,
  Softmax,
} from "../mod.ts";

for (const dtype of ["float64", "float32"] as const) {
  Deno.test(`softmax → cross_entropy at logits ±50 (${dtype}): loss ≈ 100 and ∂ℒ/∂z ≈ p − onehot`, () => {
    const softmax = new Softmax(), loss = new CrossEntropy();
    const z = Matrix.fromRows([[50, -50, 0], [0, 0, 0]], dtype);
    const value = loss.forward(softmax.forward(z), Int32Array.of(1, 2));
    // Row 1: log(e^50 + e^-50 + 1) + 50 ≈ 100; row 2: log 3.
    assert.ok(Math.abs(value - (100 + Math.log(3)) / 2) < 1e-6, `loss ${value}`);
    const dz = softmax.backward(loss.backward())!;
    const m = 2;
    const expected = [1 / m, -1 / m, 0, 1 / (3 * m), 1 / (3 * m), -2 / (3 * m)];
    Array.from(dz.data).forEach((v, i) =>
      assert.ok(Math.abs(v - expected[i]!) < 1e-6, `dz[${i}] = ${v}, expected ${expected[i]}`)
    );
  });

  Deno.test(`sigmoid → binary_cross_entropy at logits ±50 and ±20 (${dtype}): ∂ℒ/∂z ≈ σ(z) − y`, () => {
    const sigmoid = new ElementWise("sigmoid"), loss = new BinaryCrossEntropy();
    const z = Matrix.fromRows([[-50], [50], [20], [-20]], dtype);
    const y = Int32Array.of(1, 0, 0, 1);
    const value = loss.forward(sigmoid.forward(z), y);
    const exact = (50 + 50 + (20 + Math.log1p(Math.exp(-20))) + (20 + Math.log1p(Math.exp(-20)))) /
      4;
    assert.ok(Math.abs(value - exact) < 1e-6, `loss ${value}, exact ${exact}`);
    const dz = sigmoid.backward(loss.backward())!;
    const expected = [-1 / 4, 1 / 4, 1 / 4, -1 / 4];
    Array.from(dz.data).forEach((v, i) =>
      assert.ok(Math.abs(v - expected[i]!) < 1e-6, `dz[${i}] = ${v}, expected ${expected[i]}`)
    );
  });
}

Deno.test("a network ending in softmax with cross_entropy passes gradCheck at large logits (float64)", () => {
  const net = Network.build({
    inputs: 3,
    layers: [{ kind: "dense", units: 4 }, { kind: "softmax" }],
  }, { rng: Rng.seeded(8), dtype: "float64" });
  // Weights large enough for logits of tens: a confidently wrong network.
  for (const p of net.parameters()) {
    for (let i = 0; i < p.value.data.length; i++) p.value.data[i]! *= 40;
  }
  const x = Matrix.fromRows([[1, -2, 0.5], [-1, 1, 2], [2, 0, -1]], "float64");
  const out = net.forward(x);
  assert.ok(Math.min(...out.data) < 1e-12, `the network is confident: ${Math.min(...out.data)}`);
  const result = gradCheck(net, new CrossEntropy(), x, Int32Array.of(0, 1, 3), { l2: 0 });
  for (const e of result.entries) {
    // Finite differences lose a little at logits this large: 1e-5 rather than 1e-6.
    assert.ok(e.maxRelativeError < 1e-5, `${e.name}: relative error ${e.maxRelativeError}`);
  }
});

Deno.test("MSE, MAE and Huber on class labels train on one-hot targets, as LeCun et al. 1998 did", async () => {
  const mse = new MeanSquaredError();
  const out = Matrix.fromRows([[0.9, 0.2], [0.4, 0.5]], "float64");
  assert.equal(
    mse.forward(out, Int32Array.of(0, 1)),
    mse.forward(out, Matrix.fromRows([[1, 0], [0, 1]], "float64")),
  );
  const dir = await Deno.makeTempDir();
  try {
    const run = await runToFolder(
      defineExperiment({
        name: "onehot",
        description: "regression losses on a classification set",
        grid: { loss: ["mse", "mae", "huber"] },
        seeds: 1,
        data: { kind: "moons", n: 400, noise: 0.1 },
        loss: (p) => p.loss as "mse",
        model: (_p, s) => [{ kind: "dense", units: 16 }, { kind: "tanh" }, {
          kind: "dense",
          units: s.outputs,
        }],
        optimizer: { kind: "adam", lr: 0.02 },
        epochs: 40,
        batchSize: 16,
      }),
      { out: dir, workers: 0 },
    );
    assert.equal(run.status, "completed");
    for (const unit of run.units.values()) {
      assert.ok(unit.final.test!.accuracy! > 0.9, `test accuracy ${unit.final.test!.accuracy}`);
    }
    assert.ok(run.plan.cells.every((c) => c.config.targets === "onehot"));
    const header = (await Deno.readTextFile(`${run.dir}/cells.csv`)).split("\n")[0]!;
    assert.match(header, /test_accuracy/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
