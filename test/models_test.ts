/**
 * The trained models a run keeps: the chosen cell's final weights, every seed, listed with
 * their digests; loaded back they reproduce each unit's recorded metrics to the last digit,
 * through resume and the merge of shards byte for byte; `deno task predict` writes them out.
 */
import assert from "node:assert/strict";
// @ts-types="../lib/_csv_parse.d.ts"
import { parse } from "npm:csv-parse@7.0.3/sync";
import {
  chooseBest,
  createLoss,
  evaluate,
  loadExperiment,
  loadModel,
  mergeRuns,
  readRun,
  runToFolder,
} from "../mod.ts";
import { aggregateFinals } from "../lib/experiment/analysis/aggregate.ts";
import { prepare } from "../lib/experiment/run/unit.ts";
import { MODELS_LOG } from "../lib/experiment/store/models.ts";
import { unitKey } from "../lib/experiment/store/manifest.ts";
import { cli, FIXTURES, onlyRun, withTempDir } from "./_runs.ts";

const TINY = `${FIXTURES}/tiny.ts`;
const tiny = (await loadExperiment(TINY)).definition;

const files = (dir: string) => Array.from(Deno.readDirSync(`${dir}/models`), (e) => e.name).sort();
const bytes = (dir: string) =>
  Object.fromEntries(files(dir).map((f) => [f, Deno.readFileSync(`${dir}/models/${f}`)]));

Deno.test("a run keeps its chosen cells' models; loaded back they give each unit's test metrics to the last digit", async () => {
  await withTempDir(async (out) => {
    const run = await runToFolder(tiny, { out, workers: 0 });
    const { manifest, units } = await readRun(run.dir);
    const kept = manifest.models!.files;
    // The chosen cell of each data set, as the report chooses it, every seed.
    const chosen = chooseBest(aggregateFinals({ manifest, units }), "accuracy")
      .map((c) => c.chosen!.cell.id);
    assert.equal(chosen.length, 2);
    assert.deepEqual(
      kept.map((m) => [m.cell, m.seed, m.rank]),
      chosen.flatMap((id) => [[id, 1, 1], [id, 2, 1]]),
    );
    assert.deepEqual(files(run.dir), kept.map((m) => m.file.slice("models/".length)).sort());
    assert.equal(await Deno.stat(`${run.dir}/${MODELS_LOG}`).catch(() => null), null);
    for (const m of kept) {
      const model = await loadModel(run.dir, { cell: m.cell, seed: m.seed });
      const data = await prepare(model.config, m.seed, {});
      const loss = createLoss(model.config.loss);
      const unit = units.get(unitKey(m.cell, m.seed))!;
      assert.deepEqual(evaluate(model.network, loss, data.test!), unit.final.test);
      assert.deepEqual(evaluate(model.network, loss, data.train), unit.final.train);
    }
    // The default: the first data set's chosen cell, its first seed; a label names a cell.
    assert.deepEqual((await loadModel(run.dir)).entry, kept[0]);
    assert.deepEqual((await loadModel(run.dir, { cell: kept[2]!.label, seed: 2 })).entry, kept[3]);
    assert.deepEqual(
      (await loadModel(run.dir, { cell: kept[2]!.cell.slice(0, 6) })).entry,
      kept[2],
    );
  });
});

Deno.test("a kept model whose file changed is refused with its path; what a run kept is named", async () => {
  await withTempDir(async (out) => {
    const run = await runToFolder(tiny, { out, workers: 0 });
    const entry = (await loadModel(run.dir)).entry;
    const path = `${run.dir}/${entry.file}`;
    const text = Deno.readTextFileSync(path);
    Deno.writeTextFileSync(path, text.replace(/\d(?=,)/, (d) => String((Number(d) + 1) % 10)));
    await assert.rejects(
      loadModel(run.dir),
      (e: Error) =>
        e.message.includes(`Cannot load the model ${path}: its digest is sha256:`) &&
        e.message.includes(`the manifest lists ${entry.digest}`),
    );
    await assert.rejects(
      loadModel(run.dir, { cell: "no-such-cell" }),
      /no kept model is of cell "no-such-cell"; the run kept [0-9a-f]{12} \(data=moons.*seeds 1, 2\)/,
    );
    await assert.rejects(loadModel(run.dir, { seed: 7 }), /kept no seed 7; it kept seeds 1, 2/);
    const none = await runToFolder(tiny, { out: `${out}/none`, workers: 0, keepModels: 0 });
    await assert.rejects(loadModel(none.dir), /kept none \(it was run with --keep-models 0\)/);
    assert.equal(await Deno.stat(`${none.dir}/models`).catch(() => null), null);
    await assert.rejects(
      runToFolder(tiny, { out, workers: 0, keepModels: 1.5 }),
      /Invalid keepModels: expected a whole number of cells ≥ 0 \(0 keeps none\), got 1\.5/,
    );
  });
});

Deno.test("models survive an interruption and resume, and the merge of shards, byte for byte", async () => {
  await withTempDir(async (out) => {
    const whole = await runToFolder(tiny, { out: `${out}/whole`, workers: 2, keepModels: 2 });
    const controller = new AbortController();
    let seen = 0;
    const part = await runToFolder(tiny, {
      out: `${out}/part`,
      workers: 0,
      keepModels: 2,
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type === "unit-done" && ++seen === 5) controller.abort();
      },
    });
    assert.equal(part.status, "interrupted");
    assert.equal(part.manifest.models!.files.length, 0);
    const resumed = await runToFolder(tiny, { resume: part.dir, workers: 2 });
    assert.equal(resumed.status, "completed");
    assert.equal(resumed.manifest.models!.files.length, 8);
    assert.deepEqual(bytes(resumed.dir), bytes(whole.dir));
    assert.deepEqual(resumed.manifest.models, whole.manifest.models);
    const shards = [];
    for (const index of [1, 2]) {
      const shard = await runToFolder(tiny, {
        out: `${out}/array`,
        workers: 0,
        keepModels: 2,
        shard: { index, count: 2 },
      });
      // A shard cannot know the best cells: it keeps its log for the merge.
      assert.equal(shard.manifest.models!.files.length, 0);
      assert.ok(Deno.statSync(`${shard.dir}/${MODELS_LOG}`).size > 0);
      shards.push(shard.dir);
    }
    const merged = await mergeRuns(shards, { out: `${out}/merged` });
    assert.equal(merged.status, "completed");
    assert.deepEqual(bytes(merged.dir), bytes(whole.dir));
    assert.deepEqual(merged.manifest.models, whole.manifest.models);
    const a = await loadModel(merged.dir), b = await loadModel(whole.dir);
    assert.deepEqual(
      a.network.parameters().map((p) => p.value.data),
      b.network.parameters().map((p) => p.value.data),
    );
  });
});

Deno.test("deno task predict: the chosen cell's test predictions give the report's test accuracy; a CSV of the same rows, the same predictions", async () => {
  await withTempDir(async (out) => {
    const made = await cli(["experiment", TINY, "--out", out, "--quiet"], { write: out });
    assert.equal(made.code, 0, made.stderr);
    const dir = await onlyRun(out, "tiny");
    const { manifest, units } = await readRun(dir);
    const entry = manifest.models!.files[0]!;
    const r = await cli(["predict", dir, "test", "--out", `${out}/p.csv`], { write: out });
    assert.equal(r.code, 0, r.stderr);
    const rows = parse(Deno.readTextFileSync(`${out}/p.csv`), { columns: true }) as Record<
      string,
      string
    >[];
    const summary = parse(Deno.readTextFileSync(`${dir}/summary.csv`), { columns: true }) as Record<
      string,
      string
    >[];
    const reported = Number(summary.find((s) => s.cell_id === entry.cell)!.test_accuracy_mean);
    const accuracy = (seed: number) => {
      const mine = rows.filter((row) => Number(row.seed) === seed);
      return mine.filter((row) => row.label === row.predicted).length / mine.length;
    };
    for (const seed of [1, 2]) {
      assert.equal(accuracy(seed), units.get(unitKey(entry.cell, seed))!.final.test!.accuracy);
    }
    assert.equal((accuracy(1) + accuracy(2)) / 2, reported);
    assert.match(r.stdout, new RegExp(`accuracy ${reported}`));
    assert.deepEqual(Object.keys(rows[0]!), ["seed", "row", "label", "predicted", "p_0", "p_1"]);
    assert.ok(rows.every((row) => Math.abs(Number(row.p_0) + Number(row.p_1) - 1) < 1e-12));
    // The same test rows as a CSV file: the same predictions.
    const model = await loadModel(dir, { seed: 1 });
    const test = (await prepare(model.config, 1, {})).test!;
    const names = test.featureNames;
    const csv = [
      [...names, "label"].join(","),
      ...Array.from(
        { length: test.x.rows },
        (_, i) => [...test.x.row(i), test.classNames![(test.y as Int32Array)[i]!]].join(","),
      ),
    ].join("\n");
    Deno.writeTextFileSync(`${out}/rows.csv`, csv);
    const again = await cli([
      "predict",
      dir,
      `${out}/rows.csv`,
      "--seed",
      "1",
      "--out",
      `${out}/q.csv`,
    ], {
      write: out,
    });
    assert.equal(again.code, 0, again.stderr);
    const q = parse(Deno.readTextFileSync(`${out}/q.csv`), { columns: true }) as Record<
      string,
      string
    >[];
    assert.deepEqual(q, rows.filter((row) => row.seed === "1"));
    // A CSV without a feature column: the file, the column and what the model takes.
    Deno.writeTextFileSync(`${out}/bad.csv`, "a,label\n1,0\n");
    const bad = await cli(["predict", dir, `${out}/bad.csv`, "--out", `${out}/b.csv`], {
      write: out,
    });
    assert.equal(bad.code, 2);
    assert.match(
      bad.stderr,
      new RegExp(`bad\\.csv: no column ${names[0]}, ${names[1]}; the model takes the features`),
    );
    assert.equal(await Deno.stat(`${out}/b.csv`).catch(() => null), null);
    const missing = await cli(["predict", dir, `${out}/none.csv`, "--out", `${out}/n.csv`], {
      write: out,
    });
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, new RegExp(`Cannot read ${out}/none\.csv: no such file`));
  });
});
