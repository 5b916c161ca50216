/**
 * How a network shows itself in Jupyter: its layers in order, each one's output width and
 * trainable parameters — the lesson's picture of the network as a list of layers.
 *
 * @module
 */

import { escapeXml, type MimeBundle } from "../_svg.ts";
import type { Layer } from "./layer.ts";

/**
 * A network's display: an HTML table and the same as text.
 *
 * @param inputs The input width.
 * @param layers The layers, in order.
 * @param dtype The element type.
 * @returns The MIME bundle.
 */
export function networkBundle(inputs: number, layers: readonly Layer[], dtype: string): MimeBundle {
  let width = inputs, total = 0;
  const rows = layers.map((layer, i) => {
    const spec = layer.spec() as { kind: string; units?: number } & Record<string, unknown>;
    if (typeof spec.units === "number") width = spec.units;
    const count = layer.parameters().reduce((n, p) => n + p.value.rows * p.value.cols, 0);
    total += count;
    const { kind, ...settings } = spec;
    const shown = Object.entries(settings).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(", ");
    return [String(i), kind, shown, String(width), String(count)];
  });
  const head = ["#", "layer", "settings", "outputs", "parameters"];
  const title =
    `Network: ${inputs} inputs → ${width} outputs, ${layers.length} layers, ${total} parameters (${dtype})`;
  const cell = (tag: string, t: string) => `<${tag}>${escapeXml(t)}</${tag}>`;
  const html = `<p><b>${escapeXml(title)}</b></p><table><thead><tr>${
    head.map((t) => cell("th", t)).join("")
  }</tr></thead><tbody>${
    rows.map((r) => `<tr>${r.map((t) => cell("td", t)).join("")}</tr>`).join("")
  }</tbody></table>`;
  const plain = [
    title,
    ...rows.map((r) =>
      `  ${r[0]}  ${r[1]}${r[2] ? ` (${r[2]})` : ""} → ${r[3]}  [${r[4]} parameters]`
    ),
  ].join("\n");
  return { "text/html": html, "text/plain": plain };
}
