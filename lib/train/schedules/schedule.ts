/**
 * What every learning-rate schedule is: a pure factor of the epoch. The rate of epoch e is
 * `lr × factor(e)` — most kinds decay from 1, a warm-up rises to it — so stopping and
 * resuming changes nothing. The contract every kind keeps (and the family's conformance
 * test checks): the factor is finite and positive in every epoch, at most 1, and the same
 * for the same (settings, epoch, epochs).
 *
 * @module
 */

import type { Rule } from "../../rules.ts";

/** A registry entry: what a kind is, a rule per setting, and its factor. */
export interface ScheduleEntry<S> {
  /** One line for the README. */
  readonly doc: string;
  /** Per setting: undefined when the value is valid, else what was expected. */
  readonly fields: { readonly [K in keyof S]-?: Rule };
  /** The settings every spec of this kind must give. */
  readonly required: readonly (keyof S)[];
  /** The factor of epoch `epoch` (1-based) of `epochs`: in (0, 1]. */
  readonly factor: (settings: S, epoch: number, epochs: number) => number;
}
