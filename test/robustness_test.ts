/**
 * Runs that meet real life: grids too large to plan, definitions with several mistakes,
 * data files edited between runs, incomplete or mismatched merges, stored files edited or
 * damaged, a full disk, symbolic links and manifests that point elsewhere.
 */
import assert from "node:assert/strict";
import { parse } from "npm:csv-parse@7.0.3/sync";
import { stringify } from "npm:csv-stringify@6.9.0/sync";
import { defineExperiment } from "../lib/experiment/plan/define.ts";
import { mergeRuns } from "../lib/experiment/store/merge.ts";
import { planExperiment } from "../lib/experiment/plan/plan.ts";
import { runToFolder } from "../lib/experiment/run/runner.ts";
import { readRun } from "../lib/experiment/store/read.ts";
import { loadExperiment } from "../lib/experiment/plan/load.ts";
import { formatPath, type Problem, ValidationError } from "../lib/problems.ts";
import {
  cli,
  FIXTURES,
  onlyRun,
  plainJournal,
  removeJournal,
  REPO,
  runMetrics,
  withTempDir,
} from "./_runs.ts";

const MOD = new URL("../mod.ts", import.meta.url).href;

/** Writes an experiment file into `dir` and returns its path. */
async function experimentFile(dir: string, name: string, body: string): Promise<string> {
  const path = `${dir}/${name}.ts`;
  await Deno.writeTextFile(
    path,
    `import { defineExperiment } from "${MOD}";\nexport default defineExperiment(${body});\n`,
  );
  return path;
}

const small = (name: string, extra = "") =>
  `{ name: "${name}", description: "", data: { kind: "xor", n: 40 },
     model: (_p, s) => [{ kind: "dense", units: s.outputs }],
     optimizer: (p) => ({ kind: "sgd", lr: p.lr ?? 0.1 }), epochs: 2, batchSize: 8, ${extra} }`;

Deno.test("an experiment function that calls Deno.exit is named, not waited for", async () => {
  await withTempDir(async (tmp) => {
    const file = await experimentFile(
      tmp,
      "exits",
      `{ name: "exits", description: "", data: { kind: "xor", n: 40 }, model: () => Deno.exit(0),
         optimizer: { kind: "sgd", lr: 0.1 }, epochs: 1, batchSize: 8 }`,
    );
    const r = await cli(["experiment", file, "--out", tmp, "--quiet"], { write: tmp });
    assert.equal(r.code, 1, r.stderr);
    assert.match(
      r.stderr,
      /the model function threw Error: it called Deno\.exit\(0\) while the experiment was planned; return a value instead .*→ at model/,
    );
  });
});

Deno.test("a 10⁸-cell grid is refused within seconds, with its size and the limit, and no folder", async () => {
  await withTempDir(async (tmp) => {
    const values = `Array.from({ length: 100 }, (_, i) => i + 1)`;
    const file = await experimentFile(
      tmp,
      "huge",
      small("huge", `grid: { a: ${values}, b: ${values}, c: ${values}, lr: ${values} },`),
    );
    const started = performance.now();
    const r = await cli(["experiment", file, "--out", `${tmp}/results`], { write: tmp });
    const seconds = (performance.now() - started) / 1000;
    assert.equal(r.code, 1, r.stderr);
    assert.match(
      r.stderr,
      /100,000,000 cells × 3 seeds \(a×100 b×100 c×100 lr×100\) is too large: at most 100,000 cells/,
    );
    assert.ok(seconds < 10, `took ${seconds} s`);
    await assert.rejects(Deno.stat(`${tmp}/results`), Deno.errors.NotFound);
  });
});

Deno.test("--workers beyond four per core is capped, with a note", async () => {
  await withTempDir(async (tmp) => {
    const r = await cli(
      ["experiment", `${FIXTURES}/tiny.ts`, "--out", tmp, "--workers", "300"],
      { write: tmp },
    );
    assert.equal(r.code, 0, r.stderr);
    const cap = 4 * navigator.hardwareConcurrency;
    assert.match(r.stderr, new RegExp(`note: --workers 300: capped at ${cap} `));
    assert.match(r.stderr, new RegExp(`on ${Math.min(cap, 16)} workers`));
  });
});

Deno.test("a definition with five independent mistakes reports all five in one pass", async () => {
  const def = defineExperiment(
    {
      name: "mistakes",
      description: "",
      grid: { cell_id: [1, 2], f: [0.1, (() => 1) as unknown as number], lr: [0.1, 0.2] },
      data: { kind: "xor", n: 40 },
      model: (p, s) => {
        if (p.lr === 0.2) throw new RangeError("no model for lr 0.2");
        return [{ kind: "dense", units: s.outputs }];
      },
      optimizer: (p) => ({ kind: "sgd", lr: p.lr }),
      epochs: 2,
      batchSize: 0,
      ...{ epoch: 3 },
    } as Parameters<typeof defineExperiment>[0],
  );
  const error = await planExperiment(def, {}, { source: "experiments/mistakes.ts" }).then(
    () => assert.fail("planned"),
    (e) => e,
  );
  assert.ok(error instanceof ValidationError, String(error));
  const text = error.problems.map((p: Problem) => `${formatPath(p.path)}: ${p.message}`);
  const expect = [
    /^grid\.cell_id: "cell_id" is a column of the run's files/,
    /^grid\.f\[1\]: expected a JSON value, got a function/,
    /^epoch: unknown field/,
    /^model: the model function threw RangeError: no model for lr 0\.2 \(cell cell_id=1 f=0\.1 lr=0\.2, in experiments\/mistakes\.ts\)/,
    /^batchSize: expected a positive integer, got 0/,
  ];
  for (const re of expect) {
    assert.ok(text.some((t: string) => re.test(t)), `${re}\n${text.join("\n")}`);
  }
});

Deno.test("editing a CSV the experiment reads changes the definition hash; resume refuses the run", async () => {
  await withTempDir(async (tmp) => {
    const rows = Array.from(
      { length: 40 },
      (_, i) => `${i % 7},${(i * 3) % 5},${i % 2 ? "a" : "b"}`,
    );
    await Deno.writeTextFile(`${tmp}/points.csv`, `x,y,label\n${rows.join("\n")}\n`);
    const file = await experimentFile(
      tmp,
      "fromcsv",
      small("fromcsv", "").replace(
        `data: { kind: "xor", n: 40 }`,
        `data: { kind: "csv", path: "points.csv", target: "label" }`,
      ),
    );
    const first = await cli(["experiment", file, "--out", `${tmp}/results`, "--quiet"], {
      write: tmp,
    });
    assert.equal(first.code, 0, first.stderr);
    const dir = await onlyRun(`${tmp}/results`, "fromcsv");
    const before = (await readRun(dir)).manifest;
    assert.match(before.data!["points.csv"]!, /^sha256:[0-9a-f]{64}$/);
    await Deno.writeTextFile(`${tmp}/points.csv`, `x,y,label\n${rows.join("\n")}\n9,9,a\n`);
    const second = await cli(["experiment", file, "--out", `${tmp}/results`, "--quiet"], {
      write: tmp,
    });
    assert.equal(second.code, 0, second.stderr);
    const runs = [...Deno.readDirSync(`${tmp}/results/fromcsv`)].filter((e) => e.isDirectory);
    const hashes = await Promise.all(
      runs.map(async (e) =>
        (await readRun(`${tmp}/results/fromcsv/${e.name}`)).manifest.definitionHash
      ),
    );
    assert.equal(new Set(hashes).size, 2);
    const resumed = await cli(["experiment", file, "--resume", dir], { write: tmp });
    assert.equal(resumed.code, 1);
    assert.match(resumed.stderr, /the experiment or its data changed since that run/);
  });
});

Deno.test("merge: 2 of 3 shards exit ≠ 0 naming the missing shard; --allow-incomplete merges; a merged run is not merged again", async () => {
  await withTempDir(async (tmp) => {
    const shards = [];
    for (const i of [1, 2, 3]) {
      const r = await cli(
        ["experiment", `${FIXTURES}/tiny.ts`, "--out", tmp, "--shard", `${i}/3`, "--quiet"],
        { write: tmp },
      );
      assert.equal(r.code, 0, r.stderr);
      shards.push(r.stdout.match(/Run folder: (.*)/)![1]!);
    }
    const partial = await cli(["merge", shards[0]!, shards[2]!, "--out", tmp], { write: tmp });
    assert.equal(partial.code, 1, partial.stderr);
    assert.match(
      partial.stderr,
      /Cannot merge: \d+ of 16 units are in none of these runs \(shard 2\/3 not given\)/,
    );
    assert.match(partial.stderr, /--allow-incomplete/);
    const before = [...Deno.readDirSync(`${tmp}/tiny`)].length;
    assert.equal(before, 3, "nothing written by a refused merge");
    const allowed = await cli(
      ["merge", shards[0]!, shards[2]!, "--out", tmp, "--allow-incomplete"],
      { write: tmp },
    );
    assert.equal(allowed.code, 0, allowed.stderr);
    assert.match(allowed.stdout, /Merged 2 runs \(interrupted\)/);
    const full = await cli(["merge", ...shards, "--out", tmp], { write: tmp });
    assert.equal(full.code, 0, full.stderr);
    const merged = full.stdout.match(/into (.*)/)![1]!;
    const again = await cli(["merge", merged, shards[0]!, "--out", tmp], { write: tmp });
    assert.equal(again.code, 1);
    assert.match(again.stderr, /is itself a merged run/);
    const resumeMerged = await cli(["experiment", `${FIXTURES}/tiny.ts`, "--resume", merged], {
      write: tmp,
    });
    assert.equal(resumeMerged.code, 1);
    assert.match(resumeMerged.stderr, /it is a merged run/);
  });
});

Deno.test("backend and dtype are recorded per shard: merge and resume refuse a different backend", async () => {
  await withTempDir(async (out) => {
    const { default: tiny } = await import(`${FIXTURES}/tiny.ts`);
    const a = await runToFolder(tiny, {
      out,
      workers: 0,
      shard: { index: 1, count: 2 },
      backend: "typescript",
    });
    const b = await runToFolder(tiny, {
      out,
      workers: 0,
      shard: { index: 2, count: 2 },
      backend: "wasm",
    });
    assert.deepEqual(a.manifest.numerics, { backend: "typescript", dtype: "float32" });
    await assert.rejects(
      mergeRuns([a.dir, b.dir], { out }),
      /backend\/dtype wasm\/float32\) with .* \(typescript\/float32\)|backend\/dtype typescript\/float32\) with .* \(wasm\/float32\)/,
    );
    await assert.rejects(
      runToFolder(tiny, { resume: a.dir, backend: "wasm", workers: 0 }),
      /it was run with --backend typescript, not wasm/,
    );
  });
});

Deno.test("stored files are checked on read: every error names the file (and line), nothing is rewritten", async () => {
  await withTempDir(async (tmp) => {
    const r = await cli(["experiment", `${FIXTURES}/tiny.ts`, "--out", tmp, "--quiet"], {
      write: tmp,
    });
    assert.equal(r.code, 0, r.stderr);
    const dir = await onlyRun(tmp, "tiny");
    const manifestPath = `${dir}/manifest.json`;
    const original = await Deno.readTextFile(manifestPath);
    const metricsBefore = await runMetrics(dir);
    const attempt = async (args: string[]) => {
      const out = await cli(args, { write: tmp });
      assert.equal(out.code, 1, out.stderr);
      assert.doesNotMatch(out.stderr, /at file:|Cannot read properties/);
      return out.stderr;
    };
    const every = async (re: RegExp) => {
      for (
        const args of [["report", dir], ["compare", dir, dir], ["merge", dir, "--out", `${tmp}/m`]]
      ) {
        const said = await attempt(args);
        assert.match(said, re, `${args.join(" ")}: ${said}`);
      }
      assert.match(await attempt(["experiment", `${FIXTURES}/tiny.ts`, "--resume", dir]), re);
    };
    await Deno.writeTextFile(manifestPath, "null");
    await every(
      new RegExp(
        `run manifest ${manifestPath}: 1 problem\\n✖ expected a manifest object, got null`,
      ),
    );
    const m = JSON.parse(original);
    await Deno.writeTextFile(
      manifestPath,
      JSON.stringify({ ...m, status: "bogus", seeds: undefined }),
    );
    await every(
      /✖ expected running \| completed \| interrupted \| failed, got "bogus" → at status\n✖ expected a list of integer seeds, got undefined → at seeds/,
    );
    await Deno.writeTextFile(manifestPath, original);
    await plainJournal(dir);
    const journal = await Deno.readTextFile(`${dir}/units.jsonl`);
    const lines = journal.split("\n");
    lines[2] = lines[2]!.replace(/"loss":\[[-0-9.e]+/, '"loss":["abc"');
    await Deno.writeTextFile(`${dir}/units.jsonl`, lines.join("\n"));
    await every(
      new RegExp(
        `${dir}/units\\.jsonl:3: not a finished unit: history\\[0\\]\\.train\\.loss: expected a number, got "abc"`,
      ),
    );
    await Deno.writeTextFile(`${dir}/units.jsonl`, journal);
    // A damaged view is not the record: the journal rebuilds it.
    await Deno.writeTextFile(`${dir}/boundaries.json`, '{"truncated": [1, 2');
    const report = await cli(["report", dir], { write: tmp });
    assert.equal(report.code, 0, report.stderr);
    const resumed = await cli(["experiment", `${FIXTURES}/tiny.ts`, "--resume", dir, "--quiet"], {
      write: tmp,
    });
    assert.equal(resumed.code, 0, resumed.stderr);
    JSON.parse(await Deno.readTextFile(`${dir}/boundaries.json`));
    assert.deepEqual(await runMetrics(dir), metricsBefore);
    // A run from before the journal: its CSVs are checked cell by cell.
    await removeJournal(dir);
    const cells = parse(await Deno.readTextFile(`${dir}/cells.csv`)) as string[][];
    cells[3]![cells[0]!.indexOf("test_accuracy")] = "abc";
    const edited = stringify(cells, { record_delimiter: "unix" });
    await Deno.writeTextFile(`${dir}/cells.csv`, edited);
    await every(
      new RegExp(`${dir}/cells\\.csv:4: column test_accuracy: expected a number, got "abc"`),
    );
    assert.equal(await Deno.readTextFile(`${dir}/cells.csv`), edited);
  });
});

Deno.test("a full disk ends the run failed with the cause, and it resumes once there is room", async () => {
  await withTempDir(async (tmp) => {
    // A 200 kB file system of our own, in a user and mount namespace (no root needed).
    const deno = Deno.execPath();
    const script = `
      set -u
      mount -t tmpfs -o size=200k tmpfs "${tmp}/disk" || exit 90
      run() { "${deno}" run --allow-read --allow-write="${tmp}/disk" "${REPO}/cli.ts" experiment "${REPO}/experiments/lesson-2d.ts" --out "${tmp}/disk" --quiet "$@"; }
      run --workers 1 > "${tmp}/full.out" 2> "${tmp}/full.err"; echo "full exit $?"
      dir=$(ls -d "${tmp}"/disk/lesson-2d/*/)
      cp "$dir/manifest.json" "${tmp}/failed-manifest.json"
      mount -o remount,size=32m "${tmp}/disk"
      run --resume "$dir" > "${tmp}/resume.out" 2> "${tmp}/resume.err"; echo "resume exit $?"
      cp "$dir/manifest.json" "${tmp}/resumed-manifest.json"
      cp -r "$dir" "${tmp}/resumed-run"
    `;
    await Deno.mkdir(`${tmp}/disk`);
    const out = await new Deno.Command("unshare", {
      args: ["--user", "--map-root-user", "--mount", "bash", "-c", script],
      cwd: REPO,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const said = new TextDecoder().decode(out.stdout);
    assert.equal(out.code, 0, said + new TextDecoder().decode(out.stderr));
    assert.match(said, /full exit 1\n/);
    const err = await Deno.readTextFile(`${tmp}/full.err`);
    assert.match(err, /error: Cannot write .*: No space left on device/);
    const failed = JSON.parse(await Deno.readTextFile(`${tmp}/failed-manifest.json`));
    assert.equal(failed.status, "failed");
    assert.match(failed.error, /No space left on device/);
    assert.match(said, /resume exit 0\n/);
    assert.equal(
      JSON.parse(await Deno.readTextFile(`${tmp}/resumed-manifest.json`)).status,
      "completed",
    );
    const reference = await cli(
      ["experiment", "lesson-2d", "--out", `${tmp}/reference`, "--quiet"],
      { write: tmp },
    );
    assert.equal(reference.code, 0, reference.stderr);
    assert.deepEqual(
      await runMetrics(`${tmp}/resumed-run`),
      await runMetrics(await onlyRun(`${tmp}/reference`, "lesson-2d")),
    );
  });
});

Deno.test("a run whose final files cannot be written ends failed, not completed; --resume writes them", async () => {
  await withTempDir(async (tmp) => {
    const def = defineExperiment({
      name: "views",
      description: "",
      grid: { lr: [0.1, 0.3] },
      data: { kind: "moons", n: 80 },
      model: (_p, s) => [{ kind: "dense", units: s.outputs }],
      optimizer: (p) => ({ kind: "sgd", lr: p.lr }),
      epochs: 2,
      batchSize: 16,
    });
    let dir = "";
    // Every unit trains and is journaled; then cells.csv cannot be put in place (a folder
    // holds its name), as when the disk fills while the views are written.
    const run = runToFolder(def, {
      out: tmp,
      workers: 0,
      onEvent: (e) => {
        if (e.type === "start") {
          dir = e.dir;
          Deno.removeSync(`${dir}/cells.csv`);
          Deno.mkdirSync(`${dir}/cells.csv/blocked`, { recursive: true });
        }
      },
    });
    await assert.rejects(run, /Cannot write .*cells\.csv: Is a directory/);
    const manifest = JSON.parse(await Deno.readTextFile(`${dir}/manifest.json`));
    assert.equal(manifest.status, "failed");
    assert.match(
      manifest.error,
      /^writing the run's files failed: .*--resume .* writes them again/,
    );
    await Deno.remove(`${dir}/cells.csv`, { recursive: true });
    let trained = 0;
    const resumed = await runToFolder(def, {
      resume: dir,
      workers: 0,
      onEvent: (e) => void (e.type === "unit-done" && trained++),
    });
    assert.equal(resumed.status, "completed");
    assert.equal(trained, 0, "every unit was in the journal");
    assert.ok(Deno.statSync(`${dir}/cells.csv`).isFile);
  });
});

Deno.test("least privilege: the experiment task reads only the project and Deno's cache, and says how to read more", async () => {
  const task = (args: string[]) =>
    new Deno.Command(Deno.execPath(), {
      args: ["task", "--quiet", "experiment", ...args],
      cwd: REPO,
      stdout: "piped",
      stderr: "piped",
    }).output();
  const climbing = await task([`${FIXTURES}/reads_outside.ts`]);
  const said = new TextDecoder().decode(climbing.stderr);
  assert.equal(climbing.code, 1, said);
  assert.doesNotMatch(said, /root:/); // not a byte of /etc/passwd
  assert.match(said, /Cannot read the CSV data set at \S*\/etc\/passwd: no read permission/);
  assert.match(
    said,
    /reads only this project and Deno's cache\. To let it read \/etc, run:\n {2}deno run --no-remote --allow-read=\.,\S+,\/etc\/hostname,\/etc --allow-write=results cli\.ts experiment \S+reads_outside\.ts\n/,
  );
  await withTempDir(async (tmp) => {
    const file = await experimentFile(tmp, "outside", small("outside"));
    const outside = await task([file]);
    const text = new TextDecoder().decode(outside.stderr);
    assert.equal(outside.code, 1, text);
    assert.match(text, new RegExp(`Requires read access to "${file}"`));
    assert.match(text, new RegExp(`--allow-read=\\.,\\S+,/etc/hostname,${tmp} `));
  });
});

Deno.test("a run folder copied out of its results folder resumes: only its own surroundings are checked for links, not the folders above", async () => {
  await withTempDir(async (tmp) => {
    const first = await cli(["experiment", `${FIXTURES}/tiny.ts`, "--out", `${tmp}/x`, "--quiet"], {
      write: tmp,
    });
    assert.equal(first.code, 0, first.stderr);
    const run = await onlyRun(`${tmp}/x`, "tiny");
    // Copied to a/b/run, beside a link in a/ (as /tmp holds a browser's links): a/ is no
    // results folder of this run.
    await Deno.mkdir(`${tmp}/a/b/run`, { recursive: true });
    for (const e of Deno.readDirSync(run)) {
      if (e.isFile) await Deno.copyFile(`${run}/${e.name}`, `${tmp}/a/b/run/${e.name}`);
    }
    await Deno.symlink("/", `${tmp}/a/link`);
    const resumed = await cli(["experiment", "--resume", `${tmp}/a/b/run`, "--quiet"], {
      write: tmp,
    });
    assert.equal(resumed.code, 0, resumed.stderr);
  });
});

Deno.test("least privilege: a symlink in results/ cannot carry --out elsewhere; resume imports only a nameable experiment", async () => {
  await withTempDir(async (tmp) => {
    const elsewhere = await Deno.makeTempDir({ prefix: "mlp-elsewhere-" });
    try {
      await Deno.mkdir(`${tmp}/results`);
      await Deno.symlink(elsewhere, `${tmp}/results/link`);
      const r = await cli(
        ["experiment", `${FIXTURES}/tiny.ts`, "--out", `${tmp}/results/link`, "--quiet"],
        { write: `${tmp}/results` },
      );
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, new RegExp(`Cannot write ${elsewhere}/tiny.*no write permission`));
      assert.deepEqual([...Deno.readDirSync(elsewhere)], []);
      // With a link anywhere in results/, a run does not start: its code could write
      // results/link/… and reach elsewhere.
      const beside = await cli(
        ["experiment", `${FIXTURES}/tiny.ts`, "--out", `${tmp}/results`, "--quiet"],
        { write: `${tmp}/results` },
      );
      assert.equal(beside.code, 1, beside.stderr);
      assert.match(
        beside.stderr,
        new RegExp(
          `${tmp}/results/link is a symbolic link to ${elsewhere}, which would carry writes outside`,
        ),
      );
      // merge --out and report through the link write where the link leads: refused there.
      const shard = await cli(
        ["experiment", `${FIXTURES}/tiny.ts`, "--out", `${tmp}/shards`, "--quiet"],
        { write: tmp },
      );
      assert.equal(shard.code, 0, shard.stderr);
      const run = await onlyRun(`${tmp}/shards`, "tiny");
      const merged = await cli(["merge", run, "--out", `${tmp}/results/link`], {
        write: `${tmp}/results`,
      });
      assert.notEqual(merged.code, 0);
      assert.match(
        merged.stderr,
        new RegExp(`${elsewhere}/tiny.*(no write permission|write access)`),
      );
      await Deno.rename(`${tmp}/shards/tiny`, `${elsewhere}/tiny`);
      const linked = `${tmp}/results/link/tiny/${run.split("/").at(-1)}`;
      const before = await Deno.readTextFile(
        `${elsewhere}/tiny/${run.split("/").at(-1)}/index.html`,
      );
      const report = await cli(["report", linked], { write: `${tmp}/results` });
      assert.notEqual(report.code, 0);
      assert.match(
        report.stderr,
        new RegExp(
          `write access to "${elsewhere}/|Cannot write ${elsewhere}/.*no write permission`,
        ),
      );
      assert.equal(
        await Deno.readTextFile(`${elsewhere}/tiny/${run.split("/").at(-1)}/index.html`),
        before,
      );
      // An experiment file that is a link out of the project is not imported.
      const outside = await experimentFile(elsewhere, "evil", small("evil"));
      await Deno.symlink(outside, `${tmp}/evil.ts`);
      await assert.rejects(
        loadExperiment(`${tmp}/evil.ts`),
        new RegExp(`it is a symbolic link to ${outside}, outside this project; name that file`),
      );
      await Deno.remove(`${tmp}/results/link`);
      await Deno.remove(`${tmp}/evil.ts`);
    } finally {
      await Deno.remove(elsewhere, { recursive: true });
    }
    const ok = await cli(["experiment", `${FIXTURES}/tiny.ts`, "--out", tmp, "--quiet"], {
      write: tmp,
    });
    assert.equal(ok.code, 0, ok.stderr);
    const dir = await onlyRun(tmp, "tiny");
    const m = JSON.parse(await Deno.readTextFile(`${dir}/manifest.json`));
    for (const source of ["https://example.com/x.ts", "/etc/evil.ts", "../../../../tmp/evil.ts"]) {
      await Deno.writeTextFile(`${dir}/manifest.json`, JSON.stringify({ ...m, source }));
      const resumed = await cli(["experiment", "--resume", dir], { write: tmp });
      assert.equal(resumed.code, 2, resumed.stderr);
      assert.match(
        resumed.stderr,
        /names the experiment .* outside this project; name the experiment file yourself/,
      );
    }
  });
});
