/** The search study: 27 random trials of 81 epochs (2,187 epochs). */
import { defineExperiment } from "../../mod.ts";
import { RANGES, SPACE } from "./_space.ts";

export default defineExperiment({
  name: "search-random",
  description: "spirals: 27 random trials over lr, width and activation (2,187 epochs)",
  ...SPACE,
  epochs: 81,
  grid: RANGES,
  search: { kind: "random", trials: 27 },
  quick: { epochs: 2, search: { kind: "random", trials: 2 } },
});
