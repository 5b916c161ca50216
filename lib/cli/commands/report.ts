/**
 * `deno task report`: a run's page rebuilt from its stored data.
 *
 * @module
 */

import { writeReport, writeStandaloneReport } from "../../report/html.ts";
import type { Io } from "../progress.ts";
import { EXIT, parseCommand, UsageError } from "../usage.ts";
import { realFolder } from "../../experiment/store/real_path.ts";

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
  // The run folder through no symbolic link: a link under results/ cannot carry the report's
  // writes (its pages, the results index) elsewhere.
  const dir = await realFolder(positionals[0]!);
  io.out(`${await writeReport(dir)}\n`);
  if (values.standalone) io.out(`${await writeStandaloneReport(dir)}\n`);
  return EXIT.ok;
}
