/**
 * `deno task status <folder>`: where a sharded sweep stands — shards done, running,
 * interrupted, failed and missing — with the command that finishes each one not done.
 *
 * @module
 */

import { type SweepStatus, sweepStatus } from "../../experiment/store/status.ts";
import { flagsText } from "../../report/shell.ts";
import type { Io } from "../progress.ts";
import { EXIT, parseCommand, UsageError } from "../usage.ts";

/** The command's usage text. */
export const USAGE: string = `Usage: deno task status <folder>

Where the shard runs below a folder stand (e.g. a Slurm array's results/slurm-<job>):
shards done, running, interrupted, failed and missing, with the command that finishes each
one not done. Exits 0 when every shard is done, 1 otherwise.`;

/** `1 2 3 7` as `1-3 7`. */
function ranges(indices: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < indices.length;) {
    let j = i;
    while (j + 1 < indices.length && indices[j + 1] === indices[j]! + 1) j++;
    parts.push(i === j ? String(indices[i]) : `${indices[i]}-${indices[j]}`);
    i = j + 1;
  }
  return parts.join(",");
}

/** The flags of a shard run but those a new shard sets itself, for the command that starts one. */
function rerunFlags(s: SweepStatus): string {
  const own = ["shard", "out", "workers", "quiet"];
  return flagsText(Object.fromEntries(Object.entries(s.flags).filter(([k]) => !own.includes(k))));
}

function report(s: SweepStatus, folder: string, io: Io): boolean {
  io.out(`${folder}: ${s.experiment}, ${s.count} shards\n`);
  const of = (state: string) => s.shards.filter((x) => x.state === state);
  for (const state of ["done", "running", "interrupted", "failed", "missing"] as const) {
    const shards = of(state);
    io.out(
      `  ${state.padEnd(12)}${String(shards.length).padStart(5)}${
        shards.length ? `  (${ranges(shards.map((x) => x.index))})` : ""
      }\n`,
    );
  }
  for (const x of [...of("interrupted"), ...of("failed")]) {
    const done = x.units ? ` (${x.units.done} of ${x.units.of} units done)` : "";
    io.out(
      `shard ${x.index}/${s.count}${done}: resume with\n  sbatch --array=${x.index} ` +
        `slurm/experiment.sbatch --resume ${x.dir}\n  (or: deno task experiment --resume ${x.dir})\n`,
    );
  }
  const missing = of("missing").map((x) => x.index);
  if (missing.length) {
    const flags = rerunFlags(s);
    io.out(
      `missing shards ${ranges(missing)}: start each with\n  deno task experiment ${
        s.source ?? s.experiment
      } --shard <i>/${s.count} --out ${folder}${flags ? ` ${flags}` : ""}\n`,
    );
  }
  return s.shards.every((x) => x.state === "done");
}

/**
 * Runs the `status` command.
 *
 * @param args Its arguments.
 * @param io Where to write.
 * @returns The exit code: 0 when every shard is done.
 */
export async function statusCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommand(USAGE, args, {});
  if (values.help) return io.out(`${USAGE}\n`), EXIT.ok;
  if (positionals.length !== 1) throw new UsageError(`expected one folder\n\n${USAGE}`);
  const folder = positionals[0]!.replace(/\/+$/, "");
  const sweeps = await sweepStatus(folder);
  if (sweeps.length === 0) throw new UsageError(`no shard runs in ${folder}\n\n${USAGE}`);
  let allDone = true;
  for (const s of sweeps) allDone = report(s, folder, io) && allDone;
  return allDone ? EXIT.ok : EXIT.error;
}
