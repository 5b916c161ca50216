/**
 * Forward and backward of 3-layer networks against independent numpy reference vectors
 * (test/fixtures/make_reference.py), for every loss.
 */
import assert from "node:assert/strict";
import {
  addL2Gradient,
  createLoss,
  l2Penalty,
  type LossKind,
  Matrix,
  Network,
  type NetworkSpec,
  Rng,
} from "../mod.ts";
import { assertAllClose } from "./_helpers.ts";

interface Case {
  name: string;
  loss: LossKind;
  l2: number;
  spec: NetworkSpec;
  weights: Record<string, number[]>;
  x: number[];
  targets: number[];
  targetShape: number[];
  output: number[];
  value: number;
  grads: Record<string, number[]>;
  dx: number[];
}

import reference from "./fixtures/reference.json" with { type: "json" };

const fixture = reference as unknown as { cases: Case[] };

const TOLERANCE = {
  float64: { rtol: 1e-9, atol: 1e-12 },
  float32: { rtol: 2e-4, atol: 2e-6 },
};

for (const c of fixture.cases) {
  for (const dtype of ["float64", "float32"] as const) {
    Deno.test(`reference ${c.name} (${dtype}): output, loss, gradients and dx match numpy`, () => {
      const tol = TOLERANCE[dtype];
      const net = Network.build(c.spec, { rng: Rng.seeded(0), dtype });
      for (const p of net.parameters()) {
        const w = c.weights[p.name];
        assert.ok(w, `fixture has ${p.name}`);
        assert.equal(w.length, p.value.data.length, `shape of ${p.name}`);
        p.value.data.set(w);
      }
      const m = c.x.length / c.spec.inputs;
      const x = new Matrix(
        m,
        c.spec.inputs,
        dtype === "float64" ? Float64Array.from(c.x) : Float32Array.from(c.x),
      );
      const loss = createLoss(c.loss);
      const targets = loss.task === "regression"
        ? new Matrix(c.targetShape[0]!, c.targetShape[1]!, Float64Array.from(c.targets)).clone(
          dtype,
        )
        : Int32Array.from(c.targets);
      const out = net.forward(x);
      assert.equal(out.data.length, c.output.length, "output shape");
      assertAllClose(out.data, c.output, { ...tol, what: "output" });
      const value = loss.forward(out, targets) + l2Penalty(net.parameters(), c.l2, m);
      assertAllClose([value], [c.value], { ...tol, what: "loss" });
      const dx = net.backward(loss.backward(), { inputGrad: true })!;
      addL2Gradient(net.parameters(), c.l2, m);
      for (const p of net.parameters()) {
        assertAllClose(p.grad.data, c.grads[p.name]!, { ...tol, what: `∂ℒ/∂${p.name}` });
      }
      assertAllClose(dx.data, c.dx, { ...tol, what: "∂ℒ/∂x" });
    });
  }
}

Deno.test("reference fixtures cover every loss and L2", () => {
  const losses = new Set(fixture.cases.map((c) => c.loss));
  for (
    const k of [
      "cross_entropy",
      "softmax_cross_entropy",
      "binary_cross_entropy",
      "logistic",
      "mse",
      "mae",
    ]
  ) {
    assert.ok(losses.has(k as LossKind), k);
  }
  assert.ok(fixture.cases.some((c) => c.l2 > 0));
});
