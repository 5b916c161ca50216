/**
 * Planning in a worker of its own: the experiment's own functions run there, so one that
 * never returns cannot keep the command line from hearing Ctrl-C.
 *
 * @module
 */

import { errorFrom, type ErrorMessage } from "../thread_error.ts";
import type { Overrides, Plan } from "../records.ts";

/** CLI → planner worker: the experiment file and how to plan it. */
export interface ToPlanner {
  readonly source: string;
  readonly overrides: Overrides;
  readonly baseDir?: string;
  readonly dataDir?: string;
  /**
   * Plan for one shard: the whole plan is written to `<out>/_plans/<hash>.json` (unless it
   * is there) and only the shard's cells come back, so the run never holds the whole plan.
   */
  readonly shard?: { readonly index: number; readonly count: number; readonly out: string };
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
    const worker = new Worker(new URL("./_plan_worker.ts", import.meta.url), {
      type: "module",
    });
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
