/**
 * A run as the report pages read it: `run.js` in the run folder assigns the run's
 * manifest and its finished units' summaries (final metrics, status, epochs run) to
 * `globalThis.mlpRuns["<experiment>/<run id>"]`, so a page opened from `file://` can load
 * any run with a `<script>` element (browsers refuse `fetch` there). What only a few views
 * draw — each unit's epochs, decision boundary and confusion matrix — is in
 * `details/<k>.js`, a few hundred kilobytes each, which a page loads for the cells it
 * shows: a run of 10⁵ units opens as fast as one of 12. Pure: the pages turn the payload
 * back into a run with {@link runFromPayload}.
 *
 * @module
 */

import type { RunData, UnitResult, UnitSummary } from "../experiment/records.ts";
import { unitKey } from "../experiment/store/manifest.ts";
import { packBoundary, unpackBoundary } from "../experiment/boundary_runs.ts";
import { scriptJson } from "./html_template.ts";

/** A unit as a payload holds it: its summary, and its epochs and pictures when they are there. */
export type PayloadUnit =
  & UnitSummary
  & Partial<Pick<UnitResult, "history" | "boundary" | "diagnostics">>;

/** The data of `run.js`. */
export interface RunPayload {
  /** The run folder's path relative to the results folder: `<experiment>/<run id>`. */
  readonly key: string;
  /** The run's manifest. */
  readonly manifest: RunData["manifest"];
  /** Finished units in full, as JSON values (a payload built in memory). */
  readonly units?: readonly UnitResult[];
  /**
   * The finished units' JSON array, gzipped and base64-encoded (see {@link payloadUnits}):
   * with `chunks`, their summaries; without (runs reported before), the units in full.
   */
  readonly gzip?: string;
  /**
   * Where the units' details are: chunk `k` (`details/<k>.js`) holds the epochs and
   * pictures of the units at positions `chunks[k]` up to `chunks[k + 1]` of `gzip`'s array.
   */
  readonly chunks?: readonly number[];
}

/** The folder of a run's details chunks, beside `run.js`. */
export const DETAILS_DIR = "details";

/**
 * The text a gzip-base64 string holds, as JSON (in the page, with the browser's own
 * `DecompressionStream`; no request is made, so this works from `file://`).
 *
 * @param base64 The base64 text of gzipped JSON.
 * @returns The JSON value.
 */
export async function gunzipJson<T>(base64: string): Promise<T> {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return JSON.parse(await new Response(stream).text()) as T;
}

/**
 * The units of a payload, unzipped when they are stored in `gzip`: summaries when the
 * payload has `chunks`, else the units in full.
 *
 * @param payload The payload.
 * @returns Its units.
 */
export async function payloadUnits(payload: RunPayload): Promise<readonly PayloadUnit[]> {
  if (payload.gzip === undefined) return payload.units ?? [];
  return await gunzipJson<PayloadUnit[]>(payload.gzip);
}

/**
 * The chunk of `details/` that holds the unit at a position of the payload's array.
 *
 * @param chunks The payload's `chunks` (first positions, ascending from 0).
 * @param position The unit's position.
 * @returns The chunk's number.
 */
export function chunkOf(chunks: readonly number[], position: number): number {
  let lo = 0, hi = chunks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (chunks[mid]! <= position) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The name a details chunk registers its text under in `globalThis.mlpDetails`.
 *
 * @param key The run's `<experiment>/<run id>`.
 * @param chunk The chunk's number.
 * @returns `<key>#<chunk>`.
 */
export function detailsKey(key: string, chunk: number): string {
  return `${key}#${chunk}`;
}

/**
 * `details/<k>.js` up to its text: then the chunk's units' details, gzipped and
 * base64-encoded, and {@link SCRIPT_STRING_TAIL}.
 *
 * @param key The run's `<experiment>/<run id>`.
 * @param chunk The chunk's number.
 * @returns The text.
 */
export function detailsScriptHead(key: string, chunk: number): string {
  return `(globalThis.mlpDetails ??= {})[${scriptJson(detailsKey(key, chunk))}] = "`;
}

/** The end of a details chunk after its gzipped text. */
export const SCRIPT_STRING_TAIL = '";\n';

/**
 * A unit's summary in `run.js`: everything but its epochs and pictures. Non-finite
 * numbers become null in JSON and NaN again on read.
 *
 * @param unit The unit.
 * @returns Its JSON text.
 */
export function runScriptSummary(unit: UnitResult): string {
  const { history: _h, boundary: _b, diagnostics: _d, ...summary } = unit;
  return scriptJson(summary);
}

/**
 * A unit's details in a chunk: its key, epochs and pictures (the boundary packed).
 *
 * @param unit The unit.
 * @returns Its JSON text.
 */
export function runScriptDetails(unit: UnitResult): string {
  return scriptJson({
    cellId: unit.cellId,
    seed: unit.seed,
    history: unit.history,
    ...(unit.boundary ? { boundary: packBoundary(unit.boundary) } : {}),
    ...(unit.diagnostics ? { diagnostics: unit.diagnostics } : {}),
  });
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
 * writes it piece by piece, `"gzip":"…` (then {@link runScriptTail}).
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

/**
 * The end of `run.js` after its gzipped units: the chunks its details are in.
 *
 * @param chunks The first position of each chunk.
 * @returns The text.
 */
export function runScriptTail(chunks: readonly number[]): string {
  return `","chunks":${JSON.stringify(chunks)}};\n`;
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
 * A run back from its payload (numbers that JSON wrote as null become NaN; a packed
 * boundary unpacked).
 *
 * @param payload The payload.
 * @param dir What to call the run's folder.
 * @param list Its units (from {@link payloadUnits}). @default {payload.units}
 * @returns The run.
 */
export function runFromPayload<U extends PayloadUnit = UnitResult>(
  payload: RunPayload,
  dir: string,
  list: readonly U[] = (payload.units ?? []) as readonly U[],
): { dir: string; manifest: RunData["manifest"]; units: Map<string, U> } {
  const units = new Map<string, U>();
  for (const u of list) units.set(unitKey(u.cellId, u.seed), unitFromJson(u));
  return { dir, manifest: payload.manifest, units };
}

/**
 * A unit (or a unit's details) as JSON back: nulls to NaN, its boundary unpacked.
 *
 * @param u The unit.
 * @returns The unit.
 */
export function unitFromJson<U extends Partial<PayloadUnit>>(u: U): U {
  const { boundary, diagnostics, ...rest } = u;
  return {
    ...nulls(rest),
    ...(boundary ? { boundary: unpackBoundary(boundary) } : {}),
    ...(diagnostics ? { diagnostics } : {}),
  } as U;
}
