/**
 * JSON values as the runner keeps them: the type, canonical text (keys sorted, so equal
 * values give equal text) and the short text of a parameter value. Pure, so the report
 * pages can share it.
 *
 * @module
 */
import type { Json, Params } from "./records.ts";

/**
 * JSON text with object keys sorted, no spaces: equal values give equal text.
 *
 * @example
 * ```ts
 * import { canonicalJson } from "./json.ts";
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
 * A short text for a parameter value: numbers and strings as they are, data set specs as
 * `moons(n=200,noise=0.2)`, other values as JSON.
 *
 * @example
 * ```ts
 * import { formatValue } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(formatValue({ kind: "moons", n: 200, noise: 0.2 }), "moons(n=200,noise=0.2)");
 * ```
 *
 * @param value The value.
 * @returns The text.
 */
export function formatValue(value: Json): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || value === null) {
    return String(value);
  }
  if (!Array.isArray(value) && typeof (value as { kind?: unknown }).kind === "string") {
    const { kind, ...rest } = value as { kind: string } & Record<string, Json>;
    const fields = Object.entries(rest).map(([k, v]) => `${k}=${formatValue(v)}`);
    return fields.length ? `${kind}(${fields.join(",")})` : kind;
  }
  return canonicalJson(value);
}

/**
 * A cell's readable label: `axis=value` pairs, or `default` for a cell without axes.
 *
 * @param params The cell's parameters.
 * @returns The label.
 */
export function labelOf(params: Params): string {
  const entries = Object.entries(params);
  return entries.length
    ? entries.map(([k, v]) => `${k}=${formatValue(shortNumber(v))}`).join(" ")
    : "default";
}

/**
 * A value for reading: a fractional number with more than six significant digits (a value a
 * random search drew, `0.0031622776601683794`) to six (`0.00316228`); anything else as it is.
 * For labels and figures only — files keep every digit.
 *
 * @example
 * ```ts
 * import { shortNumber } from "./json.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(shortNumber(0.0031622776601683794), 0.00316228);
 * assert.equal(shortNumber(0.05), 0.05);
 * assert.equal(shortNumber(1234567), 1234567);
 * assert.equal(shortNumber("adam"), "adam");
 * ```
 *
 * @param value The value.
 * @returns It, shortened when a long fraction.
 */
export function shortNumber<T extends Json>(value: T): T {
  if (typeof value !== "number" || Number.isInteger(value) || !Number.isFinite(value)) return value;
  return Number(value.toPrecision(6)) as T;
}

/**
 * {@link formatValue} for reading: every fractional number inside shortened to six
 * significant digits ({@link shortNumber}).
 *
 * @param value The value.
 * @returns Its text.
 */
export function formatShort(value: Json): string {
  const short = (v: Json): Json =>
    Array.isArray(v)
      ? v.map(short)
      : v !== null && typeof v === "object"
      ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, short(x as Json)]))
      : shortNumber(v);
  return formatValue(short(value));
}
