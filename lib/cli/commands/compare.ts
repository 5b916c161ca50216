/**
 * `deno task compare`: two runs compared cell by cell, with a page.
 *
 * @module
 */

import { compareRuns } from "../../experiment/analysis/compare.ts";
import { compareMany } from "../../experiment/analysis/compare_many.ts";
import { openRun } from "../../experiment/store/read.ts";
import { realFolder } from "../../experiment/store/real_path.ts";
import {
  comparisonJson,
  comparisonText,
  findRunsToCompare,
  manyJson,
  manyText,
} from "../../report/compare.ts";
import { relative, resolve } from "node:path";
import { writeComparisonPage } from "../../report/html.ts";
import type { Io } from "../progress.ts";
import { EXIT, parseCommand } from "../usage.ts";

/** The command's usage text. */
export const USAGE: string = `Usage: deno task compare <run A> [<run B> …] [--out <folder>] [--json]

Compares two runs: two run folders; one run folder and the run that started before it;
or an experiment name and its two latest runs (by start time). Every final metric of
every cell is tested over seeds — a paired t-test where both runs have the seed, Welch's
otherwise — with Holm's correction over the primary metric's tests; the last line is the
verdict. Writes a comparison page next to run B and prints its path.

Three run folders or more are compared side by side: each run's best cell against run
A's on A's primary metric (paired over shared seeds on the same data, else Welch), Holm
over the comparisons; prints the results index's compare.html address that draws them.

  --out <folder>   results folder to look for runs in (default: results)
  --json           print the comparison as JSON (for scripts) instead of text`;

/**
 * Runs the command.
 *
 * @param args Its arguments.
 * @param io Where to write.
 * @returns The exit code.
 */
export async function compareCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommand(USAGE, args, {
    out: { type: "string" },
    json: { type: "boolean" },
  });
  if (values.help) return io.out(`${USAGE}\n`), EXIT.ok;
  if (positionals.length >= 3) return await compareSeveral(positionals, values.json === true, io);
  const [a, b] = await findRunsToCompare(
    await Promise.all(positionals.map(realFolder)), // writes go where the runs really are
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

/** Three runs or more, side by side (their summaries are enough: no epoch is read). */
async function compareSeveral(dirs: readonly string[], json: boolean, io: Io): Promise<number> {
  const runs = [];
  for (const dir of dirs) {
    const stored = await openRun(dir);
    runs.push({ dir, manifest: stored.manifest, units: stored.store.summaries });
  }
  const comparison = compareMany(runs);
  const root = resolve(dirs[0]!, "..", "..");
  const page = `${root}/compare.html#runs=${
    dirs.map((d) => encodeURIComponent(relative(root, resolve(d)))).join(",")
  }`;
  if (json) io.out(`${JSON.stringify({ ...manyJson(comparison) as object, page }, null, 2)}\n`);
  else io.out(`${manyText(comparison)}\n\nOpen in a browser: ${page}\n`);
  return EXIT.ok;
}
