/**
 * Learning-rate schedules, one family: the optimiser's `lr` scaled per epoch by a pure
 * factor of the epoch (`schedule.ts` states the contract), one file per kind, and the
 * registry ({@link SCHEDULES}, {@link learningRateFactor}). Without one the rate is
 * constant, as in the lesson.
 *
 * @example Warm up over 4 epochs, then hold
 * ```ts
 * import { learningRateFactor } from "../../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const spec = { kind: "warmup", epochs: 4, start: 0.2 } as const;
 * const factors = [1, 2, 3, 4, 5, 6].map((e) => learningRateFactor(spec, e, 6));
 * assert.deepEqual(factors.map((f) => Math.round(f * 100) / 100), [0.2, 0.4, 0.6, 0.8, 1, 1]);
 * ```
 *
 * @module
 */

export * from "./settings.ts";
export type { ScheduleEntry } from "./schedule.ts";
export { learningRateFactor, SCHEDULE_KINDS, SCHEDULES, scheduleSpecProblems } from "./registry.ts";
