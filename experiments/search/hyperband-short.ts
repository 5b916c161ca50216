/**
 * The search study at about 729 epochs: Hyperband, η 3, from 1 to 27 epochs, twice — brackets
 * of 27, 12, 6 and 4 random trials (98 in all), trials going on continuing where they
 * stopped: 714 epochs.
 */
import { defineExperiment } from "../../mod.ts";
import { RANGES, SPACE } from "./_space.ts";

export default defineExperiment({
  name: "search-hyperband-short",
  description: "spirals: Hyperband η 3, 1 → 27 epochs, two iterations (714 epochs)",
  ...SPACE,
  epochs: 27,
  grid: RANGES,
  search: { kind: "hyperband", reduction: 3, minEpochs: 1, iterations: 2 },
  quick: { epochs: 3, search: { kind: "hyperband", reduction: 3, minEpochs: 1 } },
});
