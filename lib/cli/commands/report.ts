/**
 * `deno task report`: a run's page rebuilt from its stored data.
 *
 * @module
 */

import { writeReport } from "../../report/html.ts";
import type { Io } from "../progress.ts";
import { EXIT, parseCommand, UsageError } from "../usage.ts";

/** The command's usage text. */
export const USAGE: string =
  "Usage: deno task report <run folder>\n\nRebuilds a run's index.html from its stored data.";

/**
 * Runs the command.
 *
 * @param args Its arguments.
 * @param io Where to write.
 * @returns The exit code.
 */
export async function reportCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommand(USAGE, args, {});
  if (values.help) return io.out(`${USAGE}\n`), EXIT.ok;
  if (positionals.length !== 1) throw new UsageError(`expected one run folder\n\n${USAGE}`);
  io.out(`${await writeReport(positionals[0]!)}\n`);
  return EXIT.ok;
}
