/** Every layer, activation and loss against central finite differences, in float64. */
import assert from "node:assert/strict";
import {
  ACTIVATION_KINDS,
  createLoss,
  gradCheck,
  type LayerSpec,
  type LossKind,
  Matrix,
  Network,
  Rng,
} from "../mod.ts";

// Every activation in the registry (a new one is checked without touching this file), and
// the softmax layer.
const HIDDEN: LayerSpec[] = [
  ...ACTIVATION_KINDS.map((kind): LayerSpec =>
    kind === "leaky_relu" ? { kind, alpha: 0.05 } : { kind } as LayerSpec
  ),
  { kind: "softmax" },
];

// Output width and output layers for each loss.
const HEADS: Record<LossKind, { units: number; tail: LayerSpec[] }> = {
  cross_entropy: { units: 3, tail: [{ kind: "softmax" }] },
  softmax_cross_entropy: { units: 3, tail: [] },
  binary_cross_entropy: { units: 1, tail: [{ kind: "sigmoid" }] },
  logistic: { units: 1, tail: [] },
  mse: { units: 2, tail: [] },
  mae: { units: 2, tail: [] },
  huber: { units: 2, tail: [] },
};

function batch(rng: Rng, rows: number, cols: number): Matrix {
  const x = Matrix.zeros(rows, cols, "float64");
  for (let i = 0; i < x.data.length; i++) x.data[i] = rng.normal();
  return x;
}

for (const hidden of HIDDEN) {
  for (const [lossKind, head] of Object.entries(HEADS) as [LossKind, (typeof HEADS)[LossKind]][]) {
    Deno.test(`gradCheck: dense → ${hidden.kind} → dense → ${lossKind} (relative error < 1e-6)`, () => {
      const rng = Rng.seeded(17, hidden.kind, lossKind);
      const net = Network.build({
        inputs: 3,
        layers: [
          { kind: "dense", units: 5 },
          hidden,
          { kind: "dense", units: head.units },
          ...head.tail,
        ],
      }, { rng: rng.derive("init"), dtype: "float64" });
      const m = 6;
      const x = batch(rng.derive("x"), m, 3);
      const loss = createLoss(lossKind);
      const targets = loss.task === "regression"
        ? batch(rng.derive("y"), m, head.units)
        : Int32Array.from({ length: m }, (_, i) => i % Math.max(2, head.units));
      const result = gradCheck(net, loss, x, targets, { l2: 0.2 });
      assert.equal(result.entries.length, 5); // 2 weights, 2 biases, input
      for (const e of result.entries) {
        assert.ok(e.checked > 0);
        assert.ok(
          e.maxRelativeError < 1e-6,
          `${e.name}: analytic ${e.analytic} vs numeric ${e.numeric}`,
        );
      }
    });
  }
}

Deno.test("gradCheck catches a wrong gradient", () => {
  const net = Network.build({
    inputs: 2,
    layers: [{ kind: "dense", units: 2 }, { kind: "tanh" }, { kind: "dense", units: 1 }],
  }, {
    rng: Rng.seeded(1),
    dtype: "float64",
  });
  const loss = createLoss("mse");
  // A loss whose backward is off by a factor 2 must fail the check.
  const broken = {
    ...loss,
    kind: loss.kind,
    task: loss.task,
    forward: loss.forward.bind(loss),
    backward: () => {
      const g = loss.backward();
      for (let i = 0; i < g.data.length; i++) g.data[i]! *= 2;
      return g;
    },
  };
  const x = Matrix.fromRows([[0.3, -0.2], [0.1, 0.9]], "float64");
  const result = gradCheck(net, broken, x, Matrix.fromRows([[1], [0]], "float64"));
  assert.ok(result.maxRelativeError > 0.3);
});

Deno.test("gradCheck sees that L2 skips the bias", () => {
  const net = Network.build({ inputs: 2, layers: [{ kind: "dense", units: 2 }] }, {
    rng: Rng.seeded(2),
    dtype: "float64",
  });
  net.parameters()[1]!.value.data.set([3, -4]); // large biases: a penalty on them would show
  const x = Matrix.fromRows([[0.5, 0.1]], "float64");
  const result = gradCheck(net, createLoss("mse"), x, Matrix.fromRows([[0, 1]], "float64"), {
    l2: 5,
  });
  assert.ok(result.maxRelativeError < 1e-6);
  const bias = result.entries.find((e) => e.name === "0.bias")!;
  // ∂/∂b of MSE alone: 2(z − y)/2 = z − y, with no λ/m·b term.
  const z = net.predict(x);
  assert.ok(Math.abs(bias.analytic - (z.data[bias.worstIndex]! - [0, 1][bias.worstIndex]!)) < 1e-9);
});

Deno.test("gradCheck samples large layers when asked", () => {
  const net = Network.build({ inputs: 50, layers: [{ kind: "dense", units: 40 }] }, {
    rng: Rng.seeded(3),
  });
  const x = batch(Rng.seeded(4), 2, 50);
  const result = gradCheck(net, createLoss("mse"), x, batch(Rng.seeded(5), 2, 40), {
    maxPerParameter: 25,
  });
  assert.ok(result.entries[0]!.checked <= 26);
  assert.ok(result.maxRelativeError < 1e-6);
});
