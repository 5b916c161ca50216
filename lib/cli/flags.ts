/**
 * Command-line flags with messages a person can act on: `node:util`'s `parseArgs`, whose
 * own errors ("To specify a positional argument starting with a '-', place it at the end
 * of the command after '--', as in '-- "--bogus"") are rewritten to say what was wrong and
 * what the flags are.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { didYouMean } from "../suggest.ts";

/** The flags a command takes, as `parseArgs` options. */
export type FlagSpec = Record<
  string,
  { readonly type: "string" | "boolean"; readonly short?: string; readonly multiple?: boolean }
>;

/** Parsed flags and positional arguments. */
export interface ParsedFlags {
  /** Flag values by name. */
  readonly values: Record<string, string | boolean | string[] | undefined>;
  /** The arguments that are not flags. */
  readonly positionals: string[];
}

/** A mistake in the flags, with a message to show (the caller adds the usage text). */
export class FlagError extends Error {
  /** @param message What was wrong. */
  constructor(message: string) {
    super(message);
    this.name = "FlagError";
  }
}

/**
 * Parses flags strictly; every mistake becomes a {@link FlagError} naming the flag.
 *
 * @example
 * ```ts
 * import { FlagError, parseFlags } from "./flags.ts";
 * import assert from "node:assert/strict";
 *
 * const spec = { seeds: { type: "string" }, quiet: { type: "boolean" } } as const;
 * assert.deepEqual(parseFlags(["--seeds", "3", "x"], spec).positionals, ["x"]);
 * assert.throws(() => parseFlags(["--sedes", "3"], spec), (e: FlagError) =>
 *   e.message === 'unknown flag --sedes (did you mean --seeds?); the flags are --seeds, --quiet, --help');
 * assert.throws(() => parseFlags(["--seeds"], spec), /--seeds needs a value: --seeds <value>/);
 * assert.throws(() => parseFlags(["--quiet=yes"], spec), /--quiet takes no value/);
 * assert.throws(() => parseFlags(["--seeds", "1", "--seeds", "2"], spec), /--seeds given twice \("1" and "2"\)/);
 * assert.equal(parseFlags(["--seeds", "-3"], spec).values.seeds, "-3"); // the flag's check refuses it
 * ```
 *
 * @param args The arguments.
 * @param spec The flags (`--help`/`-h` is added).
 * @param options `positionals`: whether arguments other than flags are allowed. @default {true}
 * @returns The values and positional arguments.
 */
export function parseFlags(
  args: readonly string[],
  spec: FlagSpec,
  options: { readonly positionals?: boolean } = {},
): ParsedFlags {
  const all: FlagSpec = { ...spec, help: { type: "boolean", short: "h" } };
  const names = Object.keys(all).map((n) => `--${n}`);
  // A negative number after a flag that takes a value is that value (`--workers -3`), not
  // a flag: the flag's own check then says what it expects.
  const joined = args.flatMap((a, i) =>
    /^-\d/.test(a) && /^--[^=]+$/.test(args[i - 1] ?? "") &&
      all[args[i - 1]!.slice(2)]?.type === "string"
      ? []
      : /^--[^=]+$/.test(a) && all[a.slice(2)]?.type === "string" && /^-\d/.test(args[i + 1] ?? "")
      ? [`${a}=${args[i + 1]}`]
      : [a]
  );
  try {
    const parsed = parseArgs({
      args: joined,
      options: all,
      allowPositionals: options.positionals ?? true,
      strict: true,
      tokens: true,
    });
    refuseRepeats(parsed.tokens, all);
    return { values: parsed.values as ParsedFlags["values"], positionals: parsed.positionals };
  } catch (e) {
    if (e instanceof FlagError) throw e;
    const code = (e as { code?: string }).code, message = (e as Error).message;
    const flag = message.match(/'(-{1,2}[^' ]+)/)?.[1] ?? "";
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
      throw new FlagError(
        `unknown flag ${flag}${didYouMean(flag, names)}; the flags are ${names.join(", ")}`,
      );
    }
    if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
      const name = flag.replace(/^-+/, "");
      const long = name.length === 1
        ? Object.entries(all).find(([, o]) => o.short === name)?.[0] ?? name
        : name;
      throw new FlagError(
        all[long]?.type === "boolean"
          ? `--${long} takes no value`
          : `--${long} needs a value: --${long} <value>`,
      );
    }
    if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") {
      const extra = message.match(/'([^']*)'/)?.[1] ?? "";
      throw new FlagError(`unexpected argument "${extra}"; this command takes only flags`);
    }
    throw new FlagError(message);
  }
}

/**
 * A flag given twice is a mistake unless it is repeatable: `parseArgs` would keep the last
 * value silently (`--workers 1 --workers 2` running with 2, past a task's allocation).
 */
function refuseRepeats(
  tokens: readonly { kind: string; name?: string; value?: string | undefined }[],
  spec: FlagSpec,
): void {
  const seen = new Map<string, string | undefined>();
  for (const t of tokens) {
    if (t.kind !== "option" || t.name === undefined || spec[t.name]?.multiple) continue;
    if (seen.has(t.name)) {
      const shown = (v: string | undefined) => (v === undefined ? "" : `"${v}"`);
      const values = [seen.get(t.name), t.value].map(shown).filter(Boolean).join(" and ");
      throw new FlagError(`--${t.name} given twice${values ? ` (${values})` : ""}; give it once`);
    }
    seen.set(t.name, t.value);
  }
}
