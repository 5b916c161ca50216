/**
 * Linear warm-up: a small rate at first, so early large gradients (fresh weights, Adam's
 * first moments) do not throw the weights far, rising linearly to the configured rate.
 *
 * @module
 */

import { interval, positiveInteger } from "../../rules.ts";
import type { ScheduleEntry } from "./schedule.ts";
import type { WarmupSchedule } from "./settings.ts";

/**
 * lr × start in the first epoch, rising linearly to lr in epoch `epochs + 1`, constant
 * after (Goyal et al. 2017's gradual warm-up, per epoch).
 */
export const WARMUP: ScheduleEntry<WarmupSchedule> = {
  doc: "linear warm-up from lr × start to lr over `epochs` epochs, constant after",
  fields: { epochs: positiveInteger, start: interval(0, 1, "()") },
  required: ["epochs"],
  factor: (s, epoch) => {
    const start = s.start ?? 0.1;
    return epoch > s.epochs ? 1 : start + (1 - start) * (epoch - 1) / s.epochs;
  },
};
