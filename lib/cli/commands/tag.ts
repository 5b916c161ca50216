/**
 * `deno task tag`: a run's tags and note, changed after it ran — its results untouched,
 * its page and its row on the results index brought up to date.
 *
 * @module
 */

import { readLabels, relabeled, writeLabels } from "../../experiment/store/labels.ts";
import { readManifest } from "../../experiment/store/read.ts";
import { realFolder } from "../../experiment/store/real_path.ts";
import { openRun } from "../../experiment/store/read.ts";
import { writeReportPage } from "../../report/html.ts";
import { recordInIndex } from "../../report/index_page.ts";
import { resultsRoot, writeAssets } from "../../report/shell.ts";
import type { Io } from "../progress.ts";
import { EXIT, parseCommand, UsageError } from "../usage.ts";

/** The command's usage text. */
export const USAGE: string =
  `Usage: deno task tag <run folder> [<tag>…] [--remove <tags>] [--note <text> | --clear-note]

Adds tags to a run (letters, digits, ".", "_" and "-"; several as a,b or one after another),
removes others, or sets its note; then prints them. Its page and its row on the results index
show them at once (a run still going: at its end). Its results are not touched.

  --remove <a,b,…>   tags to remove; repeatable
  --note <text>      the run's note (replaces the one it has)
  --clear-note       remove its note`;

function split(texts: readonly string[]): string[] {
  return texts.flatMap((t) => t.split(",")).map((t) => t.trim()).filter((t) => t !== "");
}

/**
 * Runs the command.
 *
 * @param args Its arguments.
 * @param io Where to write.
 * @returns The exit code.
 */
export async function tagCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommand(USAGE, args, {
    remove: { type: "string", multiple: true },
    note: { type: "string" },
    "clear-note": { type: "boolean" },
  });
  if (values.help) return io.out(`${USAGE}\n`), EXIT.ok;
  const [folder, ...added] = positionals;
  if (folder === undefined) throw new UsageError(`expected a run folder\n\n${USAGE}`);
  const note = values.note as string | undefined;
  if (note !== undefined && values["clear-note"]) {
    throw new UsageError("--note and --clear-note: give one of them");
  }
  if (note !== undefined && note.trim() === "") {
    throw new UsageError("--note: expected a note, got an empty value (--clear-note removes it)");
  }
  // Through no symbolic link: a link under results/ cannot carry the writes elsewhere.
  const dir = await realFolder(folder);
  const manifest = await readManifest(dir); // a run folder, or an error naming the file
  const had = await readLabels(dir);
  let now;
  try {
    now = relabeled(had, {
      add: split(added),
      remove: split((values.remove as string[] | undefined) ?? []),
      ...(values["clear-note"] ? { note: null } : note === undefined ? {} : { note }),
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  await writeLabels(dir, now);
  io.out(
    `${dir}: ${now.tags.length ? now.tags.join(", ") : "no tags"}${
      now.note !== undefined ? ` — ${now.note}` : ""
    }\n`,
  );
  // A run still going writes its page and row at its end, with these labels.
  const reported = await Deno.stat(`${dir}/index.html`).then(() => true, () => false);
  if (manifest.status !== "running" && reported) {
    const { store } = await openRun(dir);
    const run = { dir, manifest, units: store.summaries };
    const names = await writeAssets(resultsRoot(dir));
    await writeReportPage(run, names, now);
    await recordInIndex(resultsRoot(dir), run, names, now);
  }
  return EXIT.ok;
}
