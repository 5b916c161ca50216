/**
 * A run's tags and note — how a run is found again among many — kept in `labels.json` in
 * its folder, apart from its results: given at the start (`--tag a,b --note "…"`) and
 * changed at any time after (`deno task tag`), without touching anything the run computed.
 *
 * @module
 */

import type { Problem } from "../../problems.ts";
import { writeTextAtomic } from "./atomic.ts";

/** The file's name in a run folder. */
export const LABELS = "labels.json";

/** A run's tags and note. */
export interface Labels {
  /** Short names, sorted, each once. */
  readonly tags: readonly string[];
  /** A line or two on what the run was for. */
  readonly note?: string;
}

/** The longest note. */
export const MAX_NOTE = 2000;

const TAG = /^[\p{L}\p{N}][\p{L}\p{N}._-]{0,39}$/u;

/**
 * What is wrong with a tag: letters, digits, `.`, `_` and `-`, 1 to 40 of them, starting
 * with a letter or digit.
 *
 * @param tag The tag.
 * @returns The problem, or undefined.
 */
export function tagProblem(tag: string): string | undefined {
  return TAG.test(tag)
    ? undefined
    : `expected a tag of letters, digits, ".", "_" or "-" (1 to 40, starting with a letter or digit), got ${
      JSON.stringify(tag)
    }`;
}

/**
 * Tags and a note as stored: tags checked, sorted and each kept once; a note checked.
 *
 * @param tags The tags.
 * @param note The note.
 * @returns The labels.
 * @throws {TypeError} Naming the first wrong tag or a note too long.
 */
export function labels(tags: Iterable<string>, note?: string): Labels {
  const list = [...new Set(tags)].sort();
  for (const t of list) {
    const problem = tagProblem(t);
    if (problem !== undefined) throw new TypeError(problem);
  }
  if (note !== undefined && note.length > MAX_NOTE) {
    throw new TypeError(`expected a note of at most ${MAX_NOTE} characters, got ${note.length}`);
  }
  return { tags: list, ...(note ? { note } : {}) };
}

/** A change to a run's labels: tags to add and to remove; a note (`null` removes it). */
export interface Relabel {
  /** Tags to add. */
  readonly add?: Iterable<string>;
  /** Tags to remove (after adding). */
  readonly remove?: Iterable<string>;
  /** The new note; `null` removes it; absent keeps the one there is. */
  readonly note?: string | null;
}

/**
 * A run's labels after a change (checked as {@link labels} checks them).
 *
 * @param had The labels it has.
 * @param change What to add, remove or set.
 * @returns The labels it gets.
 */
export function relabeled(had: Labels, change: Relabel): Labels {
  const removed = new Set(change.remove ?? []);
  return labels(
    [...had.tags, ...(change.add ?? [])].filter((t) => !removed.has(t)),
    change.note === null ? undefined : change.note ?? had.note,
  );
}

function labelsProblems(value: unknown): Problem[] {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return [{ path: [], message: "expected an object with tags and a note" }];
  }
  const v = value as Record<string, unknown>;
  const problems: Problem[] = [];
  if (!Array.isArray(v.tags)) problems.push({ path: ["tags"], message: "expected a list" });
  else {
    v.tags.forEach((t, i) => {
      const problem = typeof t === "string" ? tagProblem(t) : "expected a string";
      if (problem) problems.push({ path: ["tags", i], message: problem });
    });
  }
  if (v.note !== undefined && typeof v.note !== "string") {
    problems.push({ path: ["note"], message: "expected a string" });
  }
  return problems;
}

/**
 * A run folder's labels (none when it has no `labels.json`).
 *
 * @param dir The run folder.
 * @returns Its labels.
 * @throws {SyntaxError} Naming the file when it is not what it should be.
 */
export async function readLabels(dir: string): Promise<Labels> {
  let text: string;
  try {
    text = await Deno.readTextFile(`${dir}/${LABELS}`);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return { tags: [] };
    throw e;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new SyntaxError(`${dir}/${LABELS}: not JSON (${(e as Error).message})`);
  }
  const problems = labelsProblems(value);
  if (problems.length > 0) {
    const p = problems[0]!;
    throw new SyntaxError(
      `${dir}/${LABELS}: ${p.path.length ? `${p.path.join(".")}: ` : ""}${p.message}`,
    );
  }
  return value as Labels;
}

/**
 * Writes a run folder's labels (atomically).
 *
 * @param dir The run folder.
 * @param value The labels.
 */
export async function writeLabels(dir: string, value: Labels): Promise<void> {
  await writeTextAtomic(`${dir}/${LABELS}`, JSON.stringify(value, null, 2) + "\n");
}
