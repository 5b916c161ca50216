/**
 * `deno task merge`: shard runs joined into one run.
 *
 * @module
 */

import { mergeRuns } from "../../experiment/store/merge.ts";
import { writeReport } from "../../report/html.ts";
import { summaryTable } from "../../report/table.ts";
import type { Io } from "../progress.ts";
import { EXIT, parseCommand, UsageError } from "../usage.ts";
import { realFolder } from "../../experiment/store/real_path.ts";

/** The command's usage text. */
export const USAGE: string =
  `Usage: deno task merge <run folder>… [--out <folder>] [--allow-incomplete] [--into <merged run>]

Joins shard runs into one run. Every unit of the experiment must be finished in one of
them, else nothing is written and the missing shards and units are named. Runs are read
as streams: memory holds each unit's final metrics, not its epochs.

  --out <folder>          results folder (default: results)
  --allow-incomplete      merge anyway; the merged run says interrupted
  --into <merged run>     add to a merged run (made with --allow-incomplete while shards
                          were still running): runs it holds that have not changed since
                          are not read again; only new or grown runs are`;

/**
 * Runs the command.
 *
 * @param args Its arguments.
 * @param io Where to write.
 * @returns The exit code.
 */
export async function mergeCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommand(USAGE, args, {
    out: { type: "string" },
    "allow-incomplete": { type: "boolean" },
    into: { type: "string" },
  });
  if (values.help) return io.out(`${USAGE}\n`), EXIT.ok;
  if (positionals.length === 0) throw new UsageError(`expected run folders\n\n${USAGE}`);
  // Where the merge writes, through no symbolic link: the permission check sees the real place.
  const merged = await mergeRuns(positionals, {
    out: await realFolder((values.out as string | undefined) ?? "results"),
    allowIncomplete: values["allow-incomplete"] === true,
    ...(values.into ? { into: await realFolder(values.into as string) } : {}),
  });
  await writeReport(merged.dir, merged.units);
  io.out(
    `${
      summaryTable(merged)
    }\n\nMerged ${positionals.length} runs (${merged.status}) into ${merged.dir}\n`,
  );
  return EXIT.ok;
}
