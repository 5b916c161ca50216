/// <reference lib="dom" />
/**
 * The chosen cells' confusion matrices and a strip of misclassified images.
 *
 * @module
 */

import { type Choice } from "../../../experiment/analysis/select.ts";
import { figure, h, type PlotlyApi, SMALL_CONFIG } from "../dom.ts";
import { section } from "./_shared.ts";

export function classification(Plotly: PlotlyApi, choices: readonly Choice[]): void {
  const shown = choices.filter((c) => c.chosen?.units.some((u) => u.diagnostics));
  if (shown.length === 0) return;
  const root = section("classification");
  for (const choice of shown) {
    const units = choice.chosen!.units.filter((u) => u.diagnostics);
    const first = units[0]!.diagnostics!;
    const k = first.confusion.length;
    const total = first.confusion.map((row, i) =>
      row.map((_, j) => units.reduce((s, u) => s + (u.diagnostics!.confusion[i]?.[j] ?? 0), 0))
    );
    const classes = Array.from({ length: k }, (_, i) => String(i));
    Plotly.newPlot(figure(root, "square"), [{
      type: "heatmap",
      z: total,
      x: classes,
      y: classes,
      colorscale: "Blues",
      reversescale: true,
      showscale: false,
      texttemplate: "%{z}",
      hovertemplate: "true %{y}, predicted %{x}: %{z}<extra></extra>",
    }], {
      title: {
        x: 0,
        xanchor: "left",
        xref: "paper",
        text: `${choice.group}<br>★ ${
          choice.chosen!.cell.label
        }: ${first.part}, ${units.length} seed${units.length === 1 ? "" : "s"}`,
        font: { size: 11 },
      },
      xaxis: { title: { text: "predicted" }, type: "category" },
      yaxis: { title: { text: "true" }, type: "category", autorange: "reversed" },
      margin: { t: 60, l: 50, r: 10, b: 50 },
    }, SMALL_CONFIG);
    const wrong = first.misclassified ?? [];
    if (wrong.length > 0 && first.image) {
      const { width, height } = first.image;
      root.append(
        h(
          "p",
          { class: "note" },
          `Misclassified ${first.part} images of ★ ${choice.chosen!.cell.label} (seed ${
            units[0]!.seed
          }):`,
        ),
        h(
          "div",
          { class: "strip" },
          wrong.map((w) => {
            const canvas = h("canvas", { width, height, class: "digit" });
            const ctx = canvas.getContext("2d");
            if (ctx) {
              const img = ctx.createImageData(width, height), bytes = atob(w.pixels);
              for (let i = 0; i < width * height; i++) {
                const v = 255 - bytes.charCodeAt(i);
                img.data.set([v, v, v, 255], i * 4);
              }
              ctx.putImageData(img, 0, 0);
            }
            return h("figure", {}, canvas, h("figcaption", {}, `${w.label} → ${w.predicted}`));
          }),
        ),
      );
    }
  }
}
