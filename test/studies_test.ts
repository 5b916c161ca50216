/**
 * The studies in experiments/: `deno task list` shows all seven and the search study's six
 * files (experiments/search/), each study's quick mode runs end to end (so none can rot; the full runs are not tests), and the full default
 * lesson-2d run reproduces the committed results/reference/lesson-2d/summary.csv metric
 * for metric.
 */
import assert from "node:assert/strict";
import { cli, metricColumns, onlyRun, REPO, withTempDir } from "./_runs.ts";

const STUDIES = [
  "backprop-l2",
  "iris",
  "lecun-mlp",
  "lesson-2d",
  "mnist-lab",
  "nonlinear",
  "regression",
];

/**
 * The search study (docs/studies.md): grid, random and halving at two budgets, and halving,
 * Hyperband and TPE at the short one, in a subfolder.
 */
const SEARCH_STUDY = [
  ...["grid", "random", "halving"].flatMap((kind) => [kind, `${kind}-short`]),
  "halving-even-short",
  "hyperband-short",
  "tpe-short",
].map((file) => ({ arg: `search/${file}`, name: `search-${file}` }));

Deno.test("deno task list shows the seven studies and the search study, each valid, with its budget", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["task", "--quiet", "list"],
    cwd: REPO,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  assert.equal(out.code, 0, text + new TextDecoder().decode(out.stderr));
  const names = text.split("\n").slice(2).map((l) => l.split(/\s+/)[0]).filter((n) => n);
  // Every shipped study is listed (a user's own experiments in experiments/ may be too).
  const shipped = [...STUDIES, ...SEARCH_STUDY.map((s) => s.arg)];
  assert.deepEqual(names.filter((n) => shipped.includes(n!)), [
    ...STUDIES,
    ...SEARCH_STUDY.map((s) => s.arg).sort(),
  ]);
  for (const line of text.split("\n").filter((l) => shipped.includes(l.split(/\s+/)[0]!))) {
    assert.doesNotMatch(line, /INVALID/);
  }
  // cells, seeds, units, epochs at most, then the search: 81 trials of 9 epochs, 27 going
  // on to 27 and 9 to 81, continuing where they stopped: 729 + 27 × 18 + 9 × 54.
  assert.match(
    text,
    /search\/halving +81 +1 +81 +1701 +halving search, 81 trials: lr hidden activation/,
  );
  // A TPE search lists its trials (it plans the first batch, and draws the rest as it runs).
  assert.match(text, /search\/tpe-short +27 +1 +27 +729 +tpe search, 27 trials/);
  assert.match(text, /search\/grid +27 +1 +27 +2187 +lr×3 hidden×3 activation×3/);
});

for (const { arg, name } of [...STUDIES.map((s) => ({ arg: s, name: s })), ...SEARCH_STUDY]) {
  Deno.test(`${name} --quick runs end to end`, async () => {
    await withTempDir(async (tmp) => {
      const r = await cli(["experiment", arg, "--quick", "--quiet", "--out", tmp], {
        write: tmp,
      });
      assert.equal(r.code, 0, r.stderr);
      const dir = await onlyRun(tmp, name);
      const manifest = JSON.parse(await Deno.readTextFile(`${dir}/manifest.json`));
      assert.equal(manifest.status, "completed");
      assert.equal(manifest.overrides.quick, true);
    });
  });
}

Deno.test("the full default lesson-2d run reproduces results/reference/lesson-2d/summary.csv", async () => {
  await withTempDir(async (tmp) => {
    const r = await cli(["experiment", "lesson-2d", "--quiet", "--out", tmp], { write: tmp });
    assert.equal(r.code, 0, r.stderr);
    const dir = await onlyRun(tmp, "lesson-2d");
    assert.equal(
      await metricColumns(`${dir}/summary.csv`),
      await metricColumns(`${REPO}/results/reference/lesson-2d/summary.csv`),
    );
  });
});
