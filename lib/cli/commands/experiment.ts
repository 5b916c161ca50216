/**
 * `deno task experiment`: plan an experiment (in a worker, so Ctrl-C is always heard), run
 * it, print its summary and where its report is.
 *
 * @module
 */

import { dirname } from "node:path";
import { searchBudget, trainedEpochs } from "../../experiment/analysis/budget.ts";
import { planInWorker } from "../../experiment/plan/in_worker.ts";
import type { Json, Overrides, Plan } from "../../experiment/records.ts";
import type { RunResult } from "../../experiment/run/run_options.ts";
import { readManifest } from "../../experiment/store/read.ts";
import { runExperiment } from "../../report/run.ts";
import { summaryTable } from "../../report/table.ts";
import {
  flagSpec,
  flagsUsage,
  FlagValueError,
  readFlags,
  type RunFlags,
} from "../experiment_flags.ts";
import { checkWritable, nameableSource } from "../permissions.ts";
import { type Io, progressReporter } from "../progress.ts";
import { type SignalStop, stopOnSignals } from "../signals.ts";
import { DEFAULT_EXPERIMENT, EXIT, parseCommand, UsageError } from "../usage.ts";

/** The command's usage text (its flags from the flag table). */
export const USAGE = `Usage: deno task experiment [<name or path>] [flags]

Runs every cell of an experiment (default: ${DEFAULT_EXPERIMENT}) with every seed.

${flagsUsage()}`;

/** What the command line asks for: the experiment, its overrides and the run's options. */
interface Request {
  readonly name: string;
  readonly overrides: Overrides;
  readonly run: RunFlags;
  readonly flags: Record<string, Json>;
}

/** The flags read and checked, with a resumed run's overrides in place of the flags'. */
async function request(args: string[], values: Record<string, unknown>, positionals: string[]) {
  if (positionals.length > 1) {
    throw new UsageError(`expected one experiment, got ${positionals.join(", ")}`);
  }
  let read;
  try {
    read = readFlags(values as Parameters<typeof readFlags>[0]);
  } catch (e) {
    if (e instanceof FlagValueError) throw new UsageError(e.message);
    throw e;
  }
  const { resume } = read.run;
  if (resume !== undefined && read.refusedOnResume.length > 0) {
    const named = read.refusedOnResume;
    throw new UsageError(
      `--resume reuses the flags of the run it finishes: drop ${
        named.length === 1 ? named[0] : `${named.slice(0, -1).join(", ")} and ${named.at(-1)}`
      }`,
    );
  }
  const previous = resume === undefined ? undefined : await readManifest(resume);
  const name = positionals[0] ??
    (previous ? nameableSource(previous, resume!) : DEFAULT_EXPERIMENT);
  if (read.run.out !== undefined) checkWritable(read.run.out, args);
  const flags = Object.fromEntries(
    Object.entries(values).filter(([k, v]) => k !== "help" && v !== undefined) as [string, Json][],
  );
  return { name, overrides: previous?.overrides ?? read.overrides, run: read.run, flags };
}

/** Prints the summary table, the search's budget, and the report's or the resume's hint. */
function report(run: RunResult, io: Io, stop: SignalStop): number {
  io.out(`${summaryTable(run)}\n\n`);
  const budget = searchBudget(run.plan, [...run.units.values()].map(trainedEpochs));
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
}

/** Runs a planned experiment with the command line's options. */
function run(
  planned: { plan: Plan; source: string; baseDir: string },
  req: Request,
  hooks: { signal: AbortSignal; stop: SignalStop; progress: ReturnType<typeof progressReporter> },
): Promise<RunResult> {
  const { quiet: _, ...options } = req.run;
  return runExperiment(planned.plan, {
    overrides: req.overrides,
    ...options,
    source: planned.source,
    baseDir: planned.baseDir,
    signal: hooks.signal,
    onEvent: (e) => {
      if (e.type === "start") hooks.stop.onStart(e.abandon, e.dir);
      hooks.progress.onEvent(e);
    },
    flags: req.flags,
  });
}

/**
 * Runs the `experiment` command.
 *
 * @param args Its arguments.
 * @param io Where to write.
 * @returns The exit code.
 */
export async function experiment(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommand(USAGE, args, flagSpec());
  if (values.help) return io.out(`${USAGE}\n`), EXIT.ok;
  const req = await request(args, values, positionals);
  const controller = new AbortController();
  const stop = stopOnSignals(io, controller);
  const progress = progressReporter(io, { quiet: req.run.quiet === true });
  try {
    let planned;
    try {
      const { dataDir, shard, resume, out } = req.run;
      planned = await planInWorker(
        {
          source: req.name,
          overrides: req.overrides,
          ...(dataDir ? { dataDir } : {}),
          // A fresh shard gets its own cells only (the whole plan goes to its plan file).
          ...(shard && resume === undefined ? { shard: { ...shard, out: out ?? "results" } } : {}),
        },
        controller.signal,
      );
    } catch (e) {
      if ((e as Error).name !== "AbortError") throw e;
      io.err(`${(e as Error).message}: nothing was written\n`);
      return stop.exitCode();
    }
    const result = await run(planned, req, { signal: controller.signal, stop, progress });
    return report(result, io, stop);
  } finally {
    progress.close();
    stop.remove();
  }
}
