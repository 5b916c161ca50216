/**
 * The optimisers' conformance suite: every kind of the registry, found by the registry
 * (a new kind runs here without a line added), keeps the family's contract — its spec
 * round-trips, its state saved as JSON and loaded continues bit for bit, and bad settings
 * are refused with their paths. Its numpy trajectory is checked in reference_test.ts, its
 * stop-and-resume inside `fit` in checkpoint_test.ts.
 */
import assert from "node:assert/strict";
import {
  createOptimizer,
  formatPath,
  Matrix,
  OPTIMIZER_KINDS,
  type OptimizerKind,
  OPTIMIZERS,
  type OptimizerSpec,
  type Parameter,
  ValidationError,
} from "../mod.ts";

function params(): Parameter[] {
  const w = (rows: number[][]) => ({
    name: "w",
    value: Matrix.fromRows(rows, "float64"),
    grad: Matrix.zeros(rows.length, rows[0]!.length, "float64"),
    regularize: true,
  });
  return [w([[0.5, -1, 2], [0.1, 0, -0.3]]), { ...w([[0.2, -0.2]]), name: "b", regularize: false }];
}

function stepWith(optimizer: ReturnType<typeof createOptimizer>, t: number): void {
  optimizer.params.forEach((p, k) => {
    for (let i = 0; i < p.grad.data.length; i++) p.grad.data[i] = Math.sin(1 + t * 7 + k * 3 + i);
  });
  optimizer.step();
}

const weights = (ps: readonly Parameter[]) => ps.map((p) => Array.from(p.value.data));

for (const kind of OPTIMIZER_KINDS) {
  const spec = { kind, lr: 0.05 } as OptimizerSpec;

  Deno.test(`optimiser ${kind}: spec() gives every setting, and building from it gives the same spec`, () => {
    const made = createOptimizer(spec, params()).spec();
    assert.deepEqual(
      Object.keys(made),
      ["kind", ...Object.keys(OPTIMIZERS[kind as OptimizerKind].fields)],
    );
    assert.deepEqual(createOptimizer(made, params()).spec(), made);
  });

  Deno.test(`optimiser ${kind}: state saved as JSON after 3 steps and loaded continues bit for bit`, () => {
    const whole = createOptimizer(spec, params());
    for (let t = 0; t < 5; t++) stepWith(whole, t);
    const first = createOptimizer(spec, params());
    for (let t = 0; t < 3; t++) stepWith(first, t);
    const saved = JSON.parse(JSON.stringify({ w: weights(first.params), s: first.state() }));
    const rest = createOptimizer(spec, params());
    rest.params.forEach((p, k) => p.value.data.set(saved.w[k]));
    rest.loadState(saved.s);
    for (let t = 3; t < 5; t++) stepWith(rest, t);
    assert.deepEqual(weights(rest.params), weights(whole.params));
    assert.deepEqual(rest.state(), whole.state());
  });

  Deno.test(`optimiser ${kind}: a bad rate, an unknown setting and a mismatched state are refused`, () => {
    assert.throws(() => createOptimizer({ ...spec, lr: -1 } as OptimizerSpec, params()), (e) => {
      assert.ok(e instanceof ValidationError);
      assert.deepEqual(e.problems.map((p) => formatPath(p.path)), ["optimizer.lr"]);
      return true;
    });
    assert.throws(
      () => createOptimizer({ ...spec, gamma: 1 } as unknown as OptimizerSpec, params()),
      /unknown field for [a-z]+ → at optimizer\.gamma/,
    );
    const opt = createOptimizer(spec, params());
    const own = opt.state();
    assert.throws(
      () => opt.loadState({ steps: 0, buffers: [...own.buffers, [1]] }),
      /Cannot load the optimiser state/,
    );
  });
}
