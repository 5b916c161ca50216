/// <reference lib="deno.worker" />
/**
 * Plans an experiment away from the main thread: the experiment's own functions run here,
 * so one that never returns cannot keep the command line from hearing Ctrl-C.
 */

import { loadExperiment } from "./load.ts";
import { errorMessage } from "../thread_error.ts";
import type { FromPlanner, ToPlanner } from "./in_worker.ts";
import { planExperiment } from "./plan.ts";

self.onmessage = async (e: MessageEvent<ToPlanner>) => {
  const { source, overrides, baseDir, dataDir } = e.data;
  try {
    const loaded = await loadExperiment(source);
    const plan = await planExperiment(loaded.definition, overrides, {
      source: loaded.source,
      baseDir: baseDir ?? loaded.baseDir,
      ...(dataDir ? { dataDir } : {}),
    });
    self.postMessage(
      { type: "plan", plan, source: loaded.source, baseDir: loaded.baseDir } satisfies FromPlanner,
    );
  } catch (err) {
    self.postMessage({ type: "error", error: errorMessage(err) } satisfies FromPlanner);
  }
};
