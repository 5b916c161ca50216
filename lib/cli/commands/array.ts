/**
 * `deno task array`: how to pack a sweep into a Slurm job array. Plans the experiment with
 * its flags (nothing is written), chooses the task count — from `--tasks`, from
 * `--units-per-task`, or as many tasks as Slurm's default array limit allows — and prints
 * each task's share and the exact `sbatch --array` line.
 *
 * @module
 */

import { planInWorker } from "../../experiment/plan/in_worker.ts";
import { decidedDuringRun } from "../../experiment/plan/search.ts";
import { flagSpec, FlagValueError, readFlags } from "../experiment_flags.ts";
import type { Io } from "../progress.ts";
import { EXIT, parseCommand, UsageError } from "../usage.ts";
import { DEFAULT_EXPERIMENT } from "../usage.ts";

/** Slurm's default MaxArraySize is 1001: task ids 0…1000, so arrays 1-N of at most 1,000. */
export const MAX_ARRAY_TASKS = 1000;

/** The command's usage text. */
export const USAGE: string =
  `Usage: deno task array [<name or path>] [experiment flags] [--tasks <n> | --units-per-task <n>] [--cpus-per-task <n>]

Plans the experiment (nothing is run or written) and prints how it packs into a Slurm job
array: tasks, cells and units per task, and the sbatch line to submit. A task runs one
shard: whole cells, so a task holds at least one cell's seeds.

  --tasks <n>             this many array tasks (at most one per cell)
  --units-per-task <n>    as many tasks as it takes to give each about n units
  --cpus-per-task <n>     workers per task, passed to sbatch (default 1)
  (neither --tasks nor --units-per-task: one task per cell, at most ${MAX_ARRAY_TASKS} — Slurm's
  default MaxArraySize is 1001)`;

/** A positive integer flag's value, or a usage error naming the flag. */
function count(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(text)) {
    throw new UsageError(`--${name}: expected a positive integer, got "${text}"`);
  }
  return Number(text);
}

/** The task count: asked for, or from the units per task, or the most Slurm allows. */
export function taskCount(
  at: { cells: number; units: number; tasks?: number; unitsPerTask?: number },
): number {
  const wanted = at.tasks ??
    (at.unitsPerTask ? Math.ceil(at.units / at.unitsPerTask) : MAX_ARRAY_TASKS);
  return Math.max(1, Math.min(wanted, at.cells));
}

/** An argument as the shell reads it back. */
function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;
}

/** The packing flags, checked, and the experiment's flags read (refusing what sbatch sets). */
function arrayFlags(values: Record<string, unknown>, positionals: readonly string[]) {
  const tasks = count("tasks", values.tasks as string | undefined);
  const perTask = count("units-per-task", values["units-per-task"] as string | undefined);
  const cpus = count("cpus-per-task", values["cpus-per-task"] as string | undefined) ?? 1;
  if (tasks !== undefined && perTask !== undefined) {
    throw new UsageError("give --tasks or --units-per-task, not both");
  }
  const set = ["shard", "out", "resume", "workers"].filter((f) => values[f] !== undefined);
  if (set.length > 0) {
    throw new UsageError(
      `${
        set.map((f) => `--${f}`).join(", ")
      }: set by slurm/experiment.sbatch for each task (workers: --cpus-per-task)`,
    );
  }
  if (positionals.length > 1) {
    throw new UsageError(`expected one experiment, got ${positionals.join(", ")}`);
  }
  try {
    return { tasks, perTask, cpus, read: readFlags(values as Parameters<typeof readFlags>[0]) };
  } catch (e) {
    if (e instanceof FlagValueError) throw new UsageError(e.message);
    throw e;
  }
}

/** The arguments as given, less the packing flags and the experiment's name. */
function passedOn(args: readonly string[], name: string | undefined): string[] {
  const own = ["--tasks", "--units-per-task", "--cpus-per-task"];
  const passed = args.filter((a, i) =>
    !own.includes(a) && !own.includes(args[i - 1]!) && !own.some((o) => a.startsWith(`${o}=`))
  );
  const at = name === undefined ? -1 : passed.indexOf(name);
  if (at >= 0) passed.splice(at, 1);
  return passed;
}

/**
 * Runs the command.
 *
 * @param args Its arguments.
 * @param io Where to write.
 * @returns The exit code.
 */
export async function arrayCommand(args: string[], io: Io): Promise<number> {
  const spec = {
    ...flagSpec(),
    tasks: { type: "string" },
    "units-per-task": { type: "string" },
    "cpus-per-task": { type: "string" },
  } as const;
  const { values, positionals } = parseCommand(USAGE, args, spec);
  if (values.help) return io.out(`${USAGE}\n`), EXIT.ok;
  const { tasks, perTask, cpus, read } = arrayFlags(values, positionals);
  const name = positionals[0] ?? DEFAULT_EXPERIMENT;
  const { plan } = await planInWorker(
    {
      source: name,
      overrides: read.overrides,
      ...(read.run.dataDir ? { dataDir: read.run.dataDir } : {}),
    },
    new AbortController().signal,
  );
  if (decidedDuringRun(plan.search)) {
    throw new UsageError(
      `${plan.experiment} is a ${
        plan.search!.kind
      } search: its later cells are decided from every trial's results, so it cannot be split into array tasks; run it on one machine with --workers`,
    );
  }
  const cells = plan.cells.length, seeds = plan.seeds.length, units = cells * seeds;
  const n = taskCount({
    cells,
    units,
    ...(tasks ? { tasks } : {}),
    ...(perTask ? { unitsPerTask: perTask } : {}),
  });
  const low = Math.floor(cells / n), high = Math.ceil(cells / n);
  const share = low === high ? `${low}` : `${low}–${high}`;
  const shareUnits = low === high ? `${low * seeds}` : `${low * seeds}–${high * seeds}`;
  const fmt = (x: number) => x.toLocaleString("en");
  const passed = passedOn(args, positionals[0]);
  io.out(
    [
      `${plan.experiment}: ${fmt(cells)} cells × ${seeds} seeds = ${fmt(units)} units`,
      `${fmt(n)} task${n === 1 ? "" : "s"} of ${share} cell${
        high === 1 ? "" : "s"
      } (${shareUnits} units) each${
        tasks !== undefined && tasks > cells
          ? ` (asked for ${fmt(tasks)}: a task holds at least one whole cell)`
          : ""
      }`,
      ...(n > MAX_ARRAY_TASKS
        ? [
          `Note: ${
            fmt(n)
          } tasks exceed Slurm's default MaxArraySize (1001); ask your admin, or use --units-per-task ${
            Math.ceil(units / MAX_ARRAY_TASKS)
          }`,
        ]
        : []),
      "",
      `sbatch --array=1-${n} --cpus-per-task=${cpus} slurm/experiment.sbatch ${
        [name, ...passed].map(quote).join(" ")
      }`,
      "",
    ].join("\n"),
  );
  return EXIT.ok;
}
