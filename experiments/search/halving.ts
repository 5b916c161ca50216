/**
 * The search study: successive halving — 81 random trials for 9 epochs, the best 27 for 27,
 * the best 9 for 81 (729 × 3 = 2,187 epochs from scratch; trials going on continue where they
 * stopped, so it trains 729 + 27 × 18 + 9 × 54 = 1,701).
 */
import { defineExperiment } from "../../mod.ts";
import { RANGES, SPACE } from "./_space.ts";

export default defineExperiment({
  name: "search-halving",
  description: "spirals: halving from 81 random trials, 9 → 27 → 81 epochs (1,701 epochs)",
  ...SPACE,
  epochs: 81,
  grid: RANGES,
  search: { kind: "halving", trials: 81, reduction: 3, minEpochs: 9 },
  quick: { epochs: 3, search: { kind: "halving", trials: 3, reduction: 3, minEpochs: 1 } },
});
