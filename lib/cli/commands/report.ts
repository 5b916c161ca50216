/**
 * `deno task report`: a run's page rebuilt from its stored data.
 *
 * @module
 */

import { writeReport, writeStandaloneReport } from "../../report/html.ts";
import type { Io } from "../progress.ts";
import { EXIT, parseCommand, UsageError } from "../usage.ts";

/** The command's usage text. */
export const USAGE: string = `Usage: deno task report <run folder> [--standalone]

Rebuilds a run's index.html (and run.js) from its stored data.

  --standalone    also write <run folder>/standalone.html: the report with plotly, its
                  script and the run's data inside — one file to send, opened anywhere`;

/**
 * Runs the command.
 *
 * @param args Its arguments.
 * @param io Where to write.
 * @returns The exit code.
 */
export async function reportCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommand(USAGE, args, { standalone: { type: "boolean" } });
  if (values.help) return io.out(`${USAGE}\n`), EXIT.ok;
  if (positionals.length !== 1) throw new UsageError(`expected one run folder\n\n${USAGE}`);
  io.out(`${await writeReport(positionals[0]!)}\n`);
  if (values.standalone) io.out(`${await writeStandaloneReport(positionals[0]!)}\n`);
  return EXIT.ok;
}
