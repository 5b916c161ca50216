import assert from "node:assert/strict";
import { unpackBoundary } from "../lib/experiment/boundary_runs.ts";
import { environment } from "../lib/experiment/store/provenance.ts";
import { commitText } from "../lib/experiment/store/manifest.ts";
import { gunzipJson, payloadUnits, type RunPayload } from "../lib/report/payload.ts";
import {
  aggregate,
  chooseBest,
  defineExperiment,
  formatPath,
  headline,
  loadExperiment,
  mergeRuns,
  planExperiment,
  primaryMetric,
  readRun,
  runExperiment,
  runToFolder,
  runUnit,
  summarize,
  ValidationError,
} from "../mod.ts";
import { parse } from "npm:csv-parse@7.0.3/sync";
import {
  cli,
  FIXTURES,
  journalText,
  onlyRun,
  plainJournal,
  removeJournal,
  REPO,
  runMetrics,
  withTempDir,
} from "./_runs.ts";

const tiny = (await loadExperiment(`${FIXTURES}/tiny.ts`)).definition;

Deno.test("planning: cells are the grid's product, with stable ids and readable labels", async () => {
  const plan = await planExperiment(tiny);
  assert.equal(plan.cells.length, 8);
  assert.deepEqual(plan.seeds, [1, 2]);
  assert.equal(plan.cells[0]!.label, "data=moons(n=120,noise=0.2) hidden=0 lr=0.05");
  assert.equal(plan.cells[7]!.label, "data=spirals(n=120,classes=3) hidden=8 lr=0.3");
  assert.equal(new Set(plan.cells.map((c) => c.id)).size, 8);
  const again = await planExperiment(tiny);
  assert.deepEqual(again.cells.map((c) => c.id), plan.cells.map((c) => c.id));
  assert.equal(again.definitionHash, plan.definitionHash);
  // The model's input width comes from the data; the output from its classes.
  assert.equal(plan.cells[7]!.config.model.inputs, 2);
  assert.deepEqual(plan.cells[7]!.config.model.layers.at(-1), { kind: "dense", units: 3 });
  // --set replaces an axis; --epochs changes every cell (and so the ids).
  const set = await planExperiment(tiny, { set: { lr: [0.1] }, epochs: 2, seeds: [5, 9] });
  assert.equal(set.cells.length, 4);
  assert.ok(set.cells.every((c) => c.config.epochs === 2 && c.params.lr === 0.1));
  assert.deepEqual(set.seeds, [5, 9]);
});

Deno.test("planning: cases add cells, and a case equal to a grid cell is not run twice", async () => {
  const base = {
    name: "cases",
    description: "",
    grid: { lr: [0.1, 0.2] },
    data: { kind: "xor" as const },
    model: (_p: unknown, s: { outputs: number }) => [{ kind: "dense" as const, units: s.outputs }],
    optimizer: (p: { lr: number }) => ({ kind: "sgd" as const, lr: p.lr }),
    epochs: 2,
    batchSize: 4,
  };
  const plan = await planExperiment(
    defineExperiment({ ...base, cases: [{ lr: 0.5 }, { lr: 0.1 }] }),
  );
  assert.deepEqual(plan.cells.map((c) => c.label), ["lr=0.1", "lr=0.2", "lr=0.5"]);
});

Deno.test("the primary metric: declared, defaulted per task, checked against the metrics, and used to choose", async () => {
  assert.equal((await planExperiment(tiny)).primary, "accuracy");
  const base = defineExperiment({
    name: "primary",
    description: "",
    grid: { lr: [0.05, 0.3] },
    data: { kind: "moons", n: 80 },
    model: (_p, s) => [{ kind: "dense", units: s.outputs }],
    optimizer: (p) => ({ kind: "sgd", lr: p.lr }),
    epochs: 2,
    batchSize: 16,
  });
  const byLoss = defineExperiment({ ...base, metrics: ["accuracy", "loss"], primary: "loss" });
  assert.equal((await planExperiment(byLoss)).primary, "loss");
  const problems = async (def: unknown) => {
    try {
      await planExperiment(def as never);
    } catch (e) {
      return (e as ValidationError).problems.map((p) => `${formatPath(p.path)}: ${p.message}`);
    }
    return [];
  };
  assert.deepEqual(await problems({ ...base, metrics: ["accuracy"], primary: "loss" }), [
    'primary: expected one of the metrics (accuracy), got "loss"; add it to metrics or pick one of them',
  ]);
  assert.deepEqual(await problems({ ...base, primary: "f1" }), [
    'primary: unknown metric "f1"; expected one of loss, accuracy, mse, mae, r2',
  ]);
  assert.deepEqual(await problems({ ...base, primary: "r2" }), [
    "primary: r2 is not among the metrics binary data reports by default (accuracy, loss); pick one of them",
  ]);
  await withTempDir(async (out) => {
    const run = await runToFolder(byLoss, { out, workers: 0 });
    const manifest = JSON.parse(await Deno.readTextFile(`${run.dir}/manifest.json`));
    assert.equal(manifest.primary, "loss");
    const stored = await readRun(run.dir);
    const [choice] = chooseBest(aggregate(stored), primaryMetric(stored.manifest));
    assert.equal(choice!.by, "validation_loss");
    assert.equal(headline(stored, aggregate(stored)), "test_loss");
    // A run made before the field existed falls back to its first metric.
    assert.equal(primaryMetric({ metrics: ["mse", "r2"] }), "mse");
  });
});

Deno.test("validation: circular, BigInt, undefined and unreadable values are named by their path", async () => {
  const base = {
    name: "bad",
    description: "",
    model: (_p: unknown, s: { outputs: number }) => [{ kind: "dense" as const, units: s.outputs }],
    optimizer: { kind: "sgd" as const, lr: 0.1 },
    epochs: 1,
    batchSize: 8,
    data: { kind: "moons" },
  };
  const circular: Record<string, unknown> = { kind: "moons" };
  circular.self = circular;
  const unreadable = {
    kind: "moons",
    get n(): number {
      throw new Error("boom");
    },
  };
  const cases: [unknown, string][] = [
    [{ ...base, data: circular }, "data: expected a JSON value, got a circular value (at .self)"],
    [
      { ...base, grid: { d: [circular] } },
      "grid.d[0]: expected a JSON value, got a circular value (at .self)",
    ],
    [{ ...base, grid: { n: [1n] } }, "grid.n[0]: expected a JSON value, got a BigInt"],
    [
      { ...base, grid: { lr: [0.1, undefined] } },
      "grid.lr[1]: expected a JSON value, got undefined",
    ],
    [
      { ...base, data: unreadable },
      "data: expected a JSON value, got a value whose properties cannot be read (boom)",
    ],
  ];
  cases.push([
    { ...base, optimiser: { kind: "sgd" } },
    "optimiser: unknown field (did you mean optimizer?)",
  ]);
  cases.push([
    { ...base, seeds: Array.from({ length: 5000 }, (_, i) => i) },
    "seeds: expected at most 1000 seeds (as a count allows), got a list of 5000",
  ]);
  for (const [def, line] of cases) {
    await assert.rejects(planExperiment(def as never), (e: unknown) => {
      assert.ok(e instanceof ValidationError, String(e));
      assert.deepEqual(e.problems.map((p) => `${formatPath(p.path)}: ${p.message}`), [line]);
      return true;
    });
  }
});

Deno.test("common random numbers: --epochs 10 and --epochs 40 share each seed's first epoch; runs from before keep their streams", async () => {
  await withTempDir(async (out) => {
    const firstEpochs = async (epochs: string) => {
      const r = await cli([
        "experiment",
        "lesson-2d",
        "--epochs",
        epochs,
        "--seeds",
        "1",
        "--out",
        `${out}/${epochs}`,
        "--quiet",
      ], { write: out });
      assert.equal(r.code, 0, r.stderr);
      const dir = await onlyRun(`${out}/${epochs}`, "lesson-2d");
      const labels = new Map(
        (parse(await Deno.readTextFile(`${dir}/cells.csv`), { columns: true }) as Record<
          string,
          string
        >[])
          .map((row) => [row.cell_id!, row.label!]),
      );
      const rows = parse(await Deno.readTextFile(`${dir}/epochs.csv`), { columns: true }) as Record<
        string,
        string
      >[];
      return new Map(
        rows.filter((r) => r.epoch === "1").map((r) => [labels.get(r.cell_id!)!, r.train_loss!]),
      );
    };
    const [ten, forty] = [await firstEpochs("10"), await firstEpochs("40")];
    assert.equal(ten.size, 12);
    assert.deepEqual(
      forty,
      ten,
      "seed 1's first-epoch train loss, to the last digit, in every cell",
    );
    assert.equal(new Set(ten.values()).size > 1, true);
    // A run made before (no streams field) resumes with its cells' own streams.
    const run = await runToFolder(tiny, { out: `${out}/old`, workers: 0 });
    const manifest = JSON.parse(await Deno.readTextFile(`${run.dir}/manifest.json`));
    assert.equal(manifest.streams, "settings");
    delete manifest.streams;
    manifest.status = "interrupted";
    await Deno.writeTextFile(`${run.dir}/manifest.json`, JSON.stringify(manifest, null, 2));
    await plainJournal(run.dir);
    const lines = (await journalText(run.dir)).trimEnd().split("\n");
    const dropped = JSON.parse(lines.pop()!);
    await Deno.writeTextFile(`${run.dir}/units.jsonl`, lines.join("\n") + "\n");
    await runToFolder(tiny, { resume: run.dir, workers: 0 });
    const again = (await journalText(run.dir)).trimEnd().split("\n").map((l) => JSON.parse(l))
      .find((u) => u.cellId === dropped.cellId && u.seed === dropped.seed);
    const cell = run.plan.cells.find((c) => c.id === dropped.cellId)!;
    const byCell = await runUnit(cell, dropped.seed, { streams: "cell" });
    assert.deepEqual(again.final, JSON.parse(JSON.stringify(byCell.final)));
    assert.notDeepEqual(again.final, dropped.final, "the cell-id streams draw other numbers");
  });
});

Deno.test("a CSV with a numeric target and regression metrics: the message says how to ask for regression", async () => {
  await withTempDir(async (dir) => {
    const rows = Array.from({ length: 40 }, (_, i) => `${i / 10},${(i * 0.37).toFixed(2)}`);
    await Deno.writeTextFile(`${dir}/sine.csv`, ["x,y", ...rows].join("\n") + "\n");
    const def = defineExperiment({
      name: "csvreg",
      description: "",
      data: { kind: "csv", path: "sine.csv", target: "y" },
      model: (_p, s) => [{ kind: "dense", units: s.outputs }],
      loss: "mse",
      metrics: ["mse", "loss"],
      optimizer: { kind: "sgd", lr: 0.1 },
      epochs: 1,
      batchSize: 8,
    });
    await assert.rejects(planExperiment(def, {}, { baseDir: dir }), (e: unknown) => {
      assert.ok(e instanceof ValidationError, String(e));
      assert.match(
        e.problems.map((p) => p.message).join("\n"),
        /mse does not apply to multiclass data \(a CSV target is read as class labels; for numbers to predict, add task: "regression" to the data spec\)/,
      );
      return true;
    });
    // With the default metrics it plans (one class per value), and the split says why not.
    const { loss: _loss, metrics: _metrics, ...rest } = def;
    const classes = defineExperiment(rest);
    await assert.rejects(
      runToFolder(classes, { out: `${dir}/out`, workers: 0, baseDir: dir }),
      /the validation part would be empty \(the CSV target was read as 40 classes of 40 examples; for numbers to predict, add task: "regression" to the data spec\)/,
    );
    const fixed = defineExperiment({
      ...def,
      data: { ...def.data as object, task: "regression" } as never,
    });
    assert.equal((await planExperiment(fixed, {}, { baseDir: dir })).cells.length, 1);
  });
});

Deno.test("provenance names the files a run read that git does not track", async () => {
  const untracked = await Deno.makeTempFile({ dir: REPO, prefix: ".zz-untracked-", suffix: ".ts" });
  try {
    const env = await environment("typescript", [untracked, `${REPO}/experiments/lesson-2d.ts`]);
    assert.ok(env.gitCommit !== null, "the repository is a git checkout");
    assert.deepEqual(env.gitUntracked, [untracked.slice(REPO.length + 1)]);
    assert.match(
      commitText(env),
      / \((clean|with uncommitted changes); not in git: \.zz-untracked-/,
    );
  } finally {
    await Deno.remove(untracked);
  }
});

Deno.test("validation: every problem at once, each with its path, before anything runs", async () => {
  const bad = defineExperiment({
    name: "Bad Name",
    description: "",
    grid: {
      lr: [0.1, 0.5, -0.1],
      data: [{ kind: "moons" }, { kind: "moons", n: 0 }, { n: 0, kind: "moons" }],
      depth: [],
    },
    seeds: [1, 1],
    data: (p) => p.data,
    model: (_p, s) => [{ kind: "dense", units: s.outputs + 1 }],
    optimizer: (p) => ({ kind: "sgd", lr: p.lr }),
    epochs: 0,
    batchSize: 4,
    metrics: ["accuracy", "f1" as never],
  });
  await assert.rejects(planExperiment(bad), (e: unknown) => {
    assert.ok(e instanceof ValidationError);
    assert.deepEqual(e.problems.map((p) => `${formatPath(p.path)}: ${p.message}`), [
      'name: expected a name of lower-case letters, digits, - and _, got "Bad Name"',
      'grid.data[2]: {"kind":"moons","n":0} is listed twice (also at [1])',
      "grid.depth: expected a non-empty array of values, got []",
      "seeds[1]: seed 1 is listed twice",
      'metrics[1]: unknown metric "f1"; expected one of loss, accuracy, mse, mae, r2',
    ]);
    return true;
  });
  const cellsBad = defineExperiment({
    name: "bad",
    description: "",
    grid: { lr: [0.1, 0.5, -0.1], data: [{ kind: "moons" }, { kind: "moons", n: 0 }] },
    data: (p) => p.data,
    model: (_p, s) => [{ kind: "dense", units: s.outputs + 1 }],
    optimizer: (p) => ({ kind: "sgd", lr: p.lr }),
    epochs: 0,
    batchSize: 4,
  });
  await assert.rejects(planExperiment(cellsBad), (e: unknown) => {
    const lines = (e as ValidationError).problems.map((p) => `${formatPath(p.path)}: ${p.message}`);
    assert.deepEqual(lines, [
      "grid.data[1].n: expected a positive integer, got 0",
      "grid.lr[2]: expected a positive number, got -0.1",
      "epochs: expected a positive integer, got 0",
      "model: the last dense layer has 3 units; softmax_cross_entropy on this data needs 2 (in 3 of 6 cells, first lr=0.1 data=moons)",
    ]);
    assert.match(
      (e as Error).message,
      /✖ expected a positive number, got -0\.1 → at grid\.lr\[2\]/,
    );
    return true;
  });
  await assert.rejects(planExperiment(tiny, { set: { depth: [1] }, epochs: -3 }), (e: unknown) => {
    const lines = (e as ValidationError).problems.map((p) => `${formatPath(p.path)}: ${p.message}`);
    assert.deepEqual(lines, [
      "--set depth: unknown axis; the axes are data, hidden, lr",
      "--epochs: expected a positive integer, got -3",
    ]);
    return true;
  });
});

Deno.test("a run writes the DESIGN layout, and summary.csv holds mean, std and the 95% interval within range", async () => {
  await withTempDir(async (out) => {
    const run = await runExperiment(tiny, { out, workers: 0 });
    assert.equal(run.status, "completed");
    const names = Array.from(Deno.readDirSync(run.dir), (e) => e.name).sort();
    assert.deepEqual(names, [
      "boundaries.json",
      "cells.csv",
      "details",
      "diagnostics.json",
      "epochs.csv",
      "index.html",
      "manifest.json",
      "models",
      "run.js",
      "summary.csv",
      "units.jsonl.gz",
    ]);
    // run.js holds every unit's summary; details/<k>.js their epochs and pictures, each once.
    await import(`file://${run.dir}/run.js`);
    const key = `${run.plan.experiment}/${run.dir.split("/").at(-1)}`;
    const payload = (globalThis as unknown as { mlpRuns: Record<string, RunPayload> })
      .mlpRuns[key]!;
    const summaries = await payloadUnits(payload);
    assert.equal(summaries.length, 16);
    assert.ok(summaries.every((u) => !("history" in u) && "final" in u));
    assert.deepEqual(payload.chunks, [0]);
    await import(`file://${run.dir}/details/0.js`);
    const details = await gunzipJson<{ cellId: string; seed: number; history: unknown[] }[]>(
      (globalThis as unknown as { mlpDetails: Record<string, string> }).mlpDetails[`${key}#0`]!,
    );
    assert.deepEqual(
      details.map((d) => `${d.cellId}/${d.seed}`),
      summaries.map((u) => `${u.cellId}/${u.seed}`),
    );
    assert.ok(details.every((d) => d.history.length > 0));
    // plotly is shared by every run of the results folder, not copied per run.
    const assets = Array.from(Deno.readDirSync(`${out}/_assets`), (e) => e.name);
    assert.ok(assets.some((n) => /^plotly-\d+\.\d+\.\d+\.min\.js$/.test(n)), assets.join());
    assert.ok(Deno.statSync(`${out}/index.html`).isFile, "results/index.html lists the runs");
    // The lesson's decision boundary, for every cell (its data is 2-D), from the first seed.
    // Stored as runs of classes ([class, count, …]), read back as the grid's classes.
    const stored = JSON.parse(await Deno.readTextFile(`${run.dir}/boundaries.json`));
    assert.deepEqual(Object.keys(stored).sort(), run.plan.cells.map((c) => c.id).sort());
    const boundaries = Object.fromEntries(
      Object.entries(stored).map(([id, b]) => [id, unpackBoundary(b)]),
    );
    for (const [id, b] of Object.entries(boundaries)) {
      const runs = (stored[id] as { classRuns: number[] }).classRuns;
      assert.ok(runs.length < b.size * b.size / 4, `${runs.length} numbers for ${b.size}²`);
      assert.equal(b.classes.length, b.size * b.size);
      assert.ok(b.points.length > 0 && b.points.length <= 300);
    }
    const spirals = boundaries[run.plan.cells[7]!.id]!;
    assert.deepEqual(
      [...new Set(spirals.classes)].sort(),
      [0, 1, 2],
      "a 3-class boundary shows 3 regions",
    );
    const manifest = JSON.parse(await Deno.readTextFile(`${run.dir}/manifest.json`));
    assert.equal(manifest.status, "completed");
    assert.equal(manifest.environment.deno, Deno.version.deno);
    assert.equal(manifest.environment.cores, navigator.hardwareConcurrency);
    assert.ok(
      manifest.cells.every((c: { units: Record<string, string> }) =>
        Object.values(c.units).every((s) => s !== "pending")
      ),
    );
    const cells = parse(await Deno.readTextFile(`${run.dir}/cells.csv`), {
      columns: true,
    }) as Record<string, string>[];
    const summary = parse(await Deno.readTextFile(`${run.dir}/summary.csv`), {
      columns: true,
    }) as Record<string, string>[];
    assert.equal(cells.length, 16);
    assert.equal(summary.length, 8);
    for (const row of summary) {
      const values = cells.filter((c) => c.cell_id === row.cell_id).map((c) =>
        Number(c.test_accuracy)
      );
      const s = summarize(values);
      assert.equal(Number(row.test_accuracy_mean), s.mean);
      assert.equal(row.test_accuracy_std === "" ? NaN : Number(row.test_accuracy_std), s.std);
      if (Number.isFinite(s.std) && s.std > 0) {
        // n = 2: t(0.975, 1) = 12.706, then clipped to accuracy's range [0, 1]
        const high = Math.min(1, s.mean + 12.7062047 * s.std / Math.SQRT2);
        assert.ok(Math.abs(Number(row.test_accuracy_ci95_high) - high) < 1e-6);
      }
      // Every interval lies within its metric's range; epoch counts have integer ends.
      for (const [column, value] of Object.entries(row)) {
        if (!/_ci95_(low|high)$/.test(column) || value === "") continue;
        const v = Number(value);
        if (column.includes("accuracy")) assert.ok(v >= 0 && v <= 1, `${column} ${v}`);
        if (column.includes("loss")) assert.ok(v >= 0, `${column} ${v}`);
        if (column.startsWith("epochs_run")) {
          assert.ok(Number.isInteger(v) && v >= 1 && v <= 6, `${column} ${v}`);
        }
      }
    }
    const manifestIntervals = JSON.parse(await Deno.readTextFile(`${run.dir}/manifest.json`))
      .intervals;
    assert.match(manifestIntervals, /intersected with the metric's range/);
    const epochs = parse(await Deno.readTextFile(`${run.dir}/epochs.csv`), {
      columns: true,
    }) as Record<string, string>[];
    assert.ok(epochs.every((r) => r.max_abs_weight_1 !== "" && Number(r.max_abs_weight_1) > 0));
    assert.ok(epochs.some((r) => r.max_abs_weight_2 !== ""));
    const html = await Deno.readTextFile(`${run.dir}/index.html`);
    // plotly is the shared copy, loaded by the page's script once the text is drawn.
    assert.match(html, /data-plotly="\.\.\/\.\.\/_assets\/plotly-[\d.]+\.min\.js"/);
    assert.ok(!/https?:\/\//.test(html), "the report fetches nothing");
  });
});

Deno.test("reproducibility: workers 1, workers 2 and two merged shards give byte-identical metric columns", async () => {
  await withTempDir(async (out) => {
    const one = await runToFolder(tiny, { out: `${out}/w1`, workers: 1 });
    const two = await runToFolder(tiny, { out: `${out}/w2`, workers: 2 });
    const inline = await runToFolder(tiny, { out: `${out}/w0`, workers: 0 });
    const s1 = await runToFolder(tiny, {
      out: `${out}/shards`,
      workers: 2,
      shard: { index: 1, count: 2 },
    });
    const s2 = await runToFolder(tiny, {
      out: `${out}/shards`,
      workers: 2,
      shard: { index: 2, count: 2 },
    });
    assert.ok(s1.units.size > 0 && s2.units.size > 0, "both shards have work");
    assert.equal(s1.units.size + s2.units.size, 16);
    const merged = await mergeRuns([s2.dir, s1.dir], { out: `${out}/merged` });
    assert.equal(merged.status, "completed");
    const reference = await runMetrics(one.dir);
    assert.deepEqual(await runMetrics(two.dir), reference);
    assert.deepEqual(await runMetrics(inline.dir), reference);
    assert.deepEqual(await runMetrics(merged.dir), reference);
    const boundaries = await Deno.readTextFile(`${one.dir}/boundaries.json`);
    for (const dir of [two.dir, inline.dir, merged.dir]) {
      assert.equal(await Deno.readTextFile(`${dir}/boundaries.json`), boundaries);
    }
    // Different seeds change the numbers.
    const other = await runToFolder(tiny, {
      out: `${out}/seeds`,
      workers: 2,
      overrides: { seeds: [3, 4] },
    });
    assert.notDeepEqual((await runMetrics(other.dir)).cells, reference.cells);
  });
});

Deno.test("merge refuses runs of different definitions", async () => {
  await withTempDir(async (out) => {
    const a = await runToFolder(tiny, { out, workers: 0, overrides: { epochs: 1 } });
    const b = await runToFolder(tiny, { out, workers: 0, overrides: { epochs: 2 } });
    await assert.rejects(mergeRuns([a.dir, b.dir], { out }), /different definitions/);
  });
});

Deno.test("a diverging cell is recorded as diverged at its epoch while the other cells finish", async () => {
  await withTempDir(async (out) => {
    const def = (await loadExperiment(`${FIXTURES}/diverging.ts`)).definition;
    const run = await runToFolder(def, { out, workers: 2 });
    assert.equal(run.status, "completed");
    const run2 = await readRun(run.dir);
    const states = run2.manifest.cells.map((c) => Object.values(c.units));
    assert.deepEqual(states, [["completed", "completed"], ["diverged", "diverged"], [
      "completed",
      "completed",
    ]]);
    const cells = parse(await Deno.readTextFile(`${run.dir}/cells.csv`), {
      columns: true,
    }) as Record<string, string>[];
    const diverged = cells.filter((c) => c.status === "diverged");
    assert.equal(diverged.length, 2);
    assert.ok(diverged.every((c) => Number(c.epochs_run) < 20 && c.test_loss === ""));
    assert.ok(cells.filter((c) => c.status === "completed").every((c) => Number(c.test_r2) > 0.9));
    const summary = parse(await Deno.readTextFile(`${run.dir}/summary.csv`), {
      columns: true,
    }) as Record<string, string>[];
    assert.equal(summary[1]!.diverged, "2");
  });
});

Deno.test("an unwritable results folder fails before any work, naming the folder", async () => {
  await withTempDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/file`, "not a folder");
    await assert.rejects(
      runToFolder(tiny, { out: `${dir}/file/results`, workers: 0 }),
      /Cannot write .*file\/results\/tiny/,
    );
  });
});

Deno.test("workers hand on every epoch, in order, before their unit is done", async () => {
  await withTempDir(async (out) => {
    const epochs = new Map<string, number[]>();
    const done = new Map<string, number>();
    const run = await runToFolder(tiny, {
      out,
      workers: 2,
      onEvent: (e) => {
        if (e.type !== "epoch" && e.type !== "unit-done") return;
        const key = `${e.cell.id}/${e.seed}`;
        assert.ok(!done.has(key), `an event of ${key} after its unit was done`);
        if (e.type === "epoch") {
          assert.equal(e.of, tiny.epochs);
          epochs.set(key, [...epochs.get(key) ?? [], e.record.epoch]);
        } else done.set(key, e.result.epochsRun);
      },
    });
    assert.equal(run.status, "completed");
    assert.equal(done.size, 16);
    for (const [key, ran] of done) {
      assert.deepEqual(epochs.get(key), Array.from({ length: ran }, (_, i) => i + 1), key);
    }
  });
});

Deno.test("resume reuses finished units and refuses a changed experiment", async () => {
  await withTempDir(async (out) => {
    const full = await runToFolder(tiny, { out: `${out}/full`, workers: 0 });
    // A run stopped after its first units, through the abort signal.
    const controller = new AbortController();
    let seen = 0;
    const partial = await runToFolder(tiny, {
      out: `${out}/part`,
      workers: 0,
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type === "unit-done" && ++seen === 5) controller.abort();
      },
    });
    assert.equal(partial.status, "interrupted");
    assert.equal(partial.units.size, 5);
    assert.equal((await readRun(partial.dir)).manifest.status, "interrupted");
    let ran = 0;
    const resumed = await runToFolder(tiny, {
      resume: partial.dir,
      workers: 2,
      onEvent: (e) => e.type === "unit-done" && ran++,
    });
    assert.equal(ran, 11);
    assert.equal(resumed.dir, partial.dir);
    assert.equal(resumed.status, "completed");
    assert.deepEqual(await runMetrics(resumed.dir), await runMetrics(full.dir));
    const changed = defineExperiment({ ...tiny, epochs: 7 });
    await assert.rejects(
      runToFolder(changed, { resume: partial.dir, workers: 0 }),
      /the experiment or its data changed since that run/,
    );
  });
});

Deno.test("the default experiment exists, is valid and is small", async () => {
  const { definition } = await loadExperiment("lesson-2d", {
    dir: `${FIXTURES}/../../../experiments`,
  });
  const plan = await planExperiment(definition);
  assert.equal(plan.experiment, "lesson-2d");
  assert.ok(plan.cells.length * plan.seeds.length <= 60);
  assert.ok(
    plan.cells.some((c) => c.params.model === "one-layer") &&
      plan.cells.some((c) => c.params.model === "two-layer"),
  );
});

Deno.test("a journal line torn by a kill mid-write counts as unfinished and runs again", async () => {
  await withTempDir(async (out) => {
    const run = await runToFolder(tiny, { out, workers: 0 });
    const before = await runMetrics(run.dir);
    await plainJournal(run.dir);
    const path = `${run.dir}/units.jsonl`;
    const text = await Deno.readTextFile(path);
    const lines = text.trimEnd().split("\n");
    const last = JSON.parse(lines.at(-1)!);
    await Deno.writeTextFile(path, text.slice(0, text.length - 40)); // the last line, torn
    const read = await readRun(run.dir);
    assert.equal(read.units.size, 15);
    assert.ok(!read.units.has(`${last.cellId}/${last.seed}`));
    const ran: string[] = [];
    await runToFolder(tiny, {
      resume: run.dir,
      workers: 0,
      onEvent: (e) => e.type === "unit-done" && ran.push(`${e.cell.id}/${e.seed}`),
    });
    assert.deepEqual(ran, [`${last.cellId}/${last.seed}`]);
    assert.deepEqual(await runMetrics(run.dir), before);
    assert.equal((await journalText(run.dir)).trimEnd().split("\n").length, 16);
  });
});

Deno.test("a run from before the journal is read from its CSVs; a unit without all its epochs runs again", async () => {
  await withTempDir(async (out) => {
    const run = await runToFolder(tiny, { out, workers: 0 });
    const before = await runMetrics(run.dir);
    await removeJournal(run.dir);
    // A crash after cells.csv listed a unit but before its epochs were written.
    const text = await Deno.readTextFile(`${run.dir}/epochs.csv`);
    const victim = run.plan.cells[3]!.id;
    const kept = text.split("\n").filter((line) => !line.startsWith(`${victim},2,`));
    await Deno.writeTextFile(`${run.dir}/epochs.csv`, kept.join("\n"));
    const read = await readRun(run.dir);
    assert.equal(read.units.size, 15);
    assert.ok(!read.units.has(`${victim}/2`));
    const ran: string[] = [];
    await runToFolder(tiny, {
      resume: run.dir,
      workers: 0,
      onEvent: (e) => e.type === "unit-done" && ran.push(`${e.cell.id}/${e.seed}`),
    });
    assert.deepEqual(ran, [`${victim}/2`]);
    assert.deepEqual(await runMetrics(run.dir), before);
    assert.equal((await readRun(run.dir)).units.size, 16); // the journal now holds them all
  });
});

Deno.test("with patience, final metrics come from the best epoch's weights, recorded as final_epoch", async () => {
  await withTempDir(async (out) => {
    const run = await runToFolder(tiny, { out, workers: 0, overrides: { epochs: 40 } });
    const rows = (file: string) =>
      parse(Deno.readTextFileSync(`${run.dir}/${file}`), { columns: true }) as Record<
        string,
        string
      >[];
    const cells = rows("cells.csv"), epochs = rows("epochs.csv");
    assert.ok(
      cells.some((c) => Number(c.best_epoch) < Number(c.epochs_run)),
      "some unit trained past its best epoch",
    );
    for (const c of cells) {
      assert.equal(c.final_epoch, c.best_epoch);
      const best = epochs.find((e) =>
        e.cell_id === c.cell_id && e.seed === c.seed && e.epoch === c.best_epoch
      )!;
      assert.equal(c.validation_loss, best.validation_loss, "validation loss of the best epoch");
    }
  });
});
