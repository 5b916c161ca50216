/**
 * What the runner and its workers say to each other: one union type each way, shared by
 * both sides, and errors carried with their name and problems so a validation error raised
 * in a worker arrives as a {@link ValidationError}, not a plain `Error`.
 *
 * @module
 */

import type { BackendName } from "../numerics/backends.ts";
import { type Problem, ValidationError } from "../problems.ts";
import type { CellConfig } from "./plan.ts";
import type { UnitResult } from "./unit.ts";

/** One unit of work, as JSON: the cell's id and configuration, the seed and the set-up. */
export interface UnitJob {
  readonly cell: { readonly id: string; readonly config: CellConfig };
  readonly seed: number;
  readonly backend: BackendName;
  /** Also compute the first seed's pictures (decision boundary, misclassified images). */
  readonly boundary: boolean;
  readonly baseDir?: string;
  readonly dataDir?: string;
}

/** An error as it crosses a thread boundary. */
export interface ErrorMessage {
  readonly name: string;
  readonly message: string;
  readonly problems?: readonly Problem[];
}

/** Runner → worker. */
export type ToWorker = { readonly type: "run"; readonly job: UnitJob };

/** Worker → runner. */
export type FromWorker =
  | { readonly type: "epoch"; readonly epoch: number; readonly of: number }
  | { readonly type: "done"; readonly result: UnitResult }
  | { readonly type: "error"; readonly error: ErrorMessage };

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
 * import { errorFrom, errorMessage } from "./messages.ts";
 * import { ValidationError } from "../problems.ts";
 * import assert from "node:assert/strict";
 *
 * const sent = errorMessage(new ValidationError("model spec", [{ path: "layers[0]", message: "bad" }]));
 * const got = errorFrom(structuredClone(sent));
 * assert.ok(got instanceof ValidationError);
 * assert.equal(got.problems[0]!.path, "layers[0]");
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
