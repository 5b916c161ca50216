/**
 * Exponential decay.
 *
 * @module
 */

import { interval } from "../../rules.ts";
import type { ScheduleEntry } from "./schedule.ts";
import type { ExponentialSchedule } from "./settings.ts";

/** lr × factor after every epoch. */
export const EXPONENTIAL: ScheduleEntry<ExponentialSchedule> = {
  doc: "lr × factor after every epoch",
  fields: { factor: interval(0, 1, "()") },
  required: ["factor"],
  factor: (s, epoch) => s.factor ** (epoch - 1),
};
