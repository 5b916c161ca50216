/** The search study: 27 random trials of 27 epochs (729 epochs). */
import { defineExperiment } from "../../mod.ts";
import { RANGES, SPACE } from "./_space.ts";

export default defineExperiment({
  name: "search-random-short",
  description: "spirals: 27 random trials over lr, width and activation (729 epochs)",
  ...SPACE,
  epochs: 27,
  grid: RANGES,
  search: { kind: "random", trials: 27 },
  quick: { epochs: 2, search: { kind: "random", trials: 2 } },
});
