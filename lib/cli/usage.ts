/**
 * What every command shares: exit codes, the usage error (printed with the command's usage
 * text, exit 2), and parsing a command's flags into one.
 *
 * @module
 */

import { type FlagSpec, type ParsedFlags, parseFlags } from "./flags.ts";

/** The default experiment of `deno task experiment`. */
export const DEFAULT_EXPERIMENT = "lesson-2d";

/** Exit codes. */
export const EXIT = { ok: 0, error: 1, usage: 2, interrupted: 130 } as const;

/** A mistake in how a command was called: printed as `error: …`, exit 2. */
export class UsageError extends Error {
  /** @param message What was wrong (and, where useful, the usage text). */
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/**
 * A command's flags, or a {@link UsageError} carrying the mistake and the usage text.
 *
 * @param usage The command's usage text.
 * @param args Its arguments.
 * @param options Its flags.
 * @returns The parsed flags.
 */
export function parseCommand(
  usage: string,
  args: readonly string[],
  options: FlagSpec,
): ParsedFlags {
  try {
    return parseFlags(args, options);
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n\n${usage}`);
  }
}
