/**
 * Searches that decide cells as they run — Hyperband's later rungs, TPE's later batches:
 * byte-identical for 1 and 2 workers and after kill -9 and --resume; a trial continued from
 * its previous rung equals the same cell trained straight through.
 */
import assert from "node:assert/strict";
import { readRun } from "../mod.ts";
import { runUnit } from "../lib/experiment/run/unit.ts";
import { cli, REPO, runMetrics, spiralsSearchFile, withTempDir } from "./_runs.ts";

/** A search over spirals: width, activation and Adam's rate; 1 seed. */
function searchFile(dir: string, name: string, search: string): Promise<string> {
  return spiralsSearchFile(dir, { file: name, name, search, seeds: 1, epochs: 9, lrMax: 0.3 });
}

/**
 * Runs an experiment file with 1 and with 2 workers, and once more killed (SIGKILL) after
 * `killAfter` units and resumed; returns each run's folder, stdout and metric columns.
 */
async function threeWays(file: string, tmp: string, killAfter: number) {
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
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-read",
      `--allow-write=${tmp}`,
      `${REPO}/cli.ts`,
      "experiment",
      file,
      "--workers",
      "2",
      "--checkpoint-every",
      "0",
      "--out",
      `${tmp}/killed`,
      "--quiet",
    ],
    stdout: "null",
    stderr: "null",
  }).spawn();
  let dir = "", done = 0;
  for (let i = 0; i < 2400 && done < killAfter; i++) {
    await new Promise((r) => setTimeout(r, 10));
    try {
      const experiment = [...Deno.readDirSync(`${tmp}/killed`)]
        .find((e) => e.isDirectory && !e.name.startsWith("_"))!;
      const run = [...Deno.readDirSync(`${tmp}/killed/${experiment.name}`)][0]!;
      dir = `${tmp}/killed/${experiment.name}/${run.name}`;
      done = Deno.readTextFileSync(`${dir}/units.jsonl`).split("\n").length - 1;
    } catch { /* not there yet */ }
  }
  child.kill("SIGKILL");
  await child.status;
  assert.ok(done >= killAfter, `killed after ${done} units`);
  const manifest = JSON.parse(Deno.readTextFileSync(`${dir}/manifest.json`));
  assert.equal(manifest.status, "running", "killed while it ran");
  const resumed = await cli(["experiment", file, "--resume", dir, "--quiet"], { write: tmp });
  assert.equal(resumed.code, 0, resumed.stderr);
  runs.push({ stdout: resumed.stdout, dir, metrics: await runMetrics(dir) });
  return runs;
}

/** Every continued unit of a run against the same cell trained from epoch 1. */
async function assertContinuedStraight(dir: string): Promise<number> {
  const stored = await readRun(dir);
  const continued = [...stored.units.values()].filter((u) => u.continued !== undefined);
  const strip = ({ seconds: _s, continued: _c, history, ...u }: typeof continued[number]) => ({
    ...u,
    history: history.map(({ seconds: _e, ...h }) => h),
  });
  for (const u of continued) {
    const cell = stored.manifest.cells.find((c) => c.id === u.cellId)!;
    const straight = await runUnit(cell, u.seed, { boundary: true });
    assert.deepEqual(strip(u), strip(straight), cell.label);
  }
  return continued.length;
}

Deno.test("hyperband: brackets of 9, 5 and 3 trials; byte-identical for 1 and 2 workers and after kill -9 + resume; continued trials equal straight-through", async () => {
  await withTempDir(async (tmp) => {
    await Deno.mkdir(`${tmp}/killed`);
    const file = await searchFile(tmp, "hb", `{ kind: "hyperband", reduction: 3, minEpochs: 1 }`);
    const runs = await threeWays(file, tmp, 19); // in the second rungs
    const [one, two, killed] = runs;
    assert.deepEqual(two!.metrics, one!.metrics);
    assert.deepEqual(killed!.metrics, one!.metrics);
    // 9@1 → 3@3 → 1@9, 5@3 → 1@9, 3@9: 21 + 21 + 27 epochs, each trial going on continuing.
    assert.match(
      one!.stdout,
      /hyperband search: 17 trials × 1 seed, 69 epochs trained in all \(17 trials at full length: 153 epochs\)/,
    );
    const manifest = JSON.parse(await Deno.readTextFile(`${one!.dir}/manifest.json`));
    const count = (b: number, e: number) =>
      manifest.cells.filter((c: { params: { bracket: number; epochs: number } }) =>
        c.params.bracket === b && c.params.epochs === e
      ).length;
    assert.deepEqual(
      [[0, 1], [0, 3], [0, 9], [1, 3], [1, 9], [2, 9]].map(([b, e]) => count(b!, e!)),
      [9, 3, 1, 5, 1, 3],
    );
    assert.equal(await assertContinuedStraight(one!.dir), 5);
    const sharded = await cli(["experiment", file, "--shard", "1/2", "--out", tmp], { write: tmp });
    assert.equal(sharded.code, 1);
    assert.match(sharded.stderr, /Cannot shard a hyperband search/);
  });
});

Deno.test("tpe: 16 trials in batches of 4, each later batch from a model of the finished ones; byte-identical for 1 and 2 workers and after kill -9 + resume", async () => {
  await withTempDir(async (tmp) => {
    await Deno.mkdir(`${tmp}/killed`);
    const file = await searchFile(tmp, "tp", `{ kind: "tpe", trials: 16, batch: 4 }`);
    const [one, two, killed] = await threeWays(file, tmp, 9); // in the third batch
    assert.deepEqual(two!.metrics, one!.metrics);
    assert.deepEqual(killed!.metrics, one!.metrics);
    const manifest = JSON.parse(await Deno.readTextFile(`${one!.dir}/manifest.json`));
    assert.equal(manifest.cells.length, 16);
    assert.deepEqual(manifest.search, { kind: "tpe", trials: 16, batch: 4 });
    // The first batch is the random search's first four trials; the later ones are not.
    const random = await searchFile(tmp, "rs", `{ kind: "random", trials: 16 }`);
    const { planExperiment } = await import("../mod.ts");
    const drawn = (await planExperiment((await import(`file://${random}`)).default)).cells
      .map((c) => c.params);
    const params = manifest.cells.map((c: { params: unknown }) => c.params);
    assert.deepEqual(params.slice(0, 4), drawn.slice(0, 4));
    assert.notDeepEqual(params.slice(4), drawn.slice(4));
    const sharded = await cli(["experiment", file, "--shard", "1/2", "--out", tmp], { write: tmp });
    assert.equal(sharded.code, 1);
    assert.match(sharded.stderr, /Cannot shard a tpe search: its later batches are decided/);
  });
});
