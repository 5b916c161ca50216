/**
 * What the runner and its workers say to each other: one union type each way, shared by
 * both sides, and errors carried with their name and problems so a validation error raised
 * in a worker arrives as a {@link ValidationError}, not a plain `Error`.
 *
 * @module
 */

import type { BackendName } from "../numerics/backends.ts";
import { type Problem, ValidationError } from "../problems.ts";
import type { CellConfig, Overrides, Plan } from "./plan.ts";
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
  /** Where the unit saves its progress at epoch boundaries, and how often. */
  readonly checkpoint?: { readonly path: string; readonly everySeconds: number };
}

/** An error as it crosses a thread boundary. */
export interface ErrorMessage {
  readonly name: string;
  readonly message: string;
  readonly problems?: readonly Problem[];
}

/** Runner → worker. */
export type ToWorker =
  /** Once, first: a flag the runner sets to 1 to ask the unit in progress to stop. */
  | { readonly type: "init"; readonly stop: SharedArrayBuffer }
  | { readonly type: "run"; readonly job: UnitJob };

/** Worker → runner. */
export type FromWorker =
  | { readonly type: "epoch"; readonly epoch: number; readonly of: number }
  | { readonly type: "done"; readonly result: UnitResult }
  /** The unit stopped at an epoch boundary when asked (its checkpoint saved). */
  | { readonly type: "stopped"; readonly epoch: number }
  | { readonly type: "error"; readonly error: ErrorMessage };

/** CLI → planner worker: the experiment file and how to plan it. */
export interface ToPlanner {
  readonly source: string;
  readonly overrides: Overrides;
  readonly baseDir?: string;
  readonly dataDir?: string;
}

/** Planner worker → CLI. */
export type FromPlanner =
  | {
    readonly type: "plan";
    readonly plan: Plan;
    /** The experiment's file as found, and its folder. */
    readonly source: string;
    readonly baseDir: string;
  }
  | { readonly type: "error"; readonly error: ErrorMessage };

/**
 * Plans an experiment file in a worker of its own (see `_plan_worker.ts`). Aborting
 * `signal` ends the worker at once, even inside a function of the experiment that never
 * returns.
 *
 * @param request The file, overrides and data folders.
 * @param signal Stops planning.
 * @returns The plan, the experiment's file and its folder.
 */
export function planInWorker(
  request: ToPlanner,
  signal?: AbortSignal,
): Promise<{ plan: Plan; source: string; baseDir: string }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./_plan_worker.ts", import.meta.url), { type: "module" });
    const done = () => {
      worker.terminate();
      signal?.removeEventListener("abort", onAbort);
    };
    const onAbort = () => {
      done();
      const e = new Error(`Interrupted while planning ${request.source}`);
      e.name = "AbortError";
      reject(e);
    };
    if (signal?.aborted) return onAbort();
    signal?.addEventListener("abort", onAbort);
    worker.onmessage = (e: MessageEvent<FromPlanner>) => {
      done();
      const m = e.data;
      if (m.type === "plan") resolve({ plan: m.plan, source: m.source, baseDir: m.baseDir });
      else reject(errorFrom(m.error));
    };
    worker.onerror = (e) => {
      e.preventDefault();
      done();
      reject(new Error(`Cannot plan ${request.source}: ${e.message}`));
    };
    worker.postMessage(request);
  });
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
 * import { errorFrom, errorMessage } from "./messages.ts";
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
