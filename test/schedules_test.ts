/**
 * Learning-rate schedules: each kind's factors, `fit` applying them per epoch (the same
 * weights as training epoch by epoch at the scheduled rate; stop and resume bit for bit is
 * in checkpoint_test.ts), and the experiment field — checked with the other fields, and in the cell's config.
 */
import assert from "node:assert/strict";
import {
  defineExperiment,
  fit,
  formatPath,
  learningRateFactor,
  makeMoons,
  Network,
  planExperiment,
  Rng,
  SCHEDULE_KINDS,
  type ScheduleKind,
  type ScheduleSpec,
  SGD,
  SoftmaxCrossEntropy,
  ValidationError,
} from "../mod.ts";

/** Per kind: a spec, the epochs, and the factors expected in each epoch. */
const EXPECTED: { readonly [K in ScheduleKind]: { spec: ScheduleSpec; factors: number[] } } = {
  cosine: {
    spec: { kind: "cosine", final: 0.1 },
    factors: [0, 1, 2, 3, 4].map((i) => 0.1 + 0.9 * 0.5 * (1 + Math.cos((Math.PI * i) / 5))),
  },
  step: { spec: { kind: "step", every: 2, factor: 0.5 }, factors: [1, 1, 0.5, 0.5, 0.25] },
  exponential: {
    spec: { kind: "exponential", factor: 0.9 },
    factors: [1, 0.9, 0.81, 0.729, 0.6561],
  },
  warmup: { spec: { kind: "warmup", epochs: 3, start: 0.4 }, factors: [0.4, 0.6, 0.8, 1, 1] },
};

for (const [kind, { spec, factors }] of Object.entries(EXPECTED)) {
  Deno.test(`schedule ${kind}: the factor of each epoch`, () => {
    const got = factors.map((_, i) => learningRateFactor(spec, i + 1, factors.length));
    got.forEach((f, i) => assert.ok(Math.abs(f - factors[i]!) < 1e-15, `epoch ${i + 1}: ${f}`));
  });
}

Deno.test("every schedule keeps the contract: a finite factor in (0, 1], the same for the same epoch", () => {
  for (const kind of SCHEDULE_KINDS) {
    const { spec } = EXPECTED[kind];
    for (const epochs of [1, 7, 40]) {
      for (let epoch = 1; epoch <= epochs; epoch++) {
        const f = learningRateFactor(spec, epoch, epochs);
        assert.ok(Number.isFinite(f) && f > 0 && f <= 1, `${kind} epoch ${epoch}/${epochs}: ${f}`);
        assert.equal(learningRateFactor(spec, epoch, epochs), f);
      }
    }
  }
});

Deno.test("schedule specs: unknown kinds, missing and bad settings are reported with their paths", () => {
  const problems = (spec: unknown) => {
    try {
      learningRateFactor(spec as ScheduleSpec, 1, 1);
      return [];
    } catch (e) {
      assert.ok(e instanceof ValidationError);
      return e.problems.map((p) => `${formatPath(p.path)}: ${p.message}`);
    }
  };
  assert.deepEqual(problems({ kind: "linear" }), [
    'schedule.kind: unknown schedule "linear"; expected one of cosine, step, exponential, warmup',
  ]);
  assert.deepEqual(problems({ kind: "step", factor: 2, gamma: 1 }), [
    "schedule.gamma: unknown field for step",
    "schedule.every: required",
    "schedule.factor: expected a number in (0, 1), got 2",
  ]);
  assert.deepEqual(problems({ kind: "cosine", final: 1 }), [
    "schedule.final: expected a number in [0, 1), got 1",
  ]);
});

const moons = makeMoons({ n: 96, noise: 0.2, rng: Rng.seeded(2) });
const build = () =>
  Network.build({
    inputs: 2,
    layers: [{ kind: "dense", units: 8 }, { kind: "tanh" }, { kind: "dense", units: 2 }],
  }, { rng: Rng.seeded(3) });

Deno.test("fit with a schedule: the same weights as training one epoch at a time at the scheduled rate", () => {
  const schedule: ScheduleSpec = { kind: "step", every: 1, factor: 0.5 };
  const scheduled = build();
  const optimizer = new SGD(scheduled.parameters(), { lr: 0.4, momentum: 0.9 });
  fit(scheduled, moons, {
    loss: new SoftmaxCrossEntropy(),
    optimizer,
    epochs: 3,
    batchSize: 8,
    rng: Rng.seeded(4),
    schedule,
  });
  assert.equal(optimizer.lr, 0.4, "the configured rate is put back");

  const byHand = build();
  const manual = new SGD(byHand.parameters(), { lr: 0.4, momentum: 0.9 });
  const rng = Rng.seeded(4);
  for (const lr of [0.4, 0.2, 0.1]) {
    manual.lr = lr;
    fit(byHand, moons, {
      loss: new SoftmaxCrossEntropy(),
      optimizer: manual,
      epochs: 1,
      batchSize: 8,
      rng,
    });
  }
  const weights = (n: Network) => n.parameters().map((p) => Array.from(p.value.data));
  assert.deepEqual(weights(scheduled), weights(byHand));
  // And it is not what a constant rate gives.
  const constant = build();
  fit(constant, moons, {
    loss: new SoftmaxCrossEntropy(),
    optimizer: new SGD(constant.parameters(), { lr: 0.4, momentum: 0.9 }),
    epochs: 3,
    batchSize: 8,
    rng: Rng.seeded(4),
  });
  assert.notDeepEqual(weights(constant), weights(scheduled));
});

Deno.test("experiments: `schedule` reaches the cell's config (a function of the cell too) and is checked", async () => {
  const base = {
    name: "sched",
    description: "",
    grid: { decay: [0.5, 0.9] },
    data: { kind: "xor" as const },
    model: (_p: unknown, s: { outputs: number }) => [{ kind: "dense" as const, units: s.outputs }],
    optimizer: { kind: "sgd" as const, lr: 0.1 },
    epochs: 2,
    batchSize: 4,
  };
  const without = await planExperiment(defineExperiment(base));
  assert.ok(without.cells.every((c) => !("schedule" in c.config)));
  const plan = await planExperiment(
    defineExperiment({
      ...base,
      schedule: (p: { decay: number }) => ({ kind: "exponential", factor: p.decay }),
    }),
  );
  assert.deepEqual(plan.cells.map((c) => c.config.schedule), [
    { kind: "exponential", factor: 0.5 },
    { kind: "exponential", factor: 0.9 },
  ]);
  assert.notEqual(plan.cells[0]!.id, without.cells[0]!.id);
  // A field with a default may be a function that returns undefined for the default.
  const mixed = await planExperiment(
    defineExperiment({
      ...base,
      schedule: (p: { decay: number }) =>
        p.decay > 0.6 ? { kind: "exponential", factor: p.decay } : undefined,
      patience: (p: { decay: number }) => (p.decay > 0.6 ? 3 : undefined),
    }),
  );
  assert.deepEqual(mixed.cells.map((c) => [c.config.schedule, c.config.patience]), [
    [undefined, null],
    [{ kind: "exponential", factor: 0.9 }, 3],
  ]);
  assert.equal(mixed.cells[0]!.id, without.cells[0]!.id, "the default keeps the cell's id");
  await assert.rejects(
    planExperiment(
      defineExperiment({ ...base, schedule: { kind: "step", every: 0, factor: 0.5 } }),
    ),
    (e) =>
      e instanceof ValidationError &&
      /expected a positive integer, got 0 → at schedule\.every/.test(e.message),
  );
});
