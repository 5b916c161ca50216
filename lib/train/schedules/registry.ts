/**
 * Every schedule, by kind: the table the spec checks and {@link learningRateFactor} read.
 * Adding one is its settings in `settings.ts`, its entry in a file of its own, and a line
 * here.
 *
 * @module
 */

import { kindSpecProblems, type Path, type Problem, ValidationError } from "../../problems.ts";
import { COSINE } from "./cosine.ts";
import { EXPONENTIAL } from "./exponential.ts";
import type { ScheduleEntry } from "./schedule.ts";
import type { ScheduleKind, ScheduleSettings, ScheduleSpec } from "./settings.ts";
import { STEP } from "./step.ts";
import { WARMUP } from "./warmup.ts";

/** Every schedule, by kind (one entry per kind of {@link ScheduleSettings}; the compiler checks). */
export const SCHEDULES: { readonly [K in ScheduleKind]: ScheduleEntry<ScheduleSettings[K]> } = {
  cosine: COSINE,
  step: STEP,
  exponential: EXPONENTIAL,
  warmup: WARMUP,
};

/** Every schedule kind. */
export const SCHEDULE_KINDS: readonly ScheduleKind[] = Object.keys(SCHEDULES) as ScheduleKind[];

/**
 * Every problem with a schedule spec.
 *
 * @param spec The value to check.
 * @param path Its path. @default {["schedule"]}
 * @returns The problems (empty when valid).
 */
export function scheduleSpecProblems(spec: unknown, path: Path = ["schedule"]): Problem[] {
  return kindSpecProblems(spec, path, SCHEDULES, { noun: "schedule" });
}

/**
 * The factor a schedule applies to the learning rate in an epoch.
 *
 * @example Cosine annealing over 4 epochs
 * ```ts
 * import { learningRateFactor } from "../../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const factors = [1, 2, 3, 4].map((e) => learningRateFactor({ kind: "cosine" }, e, 4));
 * assert.deepEqual(factors.map((f) => Math.round(f * 1000) / 1000), [1, 0.854, 0.5, 0.146]);
 * assert.equal(learningRateFactor({ kind: "step", every: 10, factor: 0.1 }, 11, 30), 0.1);
 * ```
 *
 * @param spec The schedule.
 * @param epoch The epoch, 1-based.
 * @param epochs The epochs of the whole run.
 * @returns The factor, in (0, 1].
 */
export function learningRateFactor(spec: ScheduleSpec, epoch: number, epochs: number): number {
  const problems = scheduleSpecProblems(spec);
  if (problems.length > 0) throw new ValidationError("schedule", problems);
  const { kind, ...settings } = spec;
  const entry = SCHEDULES[kind] as unknown as ScheduleEntry<Record<string, unknown>>;
  return entry.factor(settings, epoch, epochs);
}
