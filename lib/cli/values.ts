/**
 * Values given on the command line (`--set lr=0.1,0.01`): JSON where it parses, text
 * otherwise.
 *
 * @module
 */

import type { Json } from "../experiment/records.ts";

/**
 * Splits `a,b,{"k":[1,2]}` at top-level commas and reads each piece as JSON, or as text
 * when it is not JSON.
 *
 * @example
 * ```ts
 * import { parseValues } from "./values.ts";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(parseValues('0.1,two-layer,{"kind":"moons","n":10},[1,2]'), [0.1, "two-layer", { kind: "moons", n: 10 }, [1, 2]]);
 * ```
 *
 * @param text The values.
 * @returns The parsed values.
 */
export function parseValues(text: string): Json[] {
  const pieces: string[] = [];
  let depth = 0, quoted = false, start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"' && text[i - 1] !== "\\") quoted = !quoted;
    else if (!quoted && (ch === "{" || ch === "[")) depth++;
    else if (!quoted && (ch === "}" || ch === "]")) depth--;
    else if (!quoted && depth === 0 && ch === ",") {
      pieces.push(text.slice(start, i));
      start = i + 1;
    }
  }
  pieces.push(text.slice(start));
  return pieces.map((p) => {
    const s = p.trim();
    try {
      return JSON.parse(s) as Json;
    } catch {
      return s;
    }
  });
}
