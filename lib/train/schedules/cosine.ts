/**
 * Cosine annealing.
 *
 * @module
 */

import { interval } from "../../rules.ts";
import type { ScheduleEntry } from "./schedule.ts";
import type { CosineSchedule } from "./settings.ts";

/** Cosine annealing from lr to lr × final over the epochs. */
export const COSINE: ScheduleEntry<CosineSchedule> = {
  doc: "cosine annealing from lr to lr × final over the epochs",
  fields: { final: interval(0, 1, "[)") },
  required: [],
  factor: (s, epoch, epochs) => {
    const final = s.final ?? 0;
    return final + (1 - final) * 0.5 * (1 + Math.cos((Math.PI * (epoch - 1)) / epochs));
  },
};
