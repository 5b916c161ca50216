/**
 * Canonical JSON (object keys sorted at every level) and short stable hashes of it: a
 * cell's id is the hash of its configuration, so the same configuration has the same id
 * in every run, shard and worker.
 *
 * @module
 */

import { createHash } from "node:crypto";

export { canonicalJson } from "./json.ts";
export type { Json } from "./records.ts";
import { canonicalJson } from "./json.ts";

/**
 * The first `length` hex digits of the SHA-256 of a value's canonical JSON.
 *
 * @example
 * ```ts
 * import { stableHash } from "./canonical.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(stableHash({ a: 1, b: 2 }), stableHash({ b: 2, a: 1 }));
 * assert.equal(stableHash({ a: 1 }).length, 12);
 * ```
 *
 * @param value A JSON value.
 * @param length Hex digits to keep. @default {12}
 * @returns The hash.
 */
export function stableHash(value: unknown, length = 12): string {
  return createHash("sha256").update(canonicalJson(value)).digest("hex").slice(0, length);
}
