/**
 * The search study at 729 epochs: TPE — 27 trials of 27 epochs in batches of 3, the first
 * batch random, each later one drawn from a model of the trials before it.
 */
import { defineExperiment } from "../../mod.ts";
import { RANGES, SPACE } from "./_space.ts";

export default defineExperiment({
  name: "search-tpe-short",
  description: "spirals: TPE, 27 trials of 27 epochs in batches of 3 (729 epochs)",
  ...SPACE,
  epochs: 27,
  grid: RANGES,
  search: { kind: "tpe", trials: 27, batch: 3 },
  quick: { epochs: 2, search: { kind: "tpe", trials: 4, batch: 2 } },
});
