/**
 * Workload "sweep": each stage of a large sweep, run as a user or a Slurm array runs it (the
 * CLI in a subprocess), measured for wall time, CPU time, peak memory and disk — at 10⁴ and
 * 10⁵ tiny units over 100 shards (plan, every shard, merge, report, and an unsharded run),
 * and for 10⁶ units planning plus one 1,000-unit shard of 1,000. Prints one JSON object per
 * stage and an extrapolation to 10⁶ units over 1,000 shards with the model it used.
 *
 * Peak memory and CPU come from `getrusage(RUSAGE_CHILDREN)` of a python3 wrapper around
 * each command (Linux's peak resident set size of the child).
 */

import { REPO_ROOT } from "./_repo.ts";

/** One measured command. */
export interface Measured {
  readonly seconds: number;
  readonly cpu_s: number;
  readonly peak_mb: number;
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const WRAPPER = `
import json, resource, subprocess, sys, time
t = time.time()
r = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
u = resource.getrusage(resource.RUSAGE_CHILDREN)
sys.stdout.buffer.write(r.stdout)
sys.stderr.buffer.write(r.stderr)
sys.stderr.write("\\n" + json.dumps({"code": r.returncode, "wall": time.time() - t,
  "cpu": u.ru_utime + u.ru_stime, "maxrss_kb": u.ru_maxrss}) + "\\n")
`;

/**
 * Runs a command and measures it.
 *
 * @param args The command and its arguments.
 * @returns Wall and CPU seconds, peak memory in MB, exit code and output.
 */
export async function measure(args: readonly string[]): Promise<Measured> {
  const out = await new Deno.Command("python3", {
    args: ["-c", WRAPPER, ...args],
    cwd: REPO_ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const d = new TextDecoder();
  const stderr = d.decode(out.stderr).trimEnd();
  const last = stderr.slice(stderr.lastIndexOf("\n") + 1);
  const m = JSON.parse(last) as { code: number; wall: number; cpu: number; maxrss_kb: number };
  return {
    seconds: round(m.wall),
    cpu_s: round(m.cpu),
    peak_mb: Math.round(m.maxrss_kb / 1024),
    code: m.code,
    stdout: d.decode(out.stdout),
    stderr: stderr.slice(0, stderr.lastIndexOf("\n")),
  };
}

function round(x: number, digits = 2): number {
  return Number(x.toFixed(digits));
}

/**
 * The bytes of every file below a folder.
 *
 * @param dir The folder.
 * @returns Its size in bytes.
 */
export function folderBytes(dir: string): number {
  let total = 0;
  for (const e of Deno.readDirSync(dir)) {
    const path = `${dir}/${e.name}`;
    total += e.isDirectory ? folderBytes(path) : Deno.statSync(path).size;
  }
  return total;
}

const EXPERIMENT = `${REPO_ROOT}/bench/sweep_experiment.ts`;

function deno(...args: string[]): string[] {
  // As the tasks run it (deno.json): a young generation of 8 MB per isolate, not 16–32.
  return [
    Deno.execPath(),
    "run",
    "--v8-flags=--max-semi-space-size=8",
    "--allow-read",
    `--allow-write=${REPO_ROOT}/results`,
    ...args,
  ];
}

function experimentArgs(units: number): string[] {
  const a = Array.from({ length: units / 100 }, (_, i) => i + 1).join(",");
  return [`${REPO_ROOT}/cli.ts`, "experiment", EXPERIMENT, "--set", `a=${a}`, "--quiet"];
}

function check(m: Measured, what: string): Measured {
  if (m.code !== 0) throw new Error(`${what} failed (exit ${m.code}):\n${m.stderr.slice(-2000)}`);
  return m;
}

/** The single run folder below `<out>/bench-sweep` whose name is not in `seen`. */
function newRun(out: string, seen: Set<string>): string {
  const names = Array.from(Deno.readDirSync(`${out}/bench-sweep`), (e) => e.name)
    .filter((n) => !seen.has(n) && !n.startsWith("."));
  if (names.length !== 1) {
    throw new Error(`expected one new run in ${out}, got ${names.join(", ")}`);
  }
  seen.add(names[0]!);
  return `${out}/bench-sweep/${names[0]}`;
}

/**
 * Measures a sweep of `units` tiny units: planning, `shards` shard runs in one array folder
 * (all of them, in order, as an array whose tasks finish one after another), their merge,
 * the merged run's report, and (with `unsharded`) the whole sweep as one run on 2 workers.
 *
 * @param out A scratch folder under results/.
 * @param units Units of the sweep (a multiple of 100).
 * @param options `shards`; `unsharded`: also run it whole.
 * @returns One record per stage.
 */
export async function sweepAt(
  out: string,
  units: number,
  options: { readonly shards: number; readonly unsharded: boolean },
): Promise<Record<string, unknown>[]> {
  const records: Record<string, unknown>[] = [];
  const base = { workload: "sweep", units, shards: options.shards };
  const plan = check(
    await measure(deno(`${REPO_ROOT}/bench/_sweep_plan.ts`, EXPERIMENT, String(units / 100))),
    "plan",
  );
  records.push({ ...base, stage: "plan", seconds: plan.seconds, peak_mb: plan.peak_mb });
  const array = `${out}/array-${units}`, seen = new Set<string>();
  const shards: { m: Measured; bytes: number; dir: string }[] = [];
  for (let i = 1; i <= options.shards; i++) {
    const m = check(
      await measure(deno(
        ...experimentArgs(units),
        "--shard",
        `${i}/${options.shards}`,
        "--workers",
        "1",
        "--out",
        array,
      )),
      `shard ${i}`,
    );
    const dir = newRun(array, seen);
    shards.push({ m, bytes: folderBytes(dir), dir });
  }
  const first = shards[0]!, last = shards.at(-1)!;
  const mean = (f: (s: typeof first) => number) =>
    round(shards.reduce((t, s) => t + f(s), 0) / shards.length);
  records.push({
    ...base,
    stage: "shards",
    first_cpu_s: first.m.cpu_s,
    last_cpu_s: last.m.cpu_s,
    last_over_first: round(last.m.cpu_s / first.m.cpu_s),
    mean_seconds: mean((s) => s.m.seconds),
    max_peak_mb: Math.max(...shards.map((s) => s.m.peak_mb)),
    mean_shard_mb: round(mean((s) => s.bytes) / 1e6, 3),
    array_mb: round(folderBytes(array) / 1e6, 1),
  });
  const merged = `${out}/merged-${units}`;
  const merge = check(
    await measure(deno(
      `${REPO_ROOT}/cli.ts`,
      "merge",
      ...shards.map((s) => s.dir),
      "--out",
      merged,
    )),
    "merge",
  );
  const mergedDir = newRun(merged, new Set());
  records.push({
    ...base,
    stage: "merge",
    seconds: merge.seconds,
    peak_mb: merge.peak_mb,
    bytes_per_unit: Math.round(folderBytes(mergedDir) / units),
  });
  const report = check(
    await measure(deno(`${REPO_ROOT}/cli.ts`, "report", mergedDir)),
    "report",
  );
  records.push({ ...base, stage: "report", seconds: report.seconds, peak_mb: report.peak_mb });
  if (options.unsharded) {
    const whole = `${out}/whole-${units}`;
    const run = check(
      await measure(deno(...experimentArgs(units), "--workers", "2", "--out", whole)),
      "unsharded run",
    );
    const dir = newRun(whole, new Set());
    records.push({
      ...base,
      stage: "unsharded",
      seconds: run.seconds,
      peak_mb: run.peak_mb,
      bytes_per_unit: Math.round(folderBytes(dir) / units),
    });
  }
  return records;
}

/**
 * Measures planning a sweep of `units` and one shard of it (`shardUnits` units): what one
 * task of a large array costs, without running the array.
 *
 * @param out A scratch folder under results/.
 * @param units Units of the sweep.
 * @param shardUnits Units of the shard measured.
 * @returns The plan and shard records.
 */
export async function oneShardOf(
  out: string,
  units: number,
  shardUnits: number,
): Promise<Record<string, unknown>[]> {
  const shards = units / shardUnits;
  const base = { workload: "sweep", units, shards };
  const plan = check(
    await measure(deno(`${REPO_ROOT}/bench/_sweep_plan.ts`, EXPERIMENT, String(units / 100))),
    "plan",
  );
  const dir = `${out}/one-${units}`;
  const shard = check(
    await measure(deno(
      ...experimentArgs(units),
      "--shard",
      `1/${shards}`,
      "--workers",
      "1",
      "--out",
      dir,
    )),
    "shard",
  );
  const run = newRun(dir, new Set());
  return [
    { ...base, stage: "plan", seconds: plan.seconds, peak_mb: plan.peak_mb },
    {
      ...base,
      stage: "one-shard",
      seconds: shard.seconds,
      cpu_s: shard.cpu_s,
      peak_mb: shard.peak_mb,
      shard_mb: round(folderBytes(run) / 1e6, 2),
    },
  ];
}

/**
 * The extrapolation to 10⁶ units over 1,000 shards, from the measured stages. A shard's
 * cost and disk follow its own share — 1,000 units, as at 10⁵ over 100 shards — so they are
 * read from that size; merge and the unsharded figures grow with the whole sweep, fitted as
 * q = c · units^k through the two sizes and read at 10⁶.
 *
 * @param small Records at the smaller size.
 * @param large Records at the larger size (its shards should hold 1,000 units).
 * @returns The extrapolated record.
 */
export function extrapolate(
  small: readonly Record<string, unknown>[],
  large: readonly Record<string, unknown>[],
): Record<string, unknown> {
  const at = (rs: readonly Record<string, unknown>[], stage: string) =>
    rs.find((r) => r.stage === stage) as Record<string, number> | undefined;
  const s = at(small, "shards"), l = at(large, "shards");
  const sm = at(small, "merge"), lm = at(large, "merge");
  if (!s || !l || !sm || !lm) {
    return { workload: "sweep", stage: "extrapolation", note: "needs both sizes" };
  }
  const u1 = s.units!, u2 = l.units!;
  const fit = (q1: number, q2: number) => {
    const k = Math.log(q2 / q1) / Math.log(u2 / u1);
    return { k: round(k), at_1e6: round(q2 * (1e6 / u2) ** k) };
  };
  const perShard = u2 / l.shards!;
  return {
    workload: "sweep",
    stage: "extrapolation",
    model:
      `a shard of ${perShard} units as measured at ${u2} units (its own share); merge as q = c · units^k through ${u1} and ${u2} units, read at 10⁶`,
    shard_mb: l.mean_shard_mb,
    shard_seconds: l.mean_seconds,
    array_mb_1e6: round(l.mean_shard_mb! * 1e6 / perShard, 0),
    merge_seconds: fit(sm.seconds!, lm.seconds!),
    merge_peak_mb: fit(sm.peak_mb!, lm.peak_mb!),
  };
}
