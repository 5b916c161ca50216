/**
 * Step decay.
 *
 * @module
 */

import { interval, positiveInteger } from "../../rules.ts";
import type { ScheduleEntry } from "./schedule.ts";
import type { StepSchedule } from "./settings.ts";

/** lr × factor after every `every` epochs. */
export const STEP: ScheduleEntry<StepSchedule> = {
  doc: "lr × factor after every `every` epochs",
  fields: { every: positiveInteger, factor: interval(0, 1, "()") },
  required: ["every", "factor"],
  factor: (s, epoch) => s.factor ** Math.floor((epoch - 1) / s.every),
};
