/**
 * Random and Sobol search: trials drawn from streams derived from the search's seed and the
 * trial index — the same trials, cells and files for any number of workers.
 */
import assert from "node:assert/strict";
import { drawTrials, sobolPoints } from "../lib/experiment/plan/search.ts";
import {
  formatPath,
  planExperiment,
  type Problem,
  Rng,
  runToFolder,
  ValidationError,
} from "../mod.ts";
import { cli, runMetrics, spiralsSearchFile, withTempDir } from "./_runs.ts";
import { readRun } from "../mod.ts";
import { runUnit } from "../lib/experiment/run/unit.ts";

function searchFile(dir: string, search: string): Promise<string> {
  const kind = search.match(/"(\w+)"/)![1];
  return spiralsSearchFile(dir, {
    file: `search-${kind}`,
    name: "search",
    search,
    seeds: 2,
    epochs: 3,
    lrMax: 0.5,
  });
}

/**
 * Runs the experiment with `--workers 1` and with `--workers 2`; returns each run's stdout
 * and metric columns.
 */
async function withOneAndTwoWorkers(file: string, tmp: string) {
  const runs = [];
  for (const workers of ["1", "2"]) {
    const r = await cli(
      ["experiment", file, "--workers", workers, "--out", `${tmp}/w${workers}`, "--quiet"],
      { write: tmp },
    );
    assert.equal(r.code, 0, r.stderr);
    const dir = r.stdout.match(/Run folder: (.*)/)![1]!;
    runs.push({ stdout: r.stdout, dir, metrics: await runMetrics(dir) });
  }
  return runs;
}

for (const kind of ["random", "sobol"]) {
  Deno.test(`${kind} search of 12 trials, 2 seeds: 24 rows, byte-identical for 1 and 2 workers`, async () => {
    await withTempDir(async (tmp) => {
      const file = await searchFile(tmp, `{ kind: "${kind}", trials: 12 }`);
      const [a, b] = await withOneAndTwoWorkers(file, tmp);
      const one = a!.metrics;
      assert.deepEqual(one, b!.metrics);
      assert.equal(one!.cells!.split("\n").length, 1 + 24);
      const manifest = JSON.parse(await Deno.readTextFile(`${a!.dir}/manifest.json`));
      assert.deepEqual(manifest.search, { kind, trials: 12 });
      assert.equal(manifest.cells.length, 12);
      for (const c of manifest.cells) {
        assert.ok(c.params.lr >= 0.001 && c.params.lr <= 0.5, `lr ${c.params.lr}`);
        assert.ok(
          Number.isInteger(c.params.hidden) && c.params.hidden >= 2 && c.params.hidden <= 24,
        );
      }
      const list = await cli(
        ["experiment", file, "--trials", "3", "--out", `${tmp}/t3`, "--quiet"],
        {
          write: tmp,
        },
      );
      assert.equal(list.code, 0, list.stderr);
    });
  });
}

Deno.test("a Sobol search in 2 shards, merged: the same files as the search run whole", async () => {
  await withTempDir(async (tmp) => {
    const file = await searchFile(tmp, `{ kind: "sobol", trials: 8 }`);
    const run = async (more: string[]) => {
      const r = await cli(["experiment", file, "--out", `${tmp}/r`, "--quiet", ...more], {
        write: tmp,
      });
      assert.equal(r.code, 0, r.stderr);
      return r.stdout.match(/Run folder: (.*)/)![1]!;
    };
    const whole = await run([]);
    const shards = [await run(["--shard", "1/2"]), await run(["--shard", "2/2"])];
    const merged = await cli(["merge", ...shards, "--out", `${tmp}/m`], { write: tmp });
    assert.equal(merged.code, 0, merged.stderr);
    const dir = merged.stdout.match(/into (.*)/)![1]!;
    assert.deepEqual(await runMetrics(dir), await runMetrics(whole));
  });
});

Deno.test("a random trial does not depend on the trial count; Sobol points stratify every axis", () => {
  const axes = { a: { uniform: [0, 1] }, b: ["x", "y"] } as const;
  const five = drawTrials(axes, { kind: "random", trials: 5 });
  assert.deepEqual(drawTrials(axes, { kind: "random", trials: 8 }).slice(0, 5), five);
  assert.notDeepEqual(drawTrials(axes, { kind: "random", trials: 5, seed: 1 }), five);
  const points = sobolPoints(64, 10, Rng.seeded(3));
  for (let d = 0; d < 10; d++) {
    assert.equal(new Set(points.map((p) => Math.floor(p[d]! * 64))).size, 64, `axis ${d}`);
  }
  const boxes = new Set(points.map((p) => `${Math.floor(p[0]! * 8)},${Math.floor(p[1]! * 8)}`));
  assert.equal(boxes.size, 64, "the first two axes form a (0, 6, 2)-net");
});

Deno.test("--set on a search: a distribution axis becomes a choice among the values given", async () => {
  await withTempDir(async (tmp) => {
    const file = await searchFile(tmp, `{ kind: "random", trials: 12 }`);
    const { default: def } = await import(`file://${file}`);
    const plan = await planExperiment(def, { set: { lr: [0.01, 0.02], activation: ["relu"] } });
    assert.ok(plan.cells.length > 0 && plan.cells.length <= 12);
    for (const c of plan.cells) {
      assert.ok([0.01, 0.02].includes(c.params.lr as number), c.label);
      assert.equal(c.params.activation, "relu");
      assert.ok(Number.isInteger(c.params.hidden), "the other axes are still drawn");
    }
    assert.deepEqual(plan.axes.lr, [0.01, 0.02]);
  });
});

Deno.test("--search-seed draws other trials (recorded, kept by resume); a grid refuses it", async () => {
  await withTempDir(async (tmp) => {
    const file = await searchFile(tmp, `{ kind: "random", trials: 4 }`);
    const run = (more: string[]) =>
      cli(["experiment", file, "--epochs", "1", "--out", tmp, "--quiet", ...more], { write: tmp });
    const manifests = [];
    for (const more of [[], ["--search-seed", "7"]]) {
      const r = await run(more);
      assert.equal(r.code, 0, r.stderr);
      const dir = r.stdout.match(/Run folder: (.*)/)![1]!;
      manifests.push(JSON.parse(await Deno.readTextFile(`${dir}/manifest.json`)));
    }
    const [plain, seeded] = manifests;
    assert.deepEqual(seeded.search, { kind: "random", trials: 4, seed: 7 });
    assert.deepEqual(seeded.overrides, { epochs: 1, searchSeed: 7 });
    assert.notDeepEqual(
      seeded.cells.map((c: { params: unknown }) => c.params),
      plain.cells.map((c: { params: unknown }) => c.params),
    );
    const bad = await run(["--search-seed", "1.5"]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--search-seed: expected an integer ≥ 0, got "1.5"/);
  });
  const grid = await planExperiment(
    {
      name: "g",
      description: "",
      grid: { lr: [0.1] },
      data: { kind: "xor" },
      model: [{ kind: "dense", units: 2 }],
      optimizer: { kind: "sgd", lr: 0.1 },
      epochs: 1,
      batchSize: 4,
    },
    { searchSeed: 3 },
  ).then(() => assert.fail("planned"), (e) => e);
  assert.ok(grid instanceof ValidationError);
  assert.match(grid.message, /this experiment is a grid: it draws nothing → at --search-seed/);
});

Deno.test("a distribution axis in a grid, or a bad distribution, is refused with its path", async () => {
  const base = {
    name: "bad",
    description: "",
    data: { kind: "xor" },
    model: [{ kind: "dense", units: 2 }],
    optimizer: { kind: "sgd", lr: 0.1 },
    epochs: 1,
    batchSize: 4,
  } as const;
  const grid = await planExperiment(
    { ...base, grid: { lr: { logUniform: [0.001, 0.5] } } } as never,
  ).then(() => assert.fail("planned"), (e) => e);
  assert.ok(grid instanceof ValidationError);
  assert.match(
    grid.problems.map((p: Problem) => `${formatPath(p.path)}: ${p.message}`).join("\n"),
    /grid\.lr: a distribution needs search: \{ kind: "random" \| "sobol", trials: n \}/,
  );
  const bad = await planExperiment(
    {
      ...base,
      grid: { lr: { logUniform: [0, 0.5] } },
      search: { kind: "random", trials: 0 },
    } as never,
  ).then(() => assert.fail("planned"), (e) => e);
  const text = bad.problems.map((p: Problem) => `${formatPath(p.path)}: ${p.message}`).join("\n");
  assert.match(text, /grid\.lr\.logUniform: expected \[a, b\] with 0 < a < b, got \[0,0\.5\]/);
  assert.match(text, /search\.trials: expected a positive integer, got 0/);
  // A halving search whose first rung leaves no second one would halve nothing.
  const flat = await planExperiment(
    {
      ...base,
      grid: { lr: { logUniform: [0.001, 0.5] } },
      search: { kind: "halving", trials: 9, minEpochs: 10 },
      epochs: 3,
    } as never,
  ).then(() => assert.fail("planned"), (e) => e);
  assert.match(
    flat.problems.map((p: Problem) => `${formatPath(p.path)}: ${p.message}`).join("\n"),
    /search\.minEpochs: 10 epochs in the first rung leave no second one within epochs 3 \(reduction 3\): nothing would be halved; make minEpochs at most 1 or epochs at least 30/,
  );
});

Deno.test("halving: 27 trials, η 3, from 3 to 27 epochs — byte-identical for 1 and 2 workers, a quarter of the epochs, resumable, not shardable", async () => {
  await withTempDir(async (tmp) => {
    const file = await searchFile(
      tmp,
      `{ kind: "halving", trials: 27, reduction: 3, minEpochs: 3 }`,
    );
    await Deno.writeTextFile(
      file,
      (await Deno.readTextFile(file)).replace("seeds: 2", "seeds: 1").replace(
        "epochs: 3,",
        "epochs: 27,",
      ),
    );
    const runs = await withOneAndTwoWorkers(file, tmp);
    for (const r of runs) {
      assert.match(
        r.stdout,
        // 27×3, then 9×(9−3) and 3×(27−9): a trial going on continues where it stopped.
        /halving search: 27 trials × 1 seed, 189 epochs trained in all \(27 trials at full length: 729 epochs\)/,
      );
    }
    const one = runs[0]!.metrics;
    assert.deepEqual(one, runs[1]!.metrics);
    const rows = one!.cells!.split("\n").slice(1);
    assert.equal(rows.length, 27 + 9 + 3, "rungs of 27, 9 and 3 trials");
    // Interrupted after 30 units (in the second rung), then resumed: the same files.
    const { default: def } = await import(`file://${file}`);
    const controller = new AbortController();
    let seen = 0;
    const part = await runToFolder(def, {
      out: `${tmp}/part`,
      workers: 0,
      signal: controller.signal,
      onEvent: (e) => e.type === "unit-done" && ++seen === 30 && controller.abort(),
    });
    assert.equal(part.status, "interrupted");
    const resumed = await runToFolder(def, { resume: part.dir, workers: 2 });
    assert.equal(resumed.status, "completed");
    assert.deepEqual(await runMetrics(resumed.dir), one);
    // Each continued trial equals the same cell trained straight through from epoch 1.
    const stored = await readRun(resumed.dir);
    const continued = [...stored.units.values()].filter((u) => u.continued !== undefined);
    assert.deepEqual(continued.map((u) => u.continued).sort(), [...Array(9).fill(3), 9, 9, 9]);
    assert.equal(await Deno.stat(`${resumed.dir}/rungs`).catch(() => null), null);
    const strip = ({ seconds: _s, continued: _c, history, ...u }: typeof continued[number]) => ({
      ...u,
      history: history.map(({ seconds: _e, ...h }) => h),
    });
    for (const u of continued) {
      const cell = stored.manifest.cells.find((c) => c.id === u.cellId)!;
      const straight = await runUnit(cell, u.seed, { boundary: u.seed === 1 });
      assert.equal(straight.continued, undefined);
      assert.deepEqual(strip(u), strip(straight), cell.label);
    }
    // Killed at a rung boundary: the last rung's units are in the journal, but the manifest
    // does not list their cells yet. Resuming decides that rung again and completes.
    const killed = `${tmp}/killed`;
    await Deno.mkdir(killed);
    for (const e of Deno.readDirSync(resumed.dir)) {
      if (e.isFile) await Deno.copyFile(`${resumed.dir}/${e.name}`, `${killed}/${e.name}`);
    }
    const journal = await new Response(
      (await Deno.open(`${killed}/units.jsonl.gz`)).readable.pipeThrough(
        new DecompressionStream("gzip"),
      ),
    ).text();
    await Deno.writeTextFile(`${killed}/units.jsonl`, journal);
    await Deno.remove(`${killed}/units.jsonl.gz`);
    const manifest = JSON.parse(await Deno.readTextFile(`${killed}/manifest.json`));
    const lastRung = manifest.cells.filter((c: { config: { epochs: number } }) =>
      c.config.epochs === 27
    );
    assert.equal(lastRung.length, 3);
    manifest.cells = manifest.cells.filter((c: { config: { epochs: number } }) =>
      c.config.epochs !== 27
    );
    manifest.status = "interrupted";
    delete manifest.ended;
    await Deno.writeTextFile(`${killed}/manifest.json`, JSON.stringify(manifest, null, 2));
    assert.ok(journal.split("\n").some((l) => l.includes(lastRung[0].id)));
    let trained = 0;
    const again = await runToFolder(def, {
      resume: killed,
      workers: 0,
      onEvent: (e) => void (e.type === "unit-done" && trained++),
    });
    assert.equal(again.status, "completed");
    assert.equal(trained, 0, "every unit was in the journal: none trained again");
    assert.deepEqual(await runMetrics(killed), one);
    const sharded = await cli(["experiment", file, "--shard", "1/2", "--out", tmp], { write: tmp });
    assert.equal(sharded.code, 1);
    assert.match(sharded.stderr, /Cannot shard a halving search/);
  });
});

Deno.test("a random trial's label shows at most 6 significant digits; its files keep every digit", async () => {
  await withTempDir(async (tmp) => {
    const file = await searchFile(tmp, `{ kind: "random", trials: 6, seed: 3 }`);
    const plan = await planExperiment((await import(file)).default, {});
    for (const cell of plan.cells) {
      const lr = cell.params.lr as number;
      assert.ok(String(lr).replace(/^0\.0*/, "").length > 6, `drawn with many digits: ${lr}`);
      const shown = cell.label.match(/lr=([\d.e-]+)/)![1]!;
      assert.ok(shown.replace(/^0\.0*/, "").replace(".", "").length <= 6, cell.label);
      assert.equal(Number(shown), Number(lr.toPrecision(6)));
    }
  });
});
