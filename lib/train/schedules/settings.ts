/**
 * Each schedule kind's settings, and the one list of kinds ({@link ScheduleSettings}): the
 * registry (`registry.ts`) must have an entry for every key, with a rule for every setting
 * — the compiler checks both.
 *
 * @module
 */

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

/** Linear warm-up's settings. */
export interface WarmupSchedule {
  /** Epochs the rate takes to rise to lr (a positive integer); constant after. */
  readonly epochs: number;
  /** The factor of the first epoch, in (0, 1). @default {0.1} */
  readonly start?: number;
}

/**
 * Each schedule kind's settings: the one list of kinds. `SCHEDULES` must have an entry
 * for every key, with a rule for every setting (the compiler checks both).
 */
export interface ScheduleSettings {
  /** Cosine annealing (Loshchilov & Hutter 2017, without restarts), per epoch. */
  readonly cosine: CosineSchedule;
  /** Step decay: `factor` every `every` epochs. */
  readonly step: StepSchedule;
  /** Exponential decay: `factor` after every epoch. */
  readonly exponential: ExponentialSchedule;
  /** Linear warm-up from `start` × lr to lr over `epochs` epochs. */
  readonly warmup: WarmupSchedule;
}

/** A schedule's kind. */
export type ScheduleKind = keyof ScheduleSettings;

/** A schedule as JSON: its kind and settings, e.g. `{ kind: "cosine" }`. */
export type ScheduleSpec = { [K in ScheduleKind]: { readonly kind: K } & ScheduleSettings[K] }[
  ScheduleKind
];
