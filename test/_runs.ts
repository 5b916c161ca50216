/** Helpers for tests of runs: metric columns of the CSVs, and running the CLI. */
import { parse } from "npm:csv-parse@7.0.3/sync";

export const REPO = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
export const FIXTURES = `${REPO}/test/fixtures/experiments`;

/** The CSV text without its timing columns (`seconds`): what must be byte-identical. */
export async function metricColumns(path: string): Promise<string> {
  const rows = parse(await Deno.readTextFile(path)) as string[][];
  const keep = rows[0]!.map((c, i) => (c === "seconds" ? -1 : i)).filter((i) => i >= 0);
  return rows.map((r) => keep.map((i) => r[i]).join(",")).join("\n");
}

/** The metric columns of all three CSVs of a run. */
export async function runMetrics(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of ["cells", "epochs", "summary"]) out[f] = await metricColumns(`${dir}/${f}.csv`);
  return out;
}

/** Runs `deno task <name> --check` in the repository and asserts it says the file matches. */
export async function assertBuildMatches(task: string): Promise<void> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["task", task, "--check"],
    cwd: REPO,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  if (out.code !== 0 || !/matches its source/.test(text)) {
    throw new Error(`deno task ${task} --check: exit ${out.code}\n${text}`);
  }
}

/** Runs `cli.ts` with arguments, returning exit code and output. */
export async function cli(
  args: string[],
  options: { write: string; extra?: string[] },
): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-read",
      `--allow-write=${options.write}`,
      ...(options.extra ?? []),
      `${REPO}/cli.ts`,
      ...args,
    ],
    cwd: REPO,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const d = new TextDecoder();
  return { code: out.code, stdout: d.decode(out.stdout), stderr: d.decode(out.stderr) };
}

/** The single run folder below `out/<experiment>` (fails if there is not exactly one). */
export async function onlyRun(out: string, experiment: string): Promise<string> {
  const runs = [];
  for await (const e of Deno.readDir(`${out}/${experiment}`)) runs.push(e.name);
  if (runs.length !== 1) {
    throw new Error(`expected one run in ${out}/${experiment}, found ${runs.join(", ")}`);
  }
  return `${out}/${experiment}/${runs[0]}`;
}

/** Runs `fn` with a fresh temporary folder, removed afterwards. */
export async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "mlp-run-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** A run's journal text: the plain `units.jsonl`, or its compacted `units.jsonl.gz` unzipped. */
export async function journalText(dir: string): Promise<string> {
  try {
    return await Deno.readTextFile(`${dir}/units.jsonl`);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  const file = await Deno.open(`${dir}/units.jsonl.gz`);
  return await new Response(file.readable.pipeThrough(new DecompressionStream("gzip"))).text();
}

/** Turns a completed run's compacted journal back into a plain `units.jsonl` (to edit it). */
export async function plainJournal(dir: string): Promise<void> {
  const text = await journalText(dir);
  await Deno.writeTextFile(`${dir}/units.jsonl`, text);
  await Deno.remove(`${dir}/units.jsonl.gz`).catch(() => {});
}

/** Removes a run's journal, plain or compacted: the run looks as if made before the journal. */
export async function removeJournal(dir: string): Promise<void> {
  for (const name of ["units.jsonl", "units.jsonl.gz"]) {
    await Deno.remove(`${dir}/${name}`).catch(() => {});
  }
}

/**
 * Writes a search experiment over spirals (150 points; width, activation and Adam's rate)
 * to `${dir}/${file}.ts` and returns its path.
 */
export async function spiralsSearchFile(
  dir: string,
  at: {
    file: string;
    name: string;
    search: string;
    seeds: number;
    epochs: number;
    lrMax: number;
  },
): Promise<string> {
  const path = `${dir}/${at.file}.ts`;
  await Deno.writeTextFile(
    path,
    `import { defineExperiment } from "${new URL("../mod.ts", import.meta.url).href}";
export default defineExperiment({
  name: "${at.name}", description: "",
  grid: { lr: { logUniform: [0.001, ${at.lrMax}] }, hidden: { int: [2, 24] }, activation: ["tanh", "relu", "sigmoid"] },
  search: ${at.search},
  seeds: ${at.seeds},
  data: { kind: "spirals", n: 150 },
  model: (p, s) => [{ kind: "dense", units: p.hidden }, { kind: p.activation as "tanh" }, { kind: "dense", units: s.outputs }],
  optimizer: (p) => ({ kind: "adam", lr: p.lr }),
  epochs: ${at.epochs}, batchSize: 16,
});
`,
  );
  return path;
}
