/**
 * Errors as they cross a thread: one shape both sides share, keeping the error's name and
 * (for a {@link ValidationError}) its problems, so a validation error raised in a worker
 * arrives as a `ValidationError`, not a plain `Error`. Used by the unit workers and the
 * planning worker alike.
 *
 * @module
 */

import { type Problem, ValidationError } from "../problems.ts";

/** An error as it crosses a thread boundary. */
export interface ErrorMessage {
  readonly name: string;
  readonly message: string;
  readonly problems?: readonly Problem[];
}

/**
 * An error as data, keeping its name and (for a {@link ValidationError}) its problems.
 *
 * @param e Anything thrown.
 * @returns Its message form.
 */
export function errorMessage(e: unknown): ErrorMessage {
  if (e instanceof ValidationError) {
    return { name: e.name, message: e.message, problems: e.problems };
  }
  if (e instanceof Error) return { name: e.name, message: e.message };
  return { name: "Error", message: String(e) };
}

/**
 * The error an {@link ErrorMessage} describes, rebuilt on this side.
 *
 * @example
 * ```ts
 * import { errorFrom, errorMessage } from "./thread_error.ts";
 * import { ValidationError } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const sent = errorMessage(new ValidationError("model spec", [{ path: ["layers", 0], message: "bad" }]));
 * const got = errorFrom(structuredClone(sent));
 * assert.ok(got instanceof ValidationError);
 * assert.deepEqual(got.problems[0]!.path, ["layers", 0]);
 * ```
 *
 * @param m The message.
 * @returns An error with the same name, message and problems.
 */
export function errorFrom(m: ErrorMessage): Error {
  if (m.problems !== undefined) {
    const e = new ValidationError("unit", m.problems);
    e.message = m.message;
    return e;
  }
  const e = new Error(m.message);
  e.name = m.name;
  return e;
}
