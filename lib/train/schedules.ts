/**
 * Learning-rate schedules: the optimiser's `lr` scaled per epoch. Without one the rate is
 * constant, as in the lesson; with one, the rate of epoch e is `lr × factor(e)`, a pure
 * function of the epoch, so stopping and resuming changes nothing.
 *
 * @module
 */

import { kindSpecProblems, type Path, type Problem, ValidationError } from "../problems.ts";

/** Cosine annealing's settings. */
export interface CosineSchedule {
  /** The factor the rate decays to after the last epoch, in [0, 1). @default {0} */
  readonly final?: number;
}

/** Step decay's settings. */
export interface StepSchedule {
  /** Multiply the rate by `factor` after every this many epochs. */
  readonly every: number;
  /** The factor, in (0, 1). */
  readonly factor: number;
}

/** Exponential decay's settings. */
export interface ExponentialSchedule {
  /** The factor applied after every epoch, in (0, 1). */
  readonly factor: number;
}

/**
 * Each schedule kind's settings: the one list of kinds. {@link SCHEDULES} must have an entry
 * for every key, with a rule for every setting (the compiler checks both).
 */
export interface ScheduleSettings {
  /** Cosine annealing (Loshchilov & Hutter 2017, without restarts), per epoch. */
  readonly cosine: CosineSchedule;
  /** Step decay: `factor` every `every` epochs. */
  readonly step: StepSchedule;
  /** Exponential decay: `factor` after every epoch. */
  readonly exponential: ExponentialSchedule;
}

/** A schedule's kind. */
export type ScheduleKind = keyof ScheduleSettings;

/** A schedule as JSON: its kind and settings, e.g. `{ kind: "cosine" }`. */
export type ScheduleSpec = { [K in ScheduleKind]: { readonly kind: K } & ScheduleSettings[K] }[
  ScheduleKind
];

/** A registry entry: what a kind is, a check per setting, and its factor. */
export interface ScheduleEntry<S> {
  /** One line for the README. */
  readonly doc: string;
  /** Per setting: undefined when the value is valid, else what was expected. */
  readonly fields: { readonly [K in keyof S]-?: (v: unknown) => string | undefined };
  /** The settings every spec of this kind must give. */
  readonly required: readonly (keyof S)[];
  /** The factor of epoch `epoch` (1-based) of `epochs`. */
  readonly factor: (settings: S, epoch: number, epochs: number) => number;
}

const fraction = (v: unknown) =>
  typeof v === "number" && v >= 0 && v < 1 ? undefined : "a number in [0, 1)";
const shrink = (v: unknown) =>
  typeof v === "number" && v > 0 && v < 1 ? undefined : "a number in (0, 1)";
const count = (v: unknown) =>
  typeof v === "number" && Number.isInteger(v) && v > 0 ? undefined : "a positive integer";

/**
 * Every schedule, by kind. Adding one is a line in {@link ScheduleSettings} and an entry
 * here (and its tests).
 */
export const SCHEDULES: { readonly [K in ScheduleKind]: ScheduleEntry<ScheduleSettings[K]> } = {
  cosine: {
    doc: "cosine annealing from lr to lr × final over the epochs",
    fields: { final: fraction },
    required: [],
    factor: (s, epoch, epochs) => {
      const final = s.final ?? 0;
      return final + (1 - final) * 0.5 * (1 + Math.cos((Math.PI * (epoch - 1)) / epochs));
    },
  },
  step: {
    doc: "lr × factor after every `every` epochs",
    fields: { every: count, factor: shrink },
    required: ["every", "factor"],
    factor: (s, epoch) => s.factor ** Math.floor((epoch - 1) / s.every),
  },
  exponential: {
    doc: "lr × factor after every epoch",
    fields: { factor: shrink },
    required: ["factor"],
    factor: (s, epoch) => s.factor ** (epoch - 1),
  },
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
 * import { learningRateFactor } from "../../mod.ts";
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
 * @returns The factor (1 in the first epoch).
 */
export function learningRateFactor(spec: ScheduleSpec, epoch: number, epochs: number): number {
  const problems = scheduleSpecProblems(spec);
  if (problems.length > 0) throw new ValidationError("schedule", problems);
  const { kind, ...settings } = spec;
  const entry = SCHEDULES[kind] as unknown as ScheduleEntry<Record<string, unknown>>;
  return entry.factor(settings, epoch, epochs);
}
