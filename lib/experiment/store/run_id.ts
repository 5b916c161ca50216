/**
 * Run ids: `YYYYMMDD-HHMMSS.mmm-xxxxxx`, sorting by start time.
 *
 * @module
 */

/**
 * A run id that sorts by start time: `YYYYMMDD-HHMMSS.mmm-xxxxxx` (UTC, to the
 * millisecond; the suffix tells apart runs started in the same millisecond).
 *
 * @example
 * ```ts
 * import { makeRunId } from "./run_id.ts";
 * import assert from "node:assert/strict";
 *
 * const a = makeRunId(new Date("2026-11-23T14:25:01.123Z"), "x");
 * assert.match(a, /^20261123-142501\.123-[0-9a-f]{6}$/);
 * assert.ok(a < makeRunId(new Date("2026-11-23T14:25:01.124Z"), "a"));
 * ```
 *
 * @param started The start time.
 * @param salt Text mixed into the suffix (definition hash, shard, process id).
 * @returns The id.
 */
export function makeRunId(started: Date, salt: string): string {
  const iso = started.toISOString(); // 2026-11-23T14:25:01.123Z
  const stamp = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 13)}${
    iso.slice(14, 16)
  }${iso.slice(17, 19)}.${iso.slice(20, 23)}`;
  let h = 0x811c9dc5;
  for (const ch of `${iso}|${salt}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return `${stamp}-${h.toString(16).padStart(8, "0").slice(0, 6)}`;
}
