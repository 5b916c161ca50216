/** Each non-linear synthetic set: a linear model stays well below a small MLP. */
import assert from "node:assert/strict";
import {
  Adam,
  evaluate,
  fit,
  type LabeledDataset,
  makeCheckerboard,
  makeCircles,
  makeGaussianQuantiles,
  makeMoons,
  makeSpirals,
  makeXor,
  Network,
  type NetworkSpec,
  Rng,
  SoftmaxCrossEntropy,
} from "../mod.ts";

function accuracyOf(data: LabeledDataset, hidden: boolean): number {
  const classes = data.classNames!.length;
  const spec: NetworkSpec = {
    inputs: 2,
    layers: hidden
      ? [{ kind: "dense", units: 32 }, { kind: "tanh" }, { kind: "dense", units: classes }]
      : [{ kind: "dense", units: classes }],
  };
  const rng = Rng.seeded(1);
  const net = Network.build(spec, { rng: rng.derive("init") });
  const loss = new SoftmaxCrossEntropy();
  fit(net, data, {
    loss,
    optimizer: new Adam(net.parameters(), { lr: 0.02 }),
    epochs: 150,
    batchSize: 16,
    rng: rng.derive("shuffle"),
  });
  return evaluate(net, loss, data).accuracy!;
}

const SETS: Record<string, (rng: Rng) => LabeledDataset> = {
  moons: (rng) => makeMoons({ n: 300, noise: 0.1, rng }),
  circles: (rng) => makeCircles({ n: 300, noise: 0.05, rng }),
  xor: (rng) => makeXor({ n: 300, noise: 0.05, rng }),
  spirals: (rng) => makeSpirals({ n: 300, classes: 3, rng }),
  gaussian_quantiles: (rng) => makeGaussianQuantiles({ n: 300, classes: 3, rng }),
  checkerboard: (rng) => makeCheckerboard({ n: 400, squares: 3, noise: 0.02, rng }),
};

for (const [name, make] of Object.entries(SETS)) {
  Deno.test(`${name}: a small MLP clearly beats a linear model`, () => {
    const data = make(Rng.seeded(2, name));
    const linear = accuracyOf(data, false), mlp = accuracyOf(data, true);
    assert.ok(mlp > 0.9, `MLP accuracy ${mlp}`);
    assert.ok(mlp - linear > 0.1, `MLP ${mlp} vs linear ${linear}`);
  });
}
