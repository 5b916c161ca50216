/**
 * Validation problems as data: each has a path (`["grid", "lr", 2]`) and a message, and a
 * {@link ValidationError} carries all of them at once so a user sees every mistake in
 * one go. Paths stay arrays until they are printed ({@link formatPath}), so code that
 * places a problem (at the grid value that caused it, say) works on segments, never on text.
 *
 * @module
 */

/**
 * One step of a path: a field name, an index, or `{ key }` for an entry named by free
 * text (a cell's label), printed in brackets.
 */
export type PathSegment = string | number | { readonly key: string };

/** Where a problem is: from the outside in; empty for the whole value. */
export type Path = readonly PathSegment[];

/** One thing wrong with an input, at a path inside it. */
export interface Problem {
  /** Where: `["layers", 2, "kind"]`, `["grid", "lr", 1]`; empty for the whole value. */
  readonly path: Path;
  /** What is wrong, e.g. `expected a positive number, got -0.1`. */
  readonly message: string;
}

/**
 * A path as people read it: fields joined by dots, indices and keys in brackets
 * (`layers[2].kind`, `cells[lr=0.1].model`); a leading flag (`--set lr`) as it is.
 *
 * @example
 * ```ts
 * import { formatPath } from "../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(formatPath(["grid", "lr", 2]), "grid.lr[2]");
 * assert.equal(formatPath(["cells", { key: "lr=0.1 model=a" }, "model", "layers", 0]), "cells[lr=0.1 model=a].model.layers[0]");
 * assert.equal(formatPath([]), "");
 * ```
 *
 * @param path The path.
 * @returns Its text.
 */
export function formatPath(path: Path): string {
  let text = "";
  for (const segment of path) {
    if (typeof segment === "number") text += `[${segment}]`;
    else if (typeof segment === "object") text += `[${segment.key}]`;
    else text += text === "" ? segment : `.${segment}`;
  }
  return text;
}

/**
 * Formats problems one a line as `✖ message → at path`.
 *
 * @param problems The problems.
 * @returns The text.
 */
export function formatProblems(problems: readonly Problem[]): string {
  return problems.map((p) => {
    const where = formatPath(p.path);
    return `✖ ${p.message}${where ? ` → at ${where}` : ""}`;
  }).join("\n");
}

/**
 * Thrown when a declaration (a model spec, an experiment, a data set spec) has one or
 * more problems; `problems` lists every one.
 *
 * @example Every problem at once
 * ```ts
 * import { ValidationError } from "../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const err = new ValidationError("model", [
 *   { path: ["layers", 0, "units"], message: "expected a positive integer, got 0" },
 *   { path: ["layers", 1, "kind"], message: 'unknown layer kind "tahn"' },
 * ]);
 * assert.ok(err instanceof TypeError);
 * assert.equal(err.problems.length, 2);
 * assert.match(err.message, /layers\[1\]\.kind/);
 * ```
 */
export class ValidationError extends TypeError {
  /** Every problem found. */
  readonly problems: readonly Problem[];

  /**
   * Collects the problems of one validated value.
   *
   * @param subject What was validated, e.g. `"model spec"`.
   * @param problems The problems (at least one).
   */
  constructor(subject: string, problems: readonly Problem[]) {
    const n = problems.length;
    super(
      `Cannot use this ${subject}: ${n} problem${n === 1 ? "" : "s"}\n${formatProblems(problems)}`,
    );
    this.name = "ValidationError";
    this.problems = problems;
  }
}

/**
 * Describes a value for a message: strings quoted, objects as JSON, short.
 *
 * @param value Any value.
 * @returns A short description.
 */
export function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (value === undefined) return "undefined";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  try {
    const s = JSON.stringify(value);
    return s.length > 60 ? `${s.slice(0, 57)}...` : s;
  } catch {
    return String(value);
  }
}

/**
 * Every problem with a spec chosen by `kind` from a registry whose entries give a rule per
 * setting (undefined when valid, else what was expected): an unknown kind, unknown
 * settings, missing required ones, and values their rules refuse.
 *
 * @example
 * ```ts
 * import { kindSpecProblems } from "../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const table = { step: { fields: { every: (v: unknown) => (v === 1 ? undefined : "1") }, required: ["every"] } };
 * assert.deepEqual(kindSpecProblems({ kind: "step" }, ["s"], table, { noun: "schedule" }), [
 *   { path: ["s", "every"], message: "required" },
 * ]);
 * assert.equal(kindSpecProblems({ kind: "cos" }, ["s"], table, { noun: "schedule" })[0]!.message, 'unknown schedule "cos"; expected one of step');
 * ```
 *
 * @param spec The value to check.
 * @param path Its path.
 * @param table The registry: each kind's rules.
 * @param options `noun` for messages; `required`: settings every kind must give (an entry's
 *   own `required` list replaces it).
 * @returns The problems (empty when valid).
 */
export function kindSpecProblems(
  spec: unknown,
  path: Path,
  table: {
    readonly [kind: string]: {
      readonly fields: { readonly [field: string]: (v: unknown) => string | undefined };
      readonly required?: readonly string[];
    };
  },
  options: { readonly noun: string; readonly required?: readonly string[] },
): Problem[] {
  const { noun } = options;
  if (typeof spec !== "object" || spec === null) {
    return [{
      path,
      message: `expected ${/^[aeiou]/.test(noun) ? "an" : "a"} ${noun} object, got ${
        describe(spec)
      }`,
    }];
  }
  const s = spec as Record<string, unknown>;
  if (typeof s.kind !== "string" || !Object.hasOwn(table, s.kind)) {
    return [{
      path: [...path, "kind"],
      message: `unknown ${noun} ${describe(s.kind)}; expected one of ${
        Object.keys(table).join(", ")
      }`,
    }];
  }
  const { fields, required = options.required ?? [] } = table[s.kind]!;
  const problems: Problem[] = [];
  for (const key of Object.keys(s)) {
    if (key !== "kind" && !Object.hasOwn(fields, key)) {
      problems.push({ path: [...path, key], message: `unknown field for ${s.kind}` });
    }
  }
  for (const key of required) {
    if (s[key] === undefined) problems.push({ path: [...path, key], message: "required" });
  }
  for (const [key, rule] of Object.entries(fields)) {
    if (s[key] === undefined) continue;
    const expected = rule(s[key]);
    if (expected !== undefined) {
      problems.push({
        path: [...path, key],
        message: `expected ${expected}, got ${describe(s[key])}`,
      });
    }
  }
  return problems;
}
