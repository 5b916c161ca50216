/**
 * A run's units without holding them all: summaries in memory, whole units read back from
 * the journal in plan order, and views written from either kind of store byte for byte
 * the same.
 */
import assert from "node:assert/strict";
import { JournalStore, memoryStore, readRun, runExperiment, type UnitResult } from "../mod.ts";
import { journalLine, parseJournal } from "../lib/experiment/store/journal.ts";
import { planOf, unitKey } from "../lib/experiment/store/manifest.ts";
import { manifestPieces, writeRun } from "../lib/experiment/store/views.ts";
import { journalText, plainJournal, withTempDir } from "./_runs.ts";
import tiny from "./fixtures/experiments/tiny.ts";

Deno.test("a run keeps its units' summaries in memory, not their epochs", async () => {
  await withTempDir(async (out) => {
    const run = await runExperiment(tiny, { out, workers: 0 });
    assert.equal(run.units.size, 16);
    for (const u of run.units.values()) {
      assert.equal("history" in u, false, "a unit's epochs stay in the journal");
      assert.equal("boundary" in u, false);
      assert.ok(Number.isFinite(u.final.test?.accuracy));
    }
    const whole = await readRun(run.dir);
    assert.ok([...whole.units.values()].every((u) => u.history.length === u.epochsRun));
  });
});

Deno.test("the journal store reads units back in plan order, whatever order they finished in", async () => {
  await withTempDir(async (out) => {
    const run = await readRun((await runExperiment(tiny, { out, workers: 0 })).dir);
    const plan = planOf(run.manifest);
    const ordered = plan.cells.flatMap((c) =>
      plan.seeds.map((s) => run.units.get(unitKey(c.id, s))!)
    );
    // Finished in reverse, with a torn last line (a kill mid-append).
    const reversed = ordered.toReversed();
    const text = reversed.map(journalLine).join("") + journalLine(ordered[0]!).slice(0, 30);
    const path = `${out}/units.jsonl`;
    await Deno.writeTextFile(path, text);
    const { store, validLength, torn } = await JournalStore.scan(path, {
      firstSeed: plan.seeds[0],
    });
    assert.equal(torn, true);
    assert.equal(validLength, new TextEncoder().encode(reversed.map(journalLine).join("")).length);
    assert.equal(store.size, ordered.length);
    const back: UnitResult[] = [];
    for await (const { unit } of store.units(plan)) back.push(unit);
    assert.deepEqual(back, ordered);
    // Views written from the journal equal those written from units in memory.
    const a = `${out}/a`, b = `${out}/b`;
    await Deno.mkdir(a), await Deno.mkdir(b);
    await writeRun(a, run.manifest, plan, store);
    await writeRun(b, run.manifest, plan, memoryStore(run.units));
    for (const f of Deno.readDirSync(b)) {
      assert.equal(
        Deno.readTextFileSync(`${a}/${f.name}`),
        Deno.readTextFileSync(`${b}/${f.name}`),
      );
    }
    assert.deepEqual(
      Array.from(Deno.readDirSync(a), (e) => e.name).sort(),
      Array.from(Deno.readDirSync(b), (e) => e.name).sort(),
    );
  });
});

Deno.test("a bad journal line is named by file and line", async () => {
  await withTempDir(async (out) => {
    const path = `${out}/units.jsonl`;
    await Deno.writeTextFile(path, '{"cellId":"c","seed":1}\n');
    await assert.rejects(JournalStore.scan(path), /units\.jsonl:1: not a finished unit/);
    await Deno.writeTextFile(path, "{oops\n");
    await assert.rejects(JournalStore.scan(path), /units\.jsonl:1: not a JSON line/);
  });
});

Deno.test("a unit recorded twice: kept once when the records agree but for timing, refused naming both lines when not", async () => {
  await withTempDir(async (out) => {
    const run = await runExperiment(tiny, { out, workers: 0 });
    const lines = (await journalText(run.dir)).trimEnd().split("\n");
    const first = JSON.parse(lines[2]!);
    const retimed = JSON.stringify({ ...first, seconds: first.seconds + 1 });
    const other = JSON.stringify({
      ...first,
      final: { ...first.final, test: { ...first.final.test, accuracy: 0.123 } },
    });
    const path = `${out}/units.jsonl`;
    await Deno.writeTextFile(path, [...lines, retimed, ""].join("\n"));
    const { store } = await JournalStore.scan(path);
    assert.equal(store.size, 16, "the same unit, run again: kept once");
    const refused = new RegExp(
      `units\\.jsonl(\\.gz)?:17: cell ${first.cellId} seed ${first.seed} is already recorded at line 3, with different results; keep the line to trust and remove the other`,
    );
    await Deno.writeTextFile(path, [...lines, other, ""].join("\n"));
    await assert.rejects(JournalStore.scan(path), refused);
    await assert.rejects(
      async () => parseJournal(await Deno.readTextFile(path), "units.jsonl"),
      refused,
    );
    // The same in a compacted journal, and in the run folder a resume would read.
    await Deno.remove(`${run.dir}/units.jsonl.gz`);
    const gz = new Blob([[...lines, other, ""].join("\n")]).stream().pipeThrough(
      new CompressionStream("gzip"),
    );
    await Deno.writeFile(`${run.dir}/units.jsonl.gz`, gz);
    await assert.rejects(readRun(run.dir), refused);
  });
});

Deno.test("a completed run's journal is compacted; it reads back the same and resumes into a plain one", async () => {
  await withTempDir(async (out) => {
    const run = await runExperiment(tiny, { out, workers: 0 });
    const names = Array.from(Deno.readDirSync(run.dir), (e) => e.name);
    assert.ok(names.includes("units.jsonl.gz") && !names.includes("units.jsonl"));
    const text = await journalText(run.dir);
    assert.equal(text.trimEnd().split("\n").length, 16);
    assert.ok(Deno.statSync(`${run.dir}/units.jsonl.gz`).size * 3 < text.length, "gzip pays");
    const fromGz = await readRun(run.dir);
    // Resumed (nothing left to run): a plain journal is started from it, and compacted again;
    // the run keeps its end, so its duration stays the time it took.
    const ended = JSON.parse(await Deno.readTextFile(`${run.dir}/manifest.json`)).ended;
    await new Promise((r) => setTimeout(r, 20));
    const again = await runExperiment(tiny, { resume: run.dir, workers: 0 });
    assert.equal(again.status, "completed");
    const after = JSON.parse(await Deno.readTextFile(`${run.dir}/manifest.json`));
    assert.equal(after.ended, ended);
    assert.equal(after.resumed.length, 1);
    assert.equal(await journalText(run.dir), text);
    assert.ok(!Deno.readDirSync(run.dir).some((e) => e.name === "units.jsonl"));
    await plainJournal(run.dir);
    assert.deepEqual((await readRun(run.dir)).units, fromGz.units);
    // A damaged compacted journal is named by file and line, as a plain one.
    const lines = text.split("\n");
    lines[1] = "{oops";
    const gz = `${run.dir}/units.jsonl.gz`;
    await Deno.remove(`${run.dir}/units.jsonl`);
    const zipped = new Blob([lines.join("\n")]).stream().pipeThrough(new CompressionStream("gzip"));
    await Deno.writeFile(gz, zipped);
    await assert.rejects(readRun(run.dir), /units\.jsonl\.gz:2: not a JSON line/);
  });
});

Deno.test("manifest.json written cell by cell is the text JSON.stringify(manifest, null, 2) would be", async () => {
  await withTempDir(async (out) => {
    const run = await runExperiment(tiny, { out, workers: 0 });
    const text = await Deno.readTextFile(`${run.dir}/manifest.json`);
    assert.equal(text, JSON.stringify(JSON.parse(text), null, 2) + "\n");
    const m = JSON.parse(text);
    for (const manifest of [m, { ...m, cells: [] }, { ...m, cells: m.cells.slice(0, 1) }]) {
      assert.equal(
        [...manifestPieces(manifest)].join(""),
        JSON.stringify(manifest, null, 2) + "\n",
      );
    }
  });
});
