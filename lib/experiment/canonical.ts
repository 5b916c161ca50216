/**
 * Canonical JSON (object keys sorted at every level) and short stable hashes of it: a
 * cell's id is the hash of its configuration, so the same configuration has the same id
 * in every run, shard and worker.
 *
 * @module
 */

import { createHash } from "node:crypto";

/** Any JSON value. */
export type Json = null | boolean | number | string | readonly Json[] | {
  readonly [key: string]: Json;
};

/**
 * JSON text with object keys sorted, no spaces: equal values give equal text.
 *
 * @example
 * ```ts
 * import { canonicalJson } from "./canonical.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] }), '{"a":[{"c":3,"d":2}],"b":1}');
 * ```
 *
 * @param value A JSON value (undefined fields are dropped, as by JSON.stringify).
 * @returns The canonical text.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) => {
    if (v === null || typeof v !== "object" || Array.isArray(v)) return v;
    return Object.fromEntries(
      Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]]),
    );
  });
}

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
