/// <reference lib="deno.worker" />
/**
 * Plans an experiment away from the main thread: the experiment's own functions run here,
 * so one that never returns cannot keep the command line from hearing Ctrl-C.
 */

import { loadExperiment } from "./load.ts";
import { errorMessage } from "../thread_error.ts";
import type { FromPlanner, ToPlanner } from "./in_worker.ts";
import { planExperiment, shardCells } from "./plan.ts";
import { writePlanFile } from "./plan_file.ts";
import { decidedDuringRun } from "./search.ts";
import type { Plan } from "../records.ts";

/** One shard's share of a plan, the whole written to its plan file first. */
async function shareOf(
  whole: Plan,
  shard: { readonly index: number; readonly count: number; readonly out: string },
): Promise<Plan> {
  const file = await writePlanFile(shard.out, whole);
  return {
    ...whole,
    cells: shardCells(whole.cells, shard.index, shard.count),
    share: { index: shard.index, count: shard.count, of: whole.cells.length, file },
  };
}

// An experiment's function that calls Deno.exit would end this worker without an answer,
// and the command would wait for ever: make it an error of the field that called it.
Object.defineProperty(Deno, "exit", {
  value: (code?: number): never => {
    throw new Error(
      `it called Deno.exit(${code ?? ""}) while the experiment was planned; return a value instead`,
    );
  },
});

self.onmessage = async (e: MessageEvent<ToPlanner>) => {
  const { source, overrides, baseDir, dataDir, shard } = e.data;
  try {
    const loaded = await loadExperiment(source);
    const whole = await planExperiment(loaded.definition, overrides, {
      source: loaded.source,
      baseDir: baseDir ?? loaded.baseDir,
      ...(dataDir ? { dataDir } : {}),
    });
    const plan = shard === undefined || decidedDuringRun(whole.search)
      ? whole
      : await shareOf(whole, shard);
    self.postMessage(
      { type: "plan", plan, source: loaded.source, baseDir: loaded.baseDir } satisfies FromPlanner,
    );
  } catch (err) {
    self.postMessage({ type: "error", error: errorMessage(err) } satisfies FromPlanner);
  }
};
