/**
 * A shard's run folder grows with its own share: its manifest (and so its run.js and
 * report) lists its own cells, and the whole plan is written once per results folder,
 * named by the definition hash, where merge finds it.
 */
import assert from "node:assert/strict";
import { cli, FIXTURES, journalText, onlyRun, runMetrics, withTempDir } from "./_runs.ts";

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

Deno.test("merge --into adds the shards that finished since, without reading those it holds", async () => {
  await withTempDir(async (tmp) => {
    const shard = async (s: string) => {
      const r = await cli(["experiment", TINY, "--out", `${tmp}/array`, "--shard", s, "--quiet"], {
        write: tmp,
      });
      assert.equal(r.code, 0, r.stderr);
      const names = Array.from(Deno.readDirSync(`${tmp}/array/tiny`), (e) => e.name);
      return names.map((n) => `${tmp}/array/tiny/${n}`);
    };
    const [first] = await shard("1/2");
    const early = await cli(["merge", first!, "--out", `${tmp}/merged`, "--allow-incomplete"], {
      write: tmp,
    });
    assert.equal(early.code, 0, early.stderr);
    const mergedRun = await onlyRun(`${tmp}/merged`, "tiny");
    const before = JSON.parse(Deno.readTextFileSync(`${mergedRun}/manifest.json`));
    assert.equal(before.status, "interrupted");
    const second = (await shard("2/2")).find((d) => d !== first)!;
    // The first shard's journal cannot be read: a merge that needs it fails …
    const deny = [`--deny-read=${first}/units.jsonl.gz`];
    const full = await cli(["merge", first!, second, "--out", `${tmp}/again`], {
      write: tmp,
      extra: deny,
    });
    assert.notEqual(full.code, 0, "a merge from scratch reads every shard");
    assert.match(full.stderr, /units\.jsonl/);
    // … and the incremental one does not need it: the merged run already holds its units.
    const more = await cli(["merge", first!, second, "--into", mergedRun], {
      write: tmp,
      extra: deny,
    });
    assert.equal(more.code, 0, more.stderr);
    const after = JSON.parse(Deno.readTextFileSync(`${mergedRun}/manifest.json`));
    assert.equal(after.status, "completed");
    assert.equal(after.mergedFrom.length, 2);
    const sources = JSON.parse(Deno.readTextFileSync(`${mergedRun}/merged.json`));
    assert.deepEqual(sources.map((s: { dir: string }) => s.dir).sort(), [first, second].sort());
    const whole = await cli(["experiment", TINY, "--out", `${tmp}/whole`, "--quiet"], {
      write: tmp,
    });
    assert.equal(whole.code, 0, whole.stderr);
    assert.deepEqual(
      await runMetrics(mergedRun),
      await runMetrics(await onlyRun(`${tmp}/whole`, "tiny")),
    );
    // Nothing new: the merged run is left as it is.
    const journal = await journalText(mergedRun);
    const same = await cli(["merge", first!, second, "--into", mergedRun], { write: tmp });
    assert.equal(same.code, 0, same.stderr);
    assert.equal(await journalText(mergedRun), journal);
  });
});
