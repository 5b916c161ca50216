/**
 * The search study at about 729 epochs, now that a trial going on continues where it
 * stopped: successive halving from 105 random trials, 3 → 9 → 27 epochs (35 and 11 going
 * on): 315 + 210 + 198 = 723 epochs.
 */
import { defineExperiment } from "../../mod.ts";
import { RANGES, SPACE } from "./_space.ts";

export default defineExperiment({
  name: "search-halving-even-short",
  description: "spirals: halving from 105 random trials, 3 → 9 → 27 epochs (723 epochs)",
  ...SPACE,
  epochs: 27,
  grid: RANGES,
  search: { kind: "halving", trials: 105, reduction: 3, minEpochs: 3 },
  quick: { epochs: 3, search: { kind: "halving", trials: 3, reduction: 3, minEpochs: 1 } },
});
