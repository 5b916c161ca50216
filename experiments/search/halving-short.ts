/**
 * The search study: successive halving — 81 random trials for 3 epochs, the best 27 for 9,
 * the best 9 for 27 (243 × 3 = 729 epochs from scratch; trials going on continue where they
 * stopped, so it trains 243 + 27 × 6 + 9 × 18 = 567).
 */
import { defineExperiment } from "../../mod.ts";
import { RANGES, SPACE } from "./_space.ts";

export default defineExperiment({
  name: "search-halving-short",
  description: "spirals: halving from 81 random trials, 3 → 9 → 27 epochs (567 epochs)",
  ...SPACE,
  epochs: 27,
  grid: RANGES,
  search: { kind: "halving", trials: 81, reduction: 3, minEpochs: 3 },
  quick: { epochs: 3, search: { kind: "halving", trials: 3, reduction: 3, minEpochs: 1 } },
});
