/** The search study: a 3×3×3 grid — 27 cells of 81 epochs (2,187 epochs). */
import { defineExperiment } from "../../mod.ts";
import { RANGES, SPACE } from "./_space.ts";

export default defineExperiment({
  name: "search-grid",
  description: "spirals: a 3×3×3 grid over lr, width and activation (2,187 epochs)",
  ...SPACE,
  epochs: 81,
  grid: { lr: [0.003, 0.03, 0.3], hidden: [8, 24, 64], activation: RANGES.activation },
  quick: { epochs: 2, grid: { lr: [0.03], hidden: [8], activation: ["tanh", "relu"] } },
});
