/// <reference lib="deno.worker" />
/** Runs some of the grid's units with no runner around them: the hardware's own scaling. */
import { planExperiment, runUnit } from "../mod.ts";
import { GRID } from "./grid.ts";

self.onmessage = async (e: MessageEvent<number[]>) => {
  const plan = await planExperiment(GRID);
  for (const i of e.data) await runUnit(plan.cells[i]!, 1);
  self.postMessage("done");
};
