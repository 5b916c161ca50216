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
  /** The run's manifest. */
  readonly manifest: RunData["manifest"];
  /** Finished units, as JSON values (or, written by a run, in `gzip`). */
  readonly units?: readonly UnitResult[];
  /**
   * The finished units' JSON array, gzipped and base64-encoded: a seventh of the text, so
   * `run.js` does not weigh as much as the journal again (see {@link payloadUnits}).
   */
  readonly gzip?: string;
}

/**
 * The units of a payload, unzipped when they are stored in `gzip` (in the page, with the
 * browser's own `DecompressionStream`; no request is made, so this works from `file://`).
 *
 * @param payload The payload.
 * @returns Its units.
 */
export async function payloadUnits(payload: RunPayload): Promise<readonly UnitResult[]> {
  if (payload.gzip === undefined) return payload.units ?? [];
  const bytes = Uint8Array.from(atob(payload.gzip), (c) => c.charCodeAt(0));
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return JSON.parse(await new Response(stream).text()) as UnitResult[];
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
      if (u) units.push(u);
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
  return `${runScriptHead(payload.key, payload.manifest)}"units":[${
    (payload.units ?? []).map(runScriptUnit).join(",")
  }]};\n`;
}

/**
 * `run.js` up to its units: `…{"key":…,"manifest":…,` — then `"units":[…]}` or, as a run
 * writes it piece by piece, `"gzip":"…"}` (then {@link RUN_SCRIPT_TAIL}).
 *
 * @param key The run's `<experiment>/<run id>`.
 * @param manifest Its manifest.
 * @returns The text.
 */
export function runScriptHead(key: string, manifest: RunData["manifest"]): string {
  return `(globalThis.mlpRuns ??= {})[${JSON.stringify(key)}] = {"key":${
    scriptJson(key)
  },"manifest":${scriptJson(manifest)},`;
}

/**
 * A unit in `run.js`. Non-finite numbers (a diverged epoch's loss) become null in JSON and
 * NaN again on read.
 *
 * @param unit The unit.
 * @returns Its JSON text.
 */
export function runScriptUnit(unit: UnitResult): string {
  return scriptJson(unit.boundary ? { ...unit, boundary: packBoundary(unit.boundary) } : unit);
}

/** The end of `run.js` after its gzipped units. */
export const RUN_SCRIPT_TAIL = '"};\n';

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
 * @param list Its units (from {@link payloadUnits}). @default {payload.units}
 * @returns The run.
 */
export function runFromPayload(
  payload: RunPayload,
  dir: string,
  list: readonly UnitResult[] = payload.units ?? [],
): RunData {
  const units = new Map<string, UnitResult>();
  for (const u of list) {
    const { boundary, diagnostics, ...rest } = u;
    units.set(unitKey(u.cellId, u.seed), {
      ...nulls(rest),
      ...(boundary ? { boundary: unpackBoundary(boundary) } : {}),
      ...(diagnostics ? { diagnostics } : {}),
    });
  }
  return { dir, manifest: payload.manifest, units };
}
