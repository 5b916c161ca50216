/**
 * A run as the report pages read it: `run.js` in the run folder assigns the run's
 * manifest and finished units to `globalThis.mlpRuns["<experiment>/<run id>"]`, so a page
 * opened from `file://` can load any run with a `<script>` element (browsers refuse
 * `fetch` there). Pure: the pages turn the payload back into a run with
 * {@link runFromPayload}.
 *
 * @module
 */

import type { RunData, UnitResult } from "../experiment/records.ts";
import { unitKey } from "../experiment/store/manifest.ts";
import { packBoundary, unpackBoundary } from "../experiment/boundary_runs.ts";
import { scriptJson } from "./html_template.ts";

/** The data of `run.js`. */
export interface RunPayload {
  /** The run folder's path relative to the results folder: `<experiment>/<run id>`. */
  readonly key: string;
  readonly manifest: RunData["manifest"];
  /** Finished units in plan order (cell, then seed). */
  readonly units: readonly UnitResult[];
}

/**
 * The payload of a run.
 *
 * @param run The run.
 * @returns Its payload.
 */
export function runPayload(run: Pick<RunData, "manifest" | "units">): RunPayload {
  const m = run.manifest;
  const units: UnitResult[] = [];
  for (const c of m.cells) {
    for (const s of m.seeds) {
      const u = run.units.get(unitKey(c.id, s));
      if (u) units.push(u.boundary ? { ...u, boundary: packBoundary(u.boundary) as never } : u);
    }
  }
  return { key: `${m.experiment}/${m.runId}`, manifest: m, units };
}

/**
 * The text of `run.js`.
 *
 * @example
 * ```ts
 * import { runScript } from "./payload.ts";
 * import assert from "node:assert/strict";
 *
 * const text = runScript({ key: "e/r", manifest: {} as never, units: [] });
 * assert.ok(text.startsWith('(globalThis.mlpRuns ??= {})["e/r"] = {'));
 * ```
 *
 * @param payload The payload.
 * @returns JavaScript that registers it.
 */
export function runScript(payload: RunPayload): string {
  // Non-finite numbers (a diverged epoch's loss) become null in JSON and NaN again on read.
  return `(globalThis.mlpRuns ??= {})[${JSON.stringify(payload.key)}] = ${scriptJson(payload)};\n`;
}

function nulls<T>(value: T): T {
  if (value === null) return NaN as T;
  if (Array.isArray(value)) return value.map(nulls) as T;
  if (typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, nulls(v)]),
    ) as T;
  }
  return value;
}

/**
 * A run back from its payload (numbers that JSON wrote as null become NaN).
 *
 * @param payload The payload.
 * @param dir What to call the run's folder.
 * @returns The run.
 */
export function runFromPayload(payload: RunPayload, dir: string): RunData {
  const units = new Map<string, UnitResult>();
  for (const u of payload.units) {
    const { boundary, diagnostics, ...rest } = u;
    units.set(unitKey(u.cellId, u.seed), {
      ...nulls(rest),
      ...(boundary ? { boundary: unpackBoundary(boundary) } : {}),
      ...(diagnostics ? { diagnostics } : {}),
    });
  }
  return { dir, manifest: payload.manifest, units };
}
