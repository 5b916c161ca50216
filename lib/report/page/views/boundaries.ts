/// <reference lib="dom" />
/**
 * Decision boundaries of 2-D classification cells.
 *
 * @module
 */

import { type CellAggregate } from "../../../experiment/analysis/aggregate.ts";
import { figure, h, type PlotlyApi, SMALL_CONFIG } from "../dom.ts";
import { colorOf, COLORS, section } from "./_shared.ts";

export function boundaries(Plotly: PlotlyApi, cells: readonly CellAggregate[], main: string): void {
  const withBoundary = cells.filter((c) => c.units[0]?.boundary);
  const old = document.getElementById("boundaries")?.querySelector(".multiples");
  old?.remove(); // drawn again when the cells shown change
  if (withBoundary.length === 0) return;
  const root = section("boundaries");
  const grid = h("div", { class: "multiples" });
  root.append(grid);
  for (const c of withBoundary) {
    const unit = c.units[0]!, b = unit.boundary!, n = b.size;
    const axis = (lo: number, hi: number) =>
      Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
    const z = Array.from({ length: n }, (_, r) => b.classes.slice(r * n, (r + 1) * n));
    const k = Math.max(...b.classes, ...b.points.map((p) => p[2])) + 1;
    const scale = Array.from({ length: k }, (_, i) => [
      [i / k, colorOf(COLORS.regions, i)],
      [(i + 1) / k, colorOf(COLORS.regions, i)],
    ]).flat();
    const traces: object[] = [{
      type: "heatmap",
      x: axis(b.x0, b.x1),
      y: axis(b.y0, b.y1),
      z,
      zmin: 0,
      zmax: k,
      colorscale: scale,
      showscale: false,
      hoverinfo: "skip",
    }];
    for (let cls = 0; cls < k; cls++) {
      const pts = b.points.filter((p) => p[2] === cls);
      traces.push({
        type: "scatter",
        mode: "markers",
        name: `class ${cls}`,
        x: pts.map((p) => p[0]),
        y: pts.map((p) => p[1]),
        marker: {
          size: 6,
          color: colorOf(COLORS.classes, cls),
          line: { width: 1, color: "#000" },
        },
      });
    }
    const part = main.slice(0, main.indexOf("_"));
    const acc = unit.final[part as "test"]?.accuracy;
    Plotly.newPlot(figure(grid, "small square"), traces, {
      title: {
        x: 0,
        xanchor: "left",
        xref: "paper",
        text: `${c.cell.label}<br>seed ${unit.seed}${
          acc === undefined ? "" : `, ${part} accuracy ${acc.toFixed(3)}`
        }`,
        font: { size: 11 },
      },
      legend: { orientation: "h", y: -0.12 },
      xaxis: { range: [b.x0, b.x1] },
      yaxis: { range: [b.y0, b.y1] },
      margin: { t: 50, l: 40, r: 10, b: 40 },
    }, SMALL_CONFIG);
  }
}
