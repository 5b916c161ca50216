/**
 * Forward and backward of 3-layer networks against independent numpy reference vectors
 * (test/fixtures/make_reference.py), for every loss.
 */
import assert from "node:assert/strict";
import {
  ACTIVATION_KINDS,
  addL2Gradient,
  createLoss,
  createOptimizer,
  l2Penalty,
  LOSS_KINDS,
  type LossKind,
  Matrix,
  Network,
  type NetworkSpec,
  OPTIMIZER_KINDS,
  type OptimizerKind,
  type OptimizerSpec,
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

interface OptimizerRun {
  kind: OptimizerKind;
  settings: Record<string, number | boolean>;
  w0: number[];
  grads: number[][];
  trajectory: number[][];
}

const fixture = reference as unknown as { cases: Case[]; optimizers: OptimizerRun[] };

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

Deno.test("reference fixtures cover every loss, every activation, every optimiser and L2", () => {
  const losses = new Set(fixture.cases.map((c) => c.loss));
  for (const k of LOSS_KINDS) assert.ok(losses.has(k), `numpy reference for the loss ${k}`);
  const layers = new Set(fixture.cases.flatMap((c) => c.spec.layers.map((l) => l.kind)));
  for (const k of ACTIVATION_KINDS.filter((k) => k !== "identity")) {
    assert.ok(layers.has(k), `numpy reference for the activation ${k}`);
  }
  const optimizers = new Set(fixture.optimizers.map((o) => o.kind));
  for (const k of OPTIMIZER_KINDS) assert.ok(optimizers.has(k), `numpy reference for ${k}`);
  assert.ok(fixture.cases.some((c) => c.l2 > 0));
});

for (const o of fixture.optimizers) {
  Deno.test(`reference optimiser ${o.kind} (float64): ${o.trajectory.length} steps match numpy`, () => {
    const w = {
      name: "0.weight",
      value: new Matrix(1, o.w0.length, Float64Array.from(o.w0)),
      grad: Matrix.zeros(1, o.w0.length, "float64"),
      regularize: true,
    };
    const optimizer = createOptimizer({ kind: o.kind, ...o.settings } as OptimizerSpec, [w]);
    o.grads.forEach((g, t) => {
      w.grad.data.set(g);
      optimizer.step();
      assertAllClose(w.value.data, o.trajectory[t]!, {
        rtol: 1e-12,
        atol: 1e-14,
        what: `${o.kind} weights after step ${t + 1}`,
      });
    });
  });
}

Deno.test("reference cases are keyed: the generator keeps every stored vector and remakes a dropped case alike", async () => {
  // Drop the last case and the last optimiser run, then let the generator add what is
  // missing: the stored entries must come back untouched, and the dropped ones, drawn from
  // streams of their own, exactly as committed (a case's draws never depend on another's).
  const dir = await Deno.makeTempDir();
  try {
    const trimmed = structuredClone(fixture);
    const lastCase = trimmed.cases.pop()!, lastRun = trimmed.optimizers.pop()!;
    const file = `${dir}/reference.json`;
    await Deno.writeTextFile(file, JSON.stringify(trimmed));
    const out = await new Deno.Command("python3", {
      args: [new URL("./fixtures/make_reference.py", import.meta.url).pathname, "--file", file],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    const remade = JSON.parse(await Deno.readTextFile(file)) as typeof fixture;
    assert.deepEqual(remade.cases.slice(0, -1), trimmed.cases);
    assert.deepEqual(remade.optimizers.slice(0, -1), trimmed.optimizers);
    assert.deepEqual(remade.cases.at(-1), lastCase);
    assert.deepEqual(remade.optimizers.at(-1), lastRun);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
