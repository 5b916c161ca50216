/**
 * A newcomer's first hour, as issue 11 measured it: every message they meet says what was
 * wrong in words they can act on.
 */
import assert from "node:assert/strict";
import { cli, onlyRun, REPO, withTempDir } from "./_runs.ts";

const MOD = new URL("../mod.ts", import.meta.url).href;

Deno.test("an unknown flag names itself, the nearest flag and every flag; a missing value says so", async () => {
  await withTempDir(async (tmp) => {
    const r = await cli(["experiment", "--bogus"], { write: tmp });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^error: unknown flag --bogus; the flags are --seeds, --epochs, /);
    assert.doesNotMatch(r.stderr, /as in '--/);
    const near = await cli(["experiment", "--epoch", "3"], { write: tmp });
    assert.match(near.stderr, /unknown flag --epoch \(did you mean --epochs\?\)/);
    const missing = await cli(["experiment", "--seeds"], { write: tmp });
    assert.match(missing.stderr, /^error: --seeds needs a value: --seeds <value>/);
  });
});

Deno.test("deno task bench --help prints its usage; an unknown workload or flag exits 2", async () => {
  const bench = (args: string[]) =>
    new Deno.Command(Deno.execPath(), {
      args: ["task", "--quiet", "bench", ...args],
      cwd: REPO,
      stdout: "piped",
      stderr: "piped",
    }).output();
  const help = await bench(["--help"]);
  assert.equal(help.code, 0);
  assert.match(new TextDecoder().decode(help.stdout), /^Usage: deno task bench \[flags\]/);
  const unknown = await bench(["--workload", "nosuch"]);
  assert.equal(unknown.code, 2);
  assert.match(
    new TextDecoder().decode(unknown.stderr),
    /^error: --workload: unknown "nosuch"; expected mnist-mlp, kernels, grid, large-grid/,
  );
  const flag = await bench(["--bogus"]);
  assert.equal(flag.code, 2);
  assert.doesNotMatch(new TextDecoder().decode(flag.stderr), /Uncaught|at checkOptionUsage/);
});

Deno.test("deno task test --help prints its usage and runs nothing; a misspelt flag exits 2 naming the nearest", async () => {
  const test = (args: string[]) =>
    new Deno.Command(Deno.execPath(), {
      args: ["task", "--quiet", "test", ...args],
      cwd: REPO,
      stdout: "piped",
      stderr: "piped",
    }).output();
  const help = await test(["--help"]);
  const helpErr = new TextDecoder().decode(help.stderr);
  assert.equal(help.code, 0, helpErr);
  assert.match(new TextDecoder().decode(help.stdout), /^Usage: deno task test \[files…\]/);
  // Nothing ran before the usage: no check's command line, no formatter's output.
  assert.doesNotMatch(helpErr, /deno (fmt|lint|publish|check)|Checked/);
  const misspelt = await test(["--fliter", "x"]);
  assert.equal(misspelt.code, 2);
  assert.match(
    new TextDecoder().decode(misspelt.stderr),
    /unknown flag --fliter \(did you mean --filter\?\)/,
  );
});

Deno.test("a path without .ts (./experiments/lesson-2d) is a path; 1 epoch is singular; --quiet is quiet off a terminal", async () => {
  await withTempDir(async (tmp) => {
    const r = await cli(
      ["experiment", "./experiments/lesson-2d", "--epochs", "1", "--seeds", "1", "--out", tmp],
      { write: tmp },
    );
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /· completed after 1 epoch · /);
    assert.doesNotMatch(r.stderr, /1 epochs/);
    assert.equal((r.stderr.match(/^\[\d+\/12\]/gm) ?? []).length, 12, "a line per unit in a log");
    const quiet = await cli(
      ["experiment", "lesson-2d", "--epochs", "1", "--seeds", "1", "--out", tmp, "--quiet"],
      { write: tmp },
    );
    assert.equal(quiet.code, 0, quiet.stderr);
    assert.equal(quiet.stderr, "", "--quiet prints no progress");
    assert.match(quiet.stdout, /Run folder: /);
  });
});

Deno.test("--set bringing a value a categorical axis never declared is said before the run", async () => {
  await withTempDir(async (tmp) => {
    const r = await cli(
      ["experiment", "lesson-2d", "--set", "model=three-layer", "--epochs", "1", "--out", tmp],
      { write: tmp },
    );
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stderr,
      /note: --set model: "three-layer" is not among the values experiments\/lesson-2d\.ts declares for model \(one-layer, two-layer\); check that its functions handle it/,
    );
    const numeric = await cli(
      ["experiment", "lesson-2d", "--set", "lr=0.3", "--epochs", "1", "--out", tmp],
      { write: tmp },
    );
    assert.doesNotMatch(numeric.stderr, /note: --set/);
  });
});

Deno.test("data paths are relative to the experiment file, for list as for a run; model may be a constant", async () => {
  await withTempDir(async (tmp) => {
    // A project of its own: experiments/ with a CSV beside the experiment file.
    await Deno.mkdir(`${tmp}/experiments/data`, { recursive: true });
    const rows = Array.from(
      { length: 30 },
      (_, i) => `${i % 5},${(i * 7) % 3},${i % 2 ? "a" : "b"}`,
    );
    await Deno.writeTextFile(
      `${tmp}/experiments/data/points.csv`,
      `x,y,label\n${rows.join("\n")}\n`,
    );
    await Deno.writeTextFile(
      `${tmp}/experiments/points.ts`,
      `import { defineExperiment } from "${MOD}";
export default defineExperiment({
  name: "points", description: "a CSV beside the file, a constant model",
  data: { kind: "csv", path: "data/points.csv", target: "label" },
  model: [{ kind: "dense", units: 2 }],
  optimizer: { kind: "sgd", lr: 0.1 }, epochs: 2, batchSize: 8, seeds: 1,
});
`,
    );
    const deno = (args: string[]) =>
      new Deno.Command(Deno.execPath(), {
        args: ["run", "--allow-read", `--allow-write=${tmp}`, `${REPO}/cli.ts`, ...args],
        cwd: tmp,
        stdout: "piped",
        stderr: "piped",
      }).output();
    const list = await deno(["list"]);
    const listed = new TextDecoder().decode(list.stdout);
    assert.equal(list.code, 0, listed + new TextDecoder().decode(list.stderr));
    assert.match(listed, /points\s+1\s+1\s+1\s/);
    assert.doesNotMatch(listed, /INVALID/);
    const run = await deno(["experiment", "points", "--quiet"]);
    assert.equal(run.code, 0, new TextDecoder().decode(run.stderr));
    await onlyRun(`${tmp}/results`, "points");
  });
});
