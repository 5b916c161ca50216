import assert from "node:assert/strict";
import {
  Adam,
  BACKEND_NAMES,
  createLoss,
  CrossEntropy,
  Dense,
  evaluate,
  fit,
  formatPath,
  JUPYTER_DISPLAY,
  kernelsByName,
  loadNetwork,
  makeMoons,
  Matrix,
  Network,
  type NetworkSpec,
  Rng,
  saveNetwork,
  SGD,
  SoftmaxCrossEntropy,
  ValidationError,
} from "../mod.ts";

/** Seeded moons with the lesson-sized noise, as class indices. */
function moons(n: number, seed: number) {
  const { x, y } = makeMoons({ n, noise: 0.1, rng: Rng.seeded(seed) });
  return { x, y: y as Int32Array };
}

const LESSON_ONE_LAYER: NetworkSpec = {
  inputs: 2,
  layers: [{ kind: "dense", units: 2 }, { kind: "softmax" }],
};
const LESSON_TWO_LAYER: NetworkSpec = {
  inputs: 2,
  layers: [{ kind: "dense", units: 10 }, { kind: "tanh" }, { kind: "dense", units: 2 }, {
    kind: "softmax",
  }],
};

function train(spec: NetworkSpec, seed: number, epochs = 100) {
  const rng = Rng.seeded(seed);
  const data = moons(200, 1);
  const net = Network.build(spec, { rng: rng.derive("init") });
  const result = fit(net, data, {
    loss: new CrossEntropy(),
    optimizer: new SGD(net.parameters(), { lr: 0.1 }),
    epochs,
    batchSize: 4,
    rng: rng.derive("shuffle"),
  });
  return { net, result, data };
}

Deno.test("the lesson's two-layer network clearly beats the one-layer network on moons", () => {
  const test = moons(400, 2);
  const one = train(LESSON_ONE_LAYER, 1);
  const two = train(LESSON_TWO_LAYER, 1);
  const acc1 = evaluate(one.net, new CrossEntropy(), test).accuracy!;
  const acc2 = evaluate(two.net, new CrossEntropy(), test).accuracy!;
  assert.ok(acc1 < 0.9, `one layer is linear and stays below 0.9: ${acc1}`);
  assert.ok(acc2 > 0.97, `two layers separate the moons: ${acc2}`);
  assert.ok(acc2 - acc1 > 0.08, `${acc2} vs ${acc1}`);
  // The training loss went down epoch over epoch, overall.
  const h = two.result.history;
  assert.ok(h.at(-1)!.train.loss < h[0]!.train.loss / 3);
});

Deno.test("in Jupyter a network shows its layers and a fit its curves, which JSON and deep equality never see", () => {
  const { net, result } = train(LESSON_TWO_LAYER, 1, 5);
  const show = (x: object) =>
    (x as unknown as Record<symbol, () => Record<string, string>>)[JUPYTER_DISPLAY]!();
  const network = show(net);
  assert.match(network["text/plain"]!, /^Network: 2 inputs → 2 outputs, 4 layers, 52 parameters/);
  assert.match(network["text/html"]!, /<td>dense<\/td><td>units: 10.*<td>10<\/td><td>30<\/td>/);
  const curves = show(result);
  assert.match(curves["image/svg+xml"]!, /^<svg[^>]*>.*<path d="M[\d.,L]+".*training loss/s);
  assert.match(curves["text/plain"]!, /^completed after 5 epochs/);
  assert.deepEqual(Object.keys(result), ["status", "history", "bestEpoch", "finalEpoch"]);
  assert.deepEqual(JSON.parse(JSON.stringify(result)), { ...result });
});

Deno.test("training is bit-identical for the same seed and differs for another", () => {
  const weights = (seed: number) =>
    train(LESSON_TWO_LAYER, seed, 5).net.parameters().map((p) => Array.from(p.value.data));
  assert.deepEqual(weights(3), weights(3));
  assert.notDeepEqual(weights(3), weights(4));
});

Deno.test("layer i's initial weights come from their own stream", () => {
  const a = Network.build(LESSON_TWO_LAYER, { rng: Rng.seeded(9) });
  const wider: NetworkSpec = {
    ...LESSON_TWO_LAYER,
    layers: [{ kind: "dense", units: 10 }, { kind: "tanh" }, { kind: "dense", units: 3 }],
  };
  const b = Network.build(wider, { rng: Rng.seeded(9) });
  assert.deepEqual(a.parameters()[0]!.value.data, b.parameters()[0]!.value.data);
});

Deno.test("save and load round-trip bit-exactly through JSON text", () => {
  const { net } = train(LESSON_TWO_LAYER, 5, 3);
  const text = JSON.stringify(saveNetwork(net));
  const copy = loadNetwork(JSON.parse(text));
  assert.deepEqual(copy.spec(), net.spec());
  for (const [i, p] of net.parameters().entries()) {
    const q = copy.parameters()[i]!;
    assert.equal(q.name, p.name);
    assert.deepEqual(new Uint32Array(q.value.data.buffer), new Uint32Array(p.value.data.buffer));
  }
  assert.equal(JSON.stringify(saveNetwork(copy)), text);
  const x = Matrix.fromRows([[0.3, 0.2], [-1, 0.5]]);
  assert.deepEqual(copy.predict(x).data, net.predict(x).data);
  // float64 networks too
  const net64 = Network.build(LESSON_TWO_LAYER, { rng: Rng.seeded(1), dtype: "float64" });
  const copy64 = loadNetwork(JSON.parse(JSON.stringify(saveNetwork(net64))));
  assert.equal(copy64.dtype, "float64");
  assert.deepEqual(copy64.parameters()[0]!.value.data, net64.parameters()[0]!.value.data);
});

Deno.test("loading names every problem: unknown kind, shapes, missing parameters", () => {
  const saved = saveNetwork(Network.build(LESSON_TWO_LAYER, { rng: Rng.seeded(1) }));
  const bad = structuredClone(saved) as unknown as {
    spec: { layers: { kind: string }[] };
    parameters: Record<string, { shape: number[]; data: unknown[] }>;
  };
  bad.spec.layers[1]!.kind = "swish";
  assert.throws(() => loadNetwork(bad), (e: unknown) => {
    assert.ok(e instanceof ValidationError && e instanceof TypeError);
    assert.match(e.message, /unknown layer kind "swish".*→ at spec\.layers\[1\]\.kind/);
    return true;
  });
  const wrong = structuredClone(saved) as unknown as typeof bad;
  wrong.parameters["2.weight"]!.shape = [3, 10];
  delete wrong.parameters["0.bias"];
  wrong.parameters["2.bias"]!.data[1] = "x";
  assert.throws(() => loadNetwork(wrong), (e: unknown) => {
    const problems = (e as ValidationError).problems.map((p) =>
      `${formatPath(p.path)}: ${p.message}`
    );
    assert.deepEqual(problems, [
      "parameters.0.bias: missing (expected shape 1×10)",
      "parameters.2.weight.shape: expected 2×10, got [3,10]",
      'parameters.2.bias.data[1]: expected a finite number, got "x"',
    ]);
    return true;
  });
  assert.throws(
    () => loadNetwork({ format: "other" }),
    /expected "mlp-network", got "other" → at format/,
  );
});

// The network checks its first dense layer's output and searches the input only when that is
// not finite: every non-finite input must still be named, on every backend, whatever the
// weights (zeros too: ∞·0 is NaN) and whatever the first layer.
Deno.test("every non-finite input is named: each backend, zero weights, a non-dense first layer", () => {
  const backends = BACKEND_NAMES.filter((name) => {
    try {
      kernelsByName(name);
      return true;
    } catch {
      return false; // blas without OpenBLAS: test/blas_test.ts checks the explanation
    }
  });
  const firsts: NetworkSpec["layers"][] = [
    [{ kind: "dense", units: 3 }, { kind: "tanh" }, { kind: "dense", units: 2 }],
    [{ kind: "dense", units: 3, init: "zeros" }, { kind: "dense", units: 2 }],
    [{ kind: "tanh" }, { kind: "dense", units: 2 }],
  ];
  for (const backend of backends) {
    for (const layers of firsts) {
      const net = Network.build({ inputs: 5, layers }, {
        rng: Rng.seeded(3),
        kernels: kernelsByName(backend),
      });
      for (const bad of [NaN, Infinity, -Infinity]) {
        const x = net.kernels.alloc(4, 5, "float32");
        x.data.fill(0.5);
        x.data[2 * 5 + 3] = bad;
        assert.throws(
          () => net.forward(x),
          new RegExp(`input \\(2, 3\\) of the batch 4×5 is ${bad}`),
          `${backend}, ${layers[0]!.kind} first, ${bad}`,
        );
      }
      const x = net.kernels.alloc(4, 5, "float32");
      x.data.fill(0.5);
      assert.equal(net.forward(x).rows, 4);
    }
  }
});

Deno.test("bad input: shapes, non-finite values, learning rates, specs", () => {
  const net = Network.build(LESSON_TWO_LAYER, { rng: Rng.seeded(1) });
  assert.throws(
    () => net.forward(Matrix.zeros(4, 3)),
    /expected 2 input columns, got a batch of shape 4×3/,
  );
  assert.throws(() => net.forward(Matrix.fromRows([[1, NaN]])), (e: unknown) => {
    assert.ok(e instanceof RangeError);
    assert.match(e.message, /input \(0, 1\) of the batch 1×2 is NaN/);
    return true;
  });
  assert.throws(() => net.forward(Matrix.fromRows([[Infinity, 0]])), /is Infinity/);
  assert.throws(
    () => net.forward(Matrix.zeros(1, 2, "float64")),
    /float32 network on a float64 batch/,
  );
  assert.throws(
    () => new SGD(net.parameters(), { lr: -0.1 }),
    (e: unknown) => e instanceof RangeError && /-0\.1/.test(e.message),
  );
  assert.throws(() => new SGD(net.parameters(), { lr: 0 }), /Invalid learning rate.*got 0/);
  assert.throws(
    () => new Adam(net.parameters(), { lr: 0.1, beta1: 1 }),
    /expected a number in \[0, 1\), got 1 → at optimizer\.beta1/,
  );
  assert.throws(
    () => new Dense(0, 3, { init: "zeros" }),
    /inputs must be a positive integer, got 0/,
  );
  assert.throws(
    () =>
      Network.build({
        inputs: 0,
        layers: [{ kind: "dense", units: -1 }, { kind: "swish" } as never],
      }, { rng: Rng.seeded(1) }),
    (e: unknown) => {
      assert.ok(e instanceof TypeError);
      assert.deepEqual((e as ValidationError).problems.map((p) => formatPath(p.path)), [
        "inputs",
        "layers[0].units",
        "layers[1].kind",
      ]);
      return true;
    },
  );
  const loss = new SoftmaxCrossEntropy();
  assert.throws(
    () => loss.forward(Matrix.zeros(2, 3), Int32Array.of(0)),
    /1 labels for an output of shape 2×3/,
  );
  assert.throws(
    () => loss.forward(Matrix.zeros(1, 3), Int32Array.of(3)),
    /label 3 at row 0 is outside \[0, 2\]/,
  );
  assert.throws(
    () => createLoss("mse").forward(Matrix.zeros(2, 1), Matrix.zeros(2, 2)),
    /targets 2×2 do not match the output 2×1/,
  );
  const data = { x: Matrix.zeros(3, 2), y: Int32Array.of(0, 1) };
  assert.throws(
    () =>
      fit(net, data, {
        loss,
        optimizer: new SGD(net.parameters(), { lr: 0.1 }),
        epochs: 1,
        batchSize: 2,
        rng: Rng.seeded(1),
      }),
    /3 examples but 2 targets/,
  );
});

Deno.test("momentum, Nesterov and Adam follow their update rules", () => {
  const param = (v: number, g: number) => ({
    name: "w",
    value: Matrix.fromRows([[v]], "float64"),
    grad: Matrix.fromRows([[g]], "float64"),
    regularize: true,
  });
  const m = param(1, 1);
  const sgd = new SGD([m], { lr: 0.1, momentum: 0.5 });
  sgd.step(); // v = 1, w = 1 − 0.1
  sgd.step(); // v = 1.5, w = 0.9 − 0.15
  assert.ok(Math.abs(m.value.get(0, 0) - 0.75) < 1e-15);
  const n = param(1, 1);
  const nag = new SGD([n], { lr: 0.1, momentum: 0.5, nesterov: true });
  nag.step(); // v = 1, w = 1 − 0.1(1 + 0.5)
  assert.ok(Math.abs(n.value.get(0, 0) - 0.85) < 1e-15);
  const a = param(1, 2);
  const adam = new Adam([a], { lr: 0.01 });
  adam.step();
  adam.step(); // constant gradient: m̂ = g, v̂ = g², step = lr·g/(|g| + ε) each time
  assert.ok(Math.abs(a.value.get(0, 0) - (1 - 2 * 0.01 * 2 / (2 + 1e-8))) < 1e-12);
  adam.zeroGrad();
  assert.equal(a.grad.get(0, 0), 0);
});

Deno.test("a diverging run stops with status diverged", () => {
  const data = { x: Matrix.fromRows([[1], [2], [3]]), y: Matrix.fromRows([[1e3], [2e3], [3e3]]) };
  const net = Network.build({ inputs: 1, layers: [{ kind: "dense", units: 1 }] }, {
    rng: Rng.seeded(1),
  });
  const result = fit(net, data, {
    loss: createLoss("mse"),
    optimizer: new SGD(net.parameters(), { lr: 10 }),
    epochs: 50,
    batchSize: 3,
    rng: Rng.seeded(2),
  });
  assert.equal(result.status, "diverged");
  assert.ok(result.history.length < 50);
  assert.ok(Number.isNaN(result.history.at(-1)!.train.loss));
});

/** The lesson's two-layer net on moons with patience 3: it stops early. */
function earlyStopped(options: { restoreBest?: boolean } = {}) {
  const data = moons(100, 3), validation = moons(100, 4);
  const net = Network.build(LESSON_TWO_LAYER, { rng: Rng.seeded(1) });
  const loss = new CrossEntropy();
  const result = fit(net, data, {
    loss,
    optimizer: new SGD(net.parameters(), { lr: 2, momentum: 0.9 }),
    epochs: 200,
    batchSize: 100,
    rng: Rng.seeded(2),
    validation,
    patience: 3,
    ...options,
  });
  return { result, after: evaluate(net, loss, validation).loss };
}

Deno.test("early stopping watches the validation loss", () => {
  const { result } = earlyStopped();
  assert.equal(result.status, "early_stopped");
  assert.equal(result.history.length, result.bestEpoch + 3);
  assert.ok(result.history.every((r) => r.validation !== undefined && r.maxAbsWeight.length === 2));
});

Deno.test("early stopping restores the best epoch's weights (and can be told not to)", () => {
  const { result, after } = earlyStopped();
  assert.equal(result.status, "early_stopped");
  assert.ok(result.bestEpoch < result.history.length);
  assert.equal(result.finalEpoch, result.bestEpoch);
  // The network holds the best epoch's weights: its validation loss is that epoch's.
  assert.equal(after, result.history[result.bestEpoch - 1]!.validation!.loss);
  const kept = earlyStopped({ restoreBest: false });
  assert.equal(kept.result.finalEpoch, kept.result.history.length);
  assert.equal(kept.after, kept.result.history.at(-1)!.validation!.loss);
  assert.notEqual(kept.after, after);
});
