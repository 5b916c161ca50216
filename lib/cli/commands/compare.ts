/**
 * `deno task compare`: two runs compared cell by cell, with a page.
 *
 * @module
 */

import { compareRuns } from "../../experiment/analysis/compare.ts";
import { comparisonJson, comparisonText, findRunsToCompare } from "../../report/compare.ts";
import { writeComparisonPage } from "../../report/html.ts";
import type { Io } from "../progress.ts";
import { EXIT, parseCommand } from "../usage.ts";

/** The command's usage text. */
export const USAGE: string = `Usage: deno task compare <run A> [<run B>] [--out <folder>] [--json]

Compares two runs: two run folders; one run folder and the run that started before it;
or an experiment name and its two latest runs (by start time). Every final metric of
every cell is tested over seeds — a paired t-test where both runs have the seed, Welch's
otherwise — with Holm's correction over all tests; the last line is the verdict. Writes
a comparison page next to run B and prints its path.

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
