/**
 * A shard's run folder grows with its own share: its manifest (and so its run.js and
 * report) lists its own cells, and the whole plan is written once per results folder,
 * named by the definition hash, where merge finds it.
 */
import assert from "node:assert/strict";
import { cli, FIXTURES, onlyRun, runMetrics, withTempDir } from "./_runs.ts";

const TINY = `${FIXTURES}/tiny.ts`;

Deno.test("a shard lists only its cells; the plan is written once; the merge equals the whole run", async () => {
  await withTempDir(async (tmp) => {
    const dirs: string[] = [];
    for (const shard of ["1/4", "2/4", "3/4", "4/4"]) {
      const r = await cli([
        "experiment",
        TINY,
        "--out",
        `${tmp}/array`,
        "--shard",
        shard,
        "--quiet",
      ], {
        write: tmp,
      });
      assert.equal(r.code, 0, r.stderr);
      const runs = Array.from(Deno.readDirSync(`${tmp}/array/tiny`), (e) => e.name)
        .filter((n) => !dirs.some((d) => d.endsWith(n)));
      dirs.push(`${tmp}/array/tiny/${runs[0]}`);
    }
    const manifests = dirs.map((d) => JSON.parse(Deno.readTextFileSync(`${d}/manifest.json`)));
    assert.deepEqual(manifests.map((m) => m.cells.length), [2, 2, 2, 2]);
    assert.ok(manifests.every((m) => m.cells.every((c: { included: boolean }) => c.included)));
    const plans = Array.from(Deno.readDirSync(`${tmp}/array/_plans`), (e) => e.name);
    assert.deepEqual(plans, [`${manifests[0].definitionHash}.json`]);
    assert.deepEqual(
      manifests.map((m) => m.plan),
      manifests.map(() => ({
        file: `../../_plans/${manifests[0].definitionHash}.json`,
        cells: 8,
      })),
    );
    const merged = await cli(["merge", ...dirs, "--out", `${tmp}/merged`], { write: tmp });
    assert.equal(merged.code, 0, merged.stderr);
    const whole = await cli(["experiment", TINY, "--out", `${tmp}/whole`, "--quiet"], {
      write: tmp,
    });
    assert.equal(whole.code, 0, whole.stderr);
    const mergedRun = await onlyRun(`${tmp}/merged`, "tiny"),
      wholeRun = await onlyRun(`${tmp}/whole`, "tiny");
    assert.deepEqual(await runMetrics(mergedRun), await runMetrics(wholeRun));
    const m = JSON.parse(Deno.readTextFileSync(`${mergedRun}/manifest.json`));
    assert.equal(m.cells.length, 8);
    assert.equal(m.plan, undefined, "a merged run is whole: no plan reference");
    // Without the plan file, merge says where it looked.
    await Deno.remove(`${tmp}/array/_plans`, { recursive: true });
    const lost = await cli(["merge", ...dirs, "--out", `${tmp}/merged2`], { write: tmp });
    assert.equal(lost.code, 1);
    assert.match(lost.stderr, /Cannot merge: the plan of .* is not readable at .*_plans/);
  });
});
