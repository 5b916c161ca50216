/**
 * Checkpoints: training stopped at an epoch boundary and continued from the saved state
 * ends bit-identical to training that never stopped — in `fit`, and through the CLI after
 * kill -9 mid-unit.
 */
import assert from "node:assert/strict";
import {
  createLoss,
  createOptimizer,
  fit,
  type FitState,
  makeMoons,
  Network,
  OPTIMIZER_KINDS,
  type OptimizerSpec,
  Rng,
  SCHEDULE_KINDS,
  type ScheduleKind,
  type ScheduleSpec,
  split,
  TrainingStopped,
} from "../mod.ts";
import { parseJournal } from "../lib/experiment/store/journal.ts";
import { cli, FIXTURES, onlyRun, REPO, runMetrics, withTempDir } from "./_runs.ts";

function train(
  optimizer: OptimizerSpec,
  stopAt?: number,
  from?: FitState,
  schedule?: ScheduleSpec,
) {
  const data = makeMoons({ n: 300, noise: 0.25, rng: Rng.seeded(3) });
  const parts = split(data, { validation: 0.3, test: 0, rng: Rng.seeded(4) });
  const net = Network.build({
    inputs: 2,
    layers: [{ kind: "dense", units: 16 }, { kind: "tanh" }, { kind: "dense", units: 2 }],
  }, { rng: Rng.seeded(5) });
  let saved: FitState | undefined;
  const result = (() => {
    try {
      return fit(net, parts.train, {
        loss: createLoss("softmax_cross_entropy", { kernels: net.kernels }),
        optimizer: createOptimizer(optimizer, net.parameters(), net.kernels),
        epochs: 12,
        batchSize: 8,
        rng: Rng.seeded(6),
        validation: parts.validation!,
        patience: 5,
        l2: 1e-4,
        ...(schedule ? { schedule } : {}),
        ...(from ? { resumeFrom: JSON.parse(JSON.stringify(from)) } : {}),
        onEpochEnd: (epoch, capture) => {
          if (epoch !== stopAt) return false;
          saved = capture();
          return true;
        },
      });
    } catch (e) {
      if (!(e instanceof TrainingStopped)) throw e;
      return undefined;
    }
  })();
  const weights = net.parameters().map((p) => Array.from(p.value.data));
  return { result, saved, weights };
}

/** A schedule of each kind (the compiler asks for a new kind's). */
const SCHEDULE_EXAMPLES: { readonly [K in ScheduleKind]: ScheduleSpec } = {
  cosine: { kind: "cosine" },
  step: { kind: "step", every: 3, factor: 0.5 },
  exponential: { kind: "exponential", factor: 0.9 },
  warmup: { kind: "warmup", epochs: 6 },
};

// Every optimiser of the registry (a new kind is in without a line here), Nesterov's SGD,
// and every schedule of the registry over SGD with momentum.
for (
  const [optimizer, schedule] of [
    ...OPTIMIZER_KINDS.map((kind) => [{ kind, lr: kind === "sgd" ? 0.1 : 0.02 }]),
    [{ kind: "sgd", lr: 0.1, momentum: 0.9, nesterov: true }],
    ...SCHEDULE_KINDS.map((kind) => [
      { kind: "sgd", lr: 0.1, momentum: 0.9 },
      SCHEDULE_EXAMPLES[kind],
    ]),
  ] as [OptimizerSpec, ScheduleSpec?][]
) {
  const name = `${JSON.stringify(optimizer)}${schedule ? ` and a ${schedule.kind} schedule` : ""}`;
  Deno.test(`fit with ${name}: stopped at epoch 4, saved as JSON and continued, ends bit-identical`, () => {
    const whole = train(optimizer, undefined, undefined, schedule);
    const first = train(optimizer, 4, undefined, schedule);
    assert.equal(first.result, undefined);
    assert.equal(first.saved!.epoch, 4);
    const rest = train(optimizer, undefined, first.saved, schedule);
    assert.deepEqual(rest.weights, whole.weights);
    const strip = (h: readonly { seconds: number }[]) => h.map((e) => ({ ...e, seconds: 0 }));
    assert.deepEqual(strip(rest.result!.history), strip(whole.result!.history));
    assert.equal(rest.result!.bestEpoch, whole.result!.bestEpoch);
    assert.equal(rest.result!.status, whole.result!.status);
  });
}

function checkpoints(dir: string): string[] {
  try {
    return Array.from(Deno.readDirSync(`${dir}/checkpoints`), (e) => e.name).filter((n) =>
      n.endsWith(".json")
    );
  } catch {
    return [];
  }
}

Deno.test("kill -9 mid-unit: --resume goes on from the units' checkpoints and ends bit-identical", async () => {
  await withTempDir(async (tmp) => {
    const LONG = `${FIXTURES}/long.ts`;
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--allow-read",
        `--allow-write=${tmp}`,
        `${REPO}/cli.ts`,
        "experiment",
        LONG,
        "--out",
        `${tmp}/killed`,
        "--checkpoint-every",
        "0",
        "--quiet",
      ],
      stdout: "null",
      stderr: "null",
    }).spawn();
    let dir = "";
    for (let i = 0; i < 1200; i++) {
      await new Promise((r) => setTimeout(r, 25));
      dir = await onlyRun(`${tmp}/killed`, "long").catch(() => "");
      if (dir && checkpoints(dir).length === 2) break;
    }
    child.kill("SIGKILL");
    await child.status;
    assert.deepEqual(checkpoints(dir).length, 2, "both units saved an epoch");
    const journal = await Deno.readTextFile(`${dir}/units.jsonl`).catch(() => "");
    assert.equal(parseJournal(journal, "units.jsonl").units.length, 0, "no unit had finished");
    // A copy whose checkpoints cannot be trusted: one edited (still valid JSON), one cut short.
    const bad = `${tmp}/bad/long/run`;
    await Deno.mkdir(`${bad}/checkpoints`, { recursive: true });
    for (const e of Deno.readDirSync(dir)) {
      if (e.isFile) await Deno.copyFile(`${dir}/${e.name}`, `${bad}/${e.name}`);
    }
    const [edited, cut] = checkpoints(dir);
    const text = await Deno.readTextFile(`${dir}/checkpoints/${edited}`);
    const tampered = text.replace(
      /("params":\[\[)(-?[\d.]+)/,
      (_, head, v) => `${head}${Number(v) + 1}`,
    );
    assert.notEqual(tampered, text);
    await Deno.writeTextFile(`${bad}/checkpoints/${edited}`, tampered);
    const whole = await Deno.readTextFile(`${dir}/checkpoints/${cut}`);
    await Deno.writeTextFile(`${bad}/checkpoints/${cut}`, whole.slice(0, whole.length >> 1));
    const resumed = await cli(["experiment", LONG, "--resume", dir, "--quiet"], { write: tmp });
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.match(resumed.stderr, /note: 2 units go on from their checkpoints/);
    assert.deepEqual(checkpoints(dir), [], "spent checkpoints are removed");
    const full = await cli(["experiment", LONG, "--out", `${tmp}/full`, "--quiet"], { write: tmp });
    assert.equal(full.code, 0, full.stderr);
    const reference = await runMetrics(await onlyRun(`${tmp}/full`, "long"));
    assert.deepEqual(await runMetrics(dir), reference);
    // Each bad checkpoint is set aside with a note naming what is wrong; its unit starts over.
    const again = await cli(["experiment", LONG, "--resume", bad, "--quiet"], { write: tmp });
    assert.equal(again.code, 0, again.stderr);
    assert.match(
      again.stderr,
      new RegExp(
        `note: checkpoints/${edited} set aside as ${edited}\\.set-aside: its content changed since it was written \\(the digest does not match\\); cell \\w+ seed \\d+ starts over`,
      ),
    );
    assert.match(
      again.stderr,
      new RegExp(`note: checkpoints/${cut} set aside as ${cut}\\.set-aside: it does not parse`),
    );
    assert.deepEqual(
      [...Deno.readDirSync(`${bad}/checkpoints`)].map((e) => e.name).sort(),
      [`${edited}.set-aside`, `${cut}.set-aside`].sort(),
    );
    assert.deepEqual(await runMetrics(bad), reference, "started over, the same result");
  });
});
