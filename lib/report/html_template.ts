/**
 * HTML escaped by default: the `html` tagged template escapes every interpolated value
 * unless it is itself `html` (or `raw`), so text that came from a run — a cell label such
 * as `<img onerror=…>`, a description, a file name — is never read as markup.
 *
 * @module
 */

/** A piece of HTML that is already safe to insert. */
export class Html {
  /** The markup. */
  readonly text: string;
  /**
   * Wraps markup; prefer {@link html} or {@link raw}.
   *
   * @param text The markup.
   */
  constructor(text: string) {
    this.text = text;
  }
  /** The markup, so an `Html` prints as itself. */
  toString(): string {
    return this.text;
  }
}

/**
 * Escapes the five characters that matter in HTML text and attribute values.
 *
 * @example
 * ```ts
 * import { escapeHtml } from "./html_template.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(escapeHtml(`<a href="x">'&'</a>`), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
 * ```
 *
 * @param text Any text.
 * @returns The text, safe inside elements and quoted attributes.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

function piece(value: unknown): string {
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(piece).join("");
  if (value === null || value === undefined || value === false) return "";
  return escapeHtml(String(value));
}

/**
 * Builds HTML from a template: interpolated values are escaped, `Html` values (from `html`
 * or `raw`) go in as they are, arrays are joined, and `null`, `undefined` and `false`
 * leave nothing.
 *
 * @example A hostile label stays text
 * ```ts
 * import { html } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const label = "<img src=x onerror=alert(1)>";
 * const row = html`<td>${label}</td>`;
 * assert.equal(String(row), "<td>&lt;img src=x onerror=alert(1)&gt;</td>");
 * assert.equal(String(html`<tr>${[row, row]}</tr>`).split("<td>").length, 3);
 * ```
 *
 * @param strings The template's literal parts.
 * @param values The interpolated values.
 * @returns The markup.
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let text = strings[0]!;
  values.forEach((v, i) => text += piece(v) + strings[i + 1]!);
  return new Html(text);
}

/**
 * Marks trusted markup (produced by this program, never from user data) as HTML.
 *
 * @example
 * ```ts
 * import { html, raw } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(String(html`<p>${raw("<b>ok</b>")}</p>`), "<p><b>ok</b></p>");
 * ```
 *
 * @param text Markup.
 * @returns It, as `Html`.
 */
export function raw(text: string): Html {
  return new Html(text);
}

/**
 * JSON for a `<script>` element: `<` is written as `\u003c`, so no value can close the
 * element.
 *
 * @example
 * ```ts
 * import { scriptJson } from "./html_template.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(scriptJson({ a: "</script>" }), '{"a":"\\u003c/script>"}');
 * ```
 *
 * @param value A JSON value.
 * @returns The text.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(
    /\u2028|\u2029/g,
    (c) => c === "\u2028" ? "\\u2028" : "\\u2029",
  );
}
