/**
 * `deno task list`: the experiments with their grid or search, cells, seeds and epochs.
 *
 * @module
 */

import { plannedEpochs } from "../../experiment/analysis/budget.ts";
import { listExperimentFiles, loadExperiment } from "../../experiment/plan/load.ts";
import { planExperiment } from "../../experiment/plan/plan.ts";
import { textTable } from "../../report/table.ts";
import type { Io } from "../progress.ts";
import { EXIT, parseCommand } from "../usage.ts";

/** The command's usage text. */
export const USAGE: string =
  "Usage: deno task list\n\nLists the experiments in experiments/ (and its subfolders) with their grid or\nsearch, cells, seeds and the epochs they train at most.";

/**
 * Runs the command.
 *
 * @param args Its arguments.
 * @param io Where to write.
 * @returns The exit code.
 */
export async function listCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseCommand(USAGE, args, {});
  if (values.help) return io.out(`${USAGE}\n`), EXIT.ok;
  const rows = [["experiment", "cells", "seeds", "units", "epochs", "axes", "description"]];
  let failed = 0;
  for (const file of await listExperimentFiles("experiments")) {
    try {
      // Data paths resolve against the experiment's folder, as when it runs; the data's
      // sources are not read (listing fetches no package and hashes no file).
      const { definition, source, baseDir } = await loadExperiment(`experiments/${file}`);
      const plan = await planExperiment(definition, {}, { source, baseDir, sources: false });
      // A TPE search plans its first batch; the rest are drawn as it runs.
      const cells = plan.search?.kind === "tpe" ? plan.search.trials : plan.cells.length;
      rows.push([
        file.replace(/\.ts$/, ""),
        String(cells),
        String(plan.seeds.length),
        String(cells * plan.seeds.length),
        String(plannedEpochs(plan)),
        plan.search
          ? `${plan.search.kind} search, ${cells} trials: ${Object.keys(plan.axes).join(" ")}`
          : Object.entries(plan.axes).map(([a, v]) => `${a}×${v.length}`).join(" ") || "—",
        plan.description,
      ]);
    } catch (e) {
      failed++;
      rows.push([
        file.replace(/\.ts$/, ""),
        "—",
        "—",
        "—",
        "—",
        "—",
        `INVALID: ${(e as Error).message.split("\n").join(" ")}`,
      ]);
    }
  }
  io.out(`${textTable(rows)}\n`);
  return failed ? EXIT.error : EXIT.ok;
}
