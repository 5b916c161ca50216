/**
 * Validation problems as data: each has a path (`grid.lr[2]`) and a message, and a
 * {@link ValidationError} carries all of them at once so a user sees every mistake in
 * one go.
 *
 * @module
 */

/** One thing wrong with an input, at a path inside it. */
export interface Problem {
  /** Where: `layers[2].kind`, `grid.lr[1]`, `data.csv:14`; empty for the whole value. */
  readonly path: string;
  /** What is wrong, e.g. `expected a positive number, got -0.1`. */
  readonly message: string;
}

/**
 * Formats problems one a line as `✖ message → at path`.
 *
 * @param problems The problems.
 * @returns The text.
 */
export function formatProblems(problems: readonly Problem[]): string {
  return problems.map((p) => `✖ ${p.message}${p.path ? ` → at ${p.path}` : ""}`).join("\n");
}

/**
 * Thrown when a declaration (a model spec, an experiment, a data set spec) has one or
 * more problems; `problems` lists every one.
 *
 * @example Every problem at once
 * ```ts
 * import { ValidationError } from "@mlp/lab";
 * import assert from "node:assert/strict";
 *
 * const err = new ValidationError("model", [
 *   { path: "layers[0].units", message: "expected a positive integer, got 0" },
 *   { path: "layers[1].kind", message: 'unknown layer kind "tahn"' },
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
