/**
 * The whole job: run an experiment, then write its HTML report.
 *
 * @module
 */

import type { AnyExperiment } from "../experiment/plan/define.ts";
import type { Plan } from "../experiment/records.ts";
import type { RunOptions, RunResult } from "../experiment/run/run_options.ts";
import { runToFolder } from "../experiment/run/runner.ts";
import { writeReport } from "./html.ts";
import { summaryTable } from "./table.ts";
import { displayable, escapeXml, type MimeBundle } from "../_svg.ts";

/**
 * Runs every cell of an experiment with every seed and writes the run folder
 * (`manifest.json`, `cells.csv`, `epochs.csv`, `summary.csv`, `index.html`).
 *
 * @example A tiny experiment, programmatically
 * ```ts
 * import { runExperiment } from "../../mod.ts";
 * import { defineExperiment } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const out = await Deno.makeTempDir();
 * const run = await runExperiment(defineExperiment({
 *   name: "doc-example",
 *   description: "Two learning rates on XOR",
 *   grid: { lr: [0.1, 0.5] },
 *   seeds: 2,
 *   data: { kind: "xor", n: 80 },
 *   model: (_p, s) => [{ kind: "dense", units: 8 }, { kind: "tanh" }, { kind: "dense", units: s.outputs }],
 *   optimizer: (p) => ({ kind: "sgd", lr: p.lr }),
 *   epochs: 5,
 *   batchSize: 8,
 * }), { out, workers: 0 });
 * assert.equal(run.status, "completed");
 * assert.equal(run.units.size, 4);
 * await Deno.remove(out, { recursive: true });
 * ```
 *
 * @param def The experiment, or a plan made from it.
 * @param options Overrides, workers, shard, output folder, resume, progress.
 * @returns The run.
 */
export async function runExperiment(
  def: AnyExperiment | Plan,
  options: RunOptions = {},
): Promise<RunResult> {
  const run = await runToFolder(def, options);
  await writeReport(run.dir, run.units);
  // As the last value of a Jupyter cell, the run shows its summary (nothing else sees this).
  return displayable(run, () => runBundle(run));
}

/** A run's display: its status, its summary table (mean ± std over seeds), its report. */
function runBundle(run: RunResult): MimeBundle {
  const head = `${run.manifest.experiment}: ${run.status}, ${run.units.size} units`;
  const table = summaryTable(run);
  const report = `Report: ${run.dir}/index.html`;
  return {
    "text/html": `<p><b>${escapeXml(head)}</b></p><pre>${escapeXml(table)}</pre><p>${
      escapeXml(report)
    }</p>`,
    "text/plain": `${head}\n${table}\n${report}`,
  };
}
