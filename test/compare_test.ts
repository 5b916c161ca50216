/** `deno task compare` and the run order it relies on, run as a user runs them. */
import assert from "node:assert/strict";
import { loadExperiment, runExperiment } from "../mod.ts";
import { listRuns } from "../lib/experiment/store/list.ts";
import { holm } from "../lib/experiment/analysis/stats.ts";
import tiny from "./fixtures/experiments/tiny.ts";
import { cli, FIXTURES, REPO, withTempDir } from "./_runs.ts";

Deno.test("runs are ordered by start time, not by the random part of their id", async () => {
  await withTempDir(async (out) => {
    const made: string[] = [];
    for (let epochs = 1; epochs <= 6; epochs++) {
      const run = await runExperiment(tiny, { out, workers: 0, overrides: { epochs } });
      made.push(run.dir);
    }
    assert.deepEqual(await listRuns(out, "tiny"), made, "six runs within a few seconds");
    // Names that sort the other way round than the start times.
    const manifest = (dir: string) => JSON.parse(Deno.readTextFileSync(`${dir}/manifest.json`));
    await Deno.rename(made[4]!, `${out}/tiny/20991231-235959.999-ffffff`);
    await Deno.rename(made[5]!, `${out}/tiny/20000101-000000.000-000000`);
    const listed = await listRuns(out, "tiny");
    assert.deepEqual(listed.slice(-2).map((d) => manifest(d).overrides.epochs), [5, 6]);
    const r = await cli(["compare", "tiny", "--out", out], { write: out });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /overrides: \{"epochs":5\} → \{"epochs":6\}/);
    const single = await cli(["compare", `${out}/tiny/20991231-235959.999-ffffff`, "--out", out], {
      write: out,
    });
    assert.equal(single.code, 0, single.stderr);
    assert.match(single.stdout, /overrides: \{"epochs":4\} → \{"epochs":5\}/, "the run before");
  });
});

Deno.test("compare: identical runs say identical; different epochs name a paired test and Holm", async () => {
  await withTempDir(async (out) => {
    const run = async (epochs: string) => {
      const r = await cli([
        "experiment",
        `${FIXTURES}/tiny.ts`,
        "--out",
        out,
        "--epochs",
        epochs,
        "--seeds",
        "4",
        "--quiet",
      ], { write: out });
      assert.equal(r.code, 0, r.stderr);
      return r.stdout.match(/Run folder: (.*)/)![1]!;
    };
    const a = await run("2"), b = await run("2"), c = await run("6");
    const same = await cli(["compare", a, b], { write: out });
    assert.equal(same.code, 0, same.stderr);
    const lines = same.stdout.trimEnd().split("\n");
    assert.match(
      lines.at(-3)!,
      /^0 of 8 cells differ in test accuracy \(Holm-corrected α = 0\.05\); 8 identical per seed$/,
    );
    assert.equal((same.stdout.match(/ identical$/gm) ?? []).length, 8);

    const differ = await cli(["compare", a, c], { write: out });
    assert.equal(differ.code, 0, differ.stderr);
    assert.match(differ.stdout, /overrides: \{"epochs":2,"seeds":4\} → \{"epochs":6,"seeds":4\}/);
    assert.match(differ.stdout, /B − A \[95% CI\]\s+test\s+p\s+p \(Holm\)/);
    const verdict = differ.stdout.trimEnd().split("\n").at(-3)!;
    assert.match(
      verdict,
      /^\d+ of 8 cells differ in test accuracy \(paired t.*, Holm-corrected α = 0\.05\); 0 identical per seed$/,
    );
    assert.match(differ.stdout, /paired t \(n=4\)/);
    const page = differ.stdout.match(/Comparison page: (.*)/)![1]!;
    assert.ok(Deno.statSync(page).isFile);

    const json = await cli(["compare", a, c, "--json"], { write: out });
    assert.equal(json.code, 0, json.stderr);
    const parsed = JSON.parse(json.stdout);
    assert.equal(parsed.correction, "holm");
    assert.equal(parsed.cells.length, 8);
    assert.ok(parsed.tests.includes("paired t"));
    // Every final metric of every cell is tested, each with its Holm-adjusted p.
    const metrics = parsed.cells[0].metrics.map((m: { column: string }) => m.column);
    assert.ok(metrics.includes("validation_loss") && metrics.includes("test_accuracy"), metrics);
    for (const cell of parsed.cells) {
      for (const m of cell.metrics) assert.ok(m.pAdjusted === null || m.pAdjusted >= m.test.p);
    }
    assert.equal(parsed.verdict, verdict);
    // An experiment's folder given as a path: its two latest runs (not <out>/<that path>).
    const latest = await cli(["compare", `${out}/tiny`], { write: out });
    assert.equal(latest.code, 0, latest.stderr);
    assert.match(latest.stdout, new RegExp(`A: ${b}.*\nB: ${c}`));
  });
});

Deno.test("report: deno task report rebuilds index.html and run.js byte for byte", async () => {
  await withTempDir(async (out) => {
    const run = await runExperiment(tiny, { out, workers: 0 });
    const before = ["index.html", "run.js"].map((f) => Deno.readTextFileSync(`${run.dir}/${f}`));
    await Deno.remove(`${run.dir}/index.html`);
    await Deno.remove(`${run.dir}/run.js`);
    const r = await cli(["report", run.dir], { write: out });
    assert.equal(r.code, 0, r.stderr);
    const after = ["index.html", "run.js"].map((f) => Deno.readTextFileSync(`${run.dir}/${f}`));
    assert.deepEqual(after, before);
  });
});

Deno.test("a lesson-2d run folder stays under 1 MB (plotly, 4.6 MB, is shared, not copied)", async () => {
  await withTempDir(async (out) => {
    const { definition } = await loadExperiment(`${REPO}/experiments/lesson-2d.ts`);
    const run = await runExperiment(definition, { out, workers: 0 });
    const size = (path: string): number =>
      Deno.statSync(path).isDirectory
        ? [...Deno.readDirSync(path)].reduce((s, e) => s + size(`${path}/${e.name}`), 0)
        : Deno.statSync(path).size;
    const bytes = size(run.dir);
    assert.ok(bytes <= 1_000_000, `${bytes} bytes`);
  });
});

Deno.test("compare: three runs side by side, each best against the first's, Holm over the comparisons", async () => {
  await withTempDir(async (out) => {
    const dirs: string[] = [];
    for (const epochs of [2, 4, 6]) {
      dirs.push((await runExperiment(tiny, { out, workers: 0, overrides: { epochs } })).dir);
    }
    const r = await cli(["compare", ...dirs, "--json"], { write: out });
    assert.equal(r.code, 0, r.stderr);
    const c = JSON.parse(r.stdout);
    assert.equal(c.column, "test_accuracy");
    assert.deepEqual(c.runs.map((x: { dir: string }) => x.dir), dirs);
    assert.equal(c.runs[0].vsFirst, null);
    const ps = c.runs.slice(1).map((x: { vsFirst: { p: number } }) => x.vsFirst.p);
    assert.deepEqual(c.runs.slice(1).map((x: { pAdjusted: number }) => x.pAdjusted), holm(ps));
    for (const x of c.runs.slice(1)) {
      assert.equal(
        x.vsFirst.test === "paired t" || x.vsFirst.test === "sign",
        true,
        x.vsFirst.test,
      );
      assert.equal(x.vsFirst.n, 2, "paired over the two seeds every run has");
      assert.equal(x.differs, x.pAdjusted < 0.05);
    }
    assert.equal(c.common.length, 8, "the same 8 cells, matched by label across epochs");
    const usage = await cli(["compare", dirs[0]!, dirs[1]!, "/nowhere"], { write: out });
    assert.notEqual(usage.code, 0);
    assert.match(usage.stderr, /nowhere/);
  });
});

Deno.test("compare: 5 seeds against 10 uses the 5 shared seeds in every column; 2 seeds warn", async () => {
  await withTempDir(async (out) => {
    const five = (await runExperiment(tiny, { out, workers: 0, overrides: { seeds: 5 } })).dir;
    const ten = (await runExperiment(tiny, { out, workers: 0, overrides: { seeds: 10 } })).dir;
    const r = await cli(["compare", five, ten, "--json"], { write: out });
    assert.equal(r.code, 0, r.stderr);
    const c = JSON.parse(r.stdout);
    for (const cell of c.cells) {
      assert.deepEqual(cell.pairedSeeds, [1, 2, 3, 4, 5]);
      assert.deepEqual(cell.leftOut, { a: [], b: [6, 7, 8, 9, 10] });
      for (const m of cell.metrics) assert.equal(m.b.n, 5, "B's column is over the 5 shared seeds");
      assert.equal(cell.identical, true, "the same 5 units in both runs");
    }
    assert.match(c.verdict, /0 of 8 cells differ .*; 8 identical per seed$/);
    const text = await cli(["compare", five, ten], { write: out });
    assert.match(
      text.stdout,
      /Seeds: A has 5, B has 10 .*over the 5 both finished \(1, 2, 3, 4, 5\); left out: A none, B 6, 7, 8, 9, 10/,
    );
    const two =
      (await runExperiment(tiny, { out, workers: 0, overrides: { seeds: 2, epochs: 2 } })).dir;
    const thin = await cli(["compare", five, two], { write: out });
    assert.equal(thin.code, 0, thin.stderr);
    assert.match(thin.stdout, /Warning: Only 2 seeds per cell behind some comparisons/);
  });
});

Deno.test("compare: runs with no cell in common are compared best against best, with their settings' difference", async () => {
  await withTempDir(async (out) => {
    const a = (await runExperiment(tiny, { out, workers: 0 })).dir;
    const b = (await runExperiment(tiny, {
      out,
      workers: 0,
      overrides: { set: { lr: [0.07] } },
    })).dir;
    const r = await cli(["compare", a, b, "--json"], { write: out });
    assert.equal(r.code, 0, r.stderr);
    const c = JSON.parse(r.stdout);
    assert.match(
      c.verdict,
      /^No cell is in both runs: best against best — A's ★ .* vs B's ★ .*lr=0\.07.*: test accuracy B − A [+-]\d\.\d{4} .*\(paired t, p .*\); they differ in .*optimizer/,
    );
    assert.equal(c.best.test.test, "paired t");
    assert.ok(c.best.settings.some((s: { what: string }) => s.what === "optimizer"));
  });
});
