/**
 * Small SVG figures with no dependency — learning curves, 2-D points over a decision
 * boundary — and the symbol by which an object displays itself in Jupyter (Deno's kernel
 * calls `value[Symbol.for("Jupyter.display")]()` on a cell's last value and shows the
 * returned MIME bundle). The framework's objects use them to show themselves in a notebook.
 *
 * @module
 */

/** The key of the method that gives an object's Jupyter display. */
export const JUPYTER_DISPLAY: unique symbol = Symbol.for("Jupyter.display");

/** A display: MIME type → content. */
export type MimeBundle = Record<string, string>;

/**
 * Makes `target` display itself in Jupyter with `bundle()`, without changing what it is: the
 * method is not enumerable (JSON, spreads and deep equality do not see it).
 *
 * @param target The object.
 * @param bundle Its display.
 * @returns The object.
 */
export function displayable<T extends object>(target: T, bundle: () => MimeBundle): T {
  Object.defineProperty(target, JUPYTER_DISPLAY, { value: bundle, enumerable: false });
  return target;
}

/**
 * Text as XML or HTML text (`&`, `<`, `>`, `"` escaped).
 *
 * @param text The text.
 * @returns It, escaped.
 */
export function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(
    /"/g,
    "&quot;",
  );
}

/** Colours, in order. */
export const PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"];

const W = 480, H = 300, M = { l: 56, r: 12, t: 28, b: 40 };

function ticks(lo: number, hi: number, n = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / n, mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw)!;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(v);
  return out;
}

const num = (v: number) => Number(v.toPrecision(4)).toString();

function frame(title: string, body: string, labels: { x: string; y: string }): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">` +
    `<rect width="${W}" height="${H}" fill="white"/>` +
    `<text x="${W / 2}" y="16" text-anchor="middle" font-size="13">${escapeXml(title)}</text>` +
    body +
    `<text x="${(W + M.l) / 2}" y="${H - 6}" text-anchor="middle">${escapeXml(labels.x)}</text>` +
    `<text transform="translate(12 ${(H - M.b + M.t) / 2}) rotate(-90)" text-anchor="middle">${
      escapeXml(labels.y)
    }</text></svg>`;
}

function axes(
  x: { lo: number; hi: number; at: (v: number) => number },
  y: { lo: number; hi: number; at: (v: number) => number },
): string {
  const at = (f: (v: number) => number) => (v: number) => f(v).toFixed(1);
  const [ax, ay] = [at(x.at), at(y.at)];
  const xt = ticks(x.lo, x.hi).map((v) =>
    `<line x1="${ax(v)}" x2="${ax(v)}" y1="${H - M.b}" y2="${H - M.b + 4}" stroke="#444"/>` +
    `<text x="${ax(v)}" y="${H - M.b + 15}" text-anchor="middle">${num(v)}</text>`
  );
  const yt = ticks(y.lo, y.hi).map((v) =>
    `<line x1="${M.l - 4}" x2="${M.l}" y1="${ay(v)}" y2="${ay(v)}" stroke="#444"/>` +
    `<text x="${M.l - 6}" y="${(y.at(v) + 4).toFixed(1)}" text-anchor="end">${num(v)}</text>`
  );
  return `<rect x="${M.l}" y="${M.t}" width="${W - M.l - M.r}" height="${
    H - M.t - M.b
  }" fill="none" stroke="#888"/>${xt.join("")}${yt.join("")}`;
}

/** A series of a line chart: its values at x = 1, 2, …. */
export interface Series {
  /** Its name in the legend. */
  readonly name: string;
  /** Its value at x = 1, 2, … (non-finite: a gap). */
  readonly values: readonly number[];
  /** Drawn dashed. */
  readonly dashed?: boolean;
}

/**
 * Curves against 1, 2, … (epochs), each a line with its name in a legend; non-finite values
 * leave gaps.
 *
 * @param series The curves.
 * @param options Title and axis labels.
 * @returns SVG text.
 */
export function lineChart(
  series: readonly Series[],
  options: { readonly title: string; readonly x: string; readonly y: string },
): string {
  const all = series.flatMap((s) => s.values.filter(Number.isFinite));
  const n = Math.max(1, ...series.map((s) => s.values.length));
  const lo = all.length ? Math.min(...all) : 0, hi = all.length ? Math.max(...all) : 1;
  const pad = (hi - lo) * 0.05 || 1;
  const x = {
    lo: 1,
    hi: Math.max(2, n),
    at: (v: number) => M.l + (v - 1) / (Math.max(2, n) - 1) * (W - M.l - M.r),
  };
  const y = {
    lo: lo - pad,
    hi: hi + pad,
    at: (v: number) => H - M.b - (v - lo + pad) / (hi - lo + 2 * pad) * (H - M.t - M.b),
  };
  const lines = series.map((s, i) => {
    const color = PALETTE[i % PALETTE.length]!;
    const d = s.values.map((v, j) =>
      Number.isFinite(v)
        ? `${j === 0 || !Number.isFinite(s.values[j - 1]!) ? "M" : "L"}${x.at(j + 1).toFixed(1)},${
          y.at(v).toFixed(1)
        }`
        : ""
    ).join("");
    return `<path d="${d}" fill="none" stroke="${color}" stroke-width="2"${
      s.dashed ? ' stroke-dasharray="5 3"' : ""
    }/>` +
      `<text x="${W - M.r - 6}" y="${M.t + 14 + 13 * i}" text-anchor="end" fill="${color}">${
        escapeXml(s.name)
      }</text>`;
  });
  return frame(options.title, axes(x, y) + lines.join(""), options);
}

/** Points of a 2-D data set, and optionally the class a model predicts over their square. */
export interface PointsFigure {
  /** The figure's title. */
  readonly title: string;
  /** [x, y, class] each. */
  readonly points: readonly (readonly [number, number, number])[];
  /** The predicted class on a grid over [x0, x1] × [y0, y1], row by row from y0 up. */
  readonly grid?: {
    readonly x0: number;
    readonly x1: number;
    readonly y0: number;
    readonly y1: number;
    readonly size: number;
    readonly classes: readonly number[];
  };
}

/**
 * 2-D points coloured by class, over the predicted class's regions when a grid is given.
 *
 * @param figure The points and grid.
 * @returns SVG text.
 */
export function pointsChart(figure: PointsFigure): string {
  const xs = figure.points.map((p) => p[0]), ys = figure.points.map((p) => p[1]);
  const g = figure.grid;
  const x0 = g?.x0 ?? Math.min(...xs), x1 = g?.x1 ?? Math.max(...xs);
  const y0 = g?.y0 ?? Math.min(...ys), y1 = g?.y1 ?? Math.max(...ys);
  const x = {
    lo: x0,
    hi: x1,
    at: (v: number) => M.l + (v - x0) / (x1 - x0 || 1) * (W - M.l - M.r),
  };
  const y = {
    lo: y0,
    hi: y1,
    at: (v: number) => H - M.b - (v - y0) / (y1 - y0 || 1) * (H - M.t - M.b),
  };
  let cells = "";
  if (g !== undefined) {
    const cw = (W - M.l - M.r) / g.size, ch = (H - M.t - M.b) / g.size;
    g.classes.forEach((c, i) => {
      const col = i % g.size, row = Math.floor(i / g.size);
      cells += `<rect x="${(M.l + col * cw).toFixed(1)}" y="${
        (H - M.b - (row + 1) * ch).toFixed(1)
      }" width="${(cw + 0.5).toFixed(1)}" height="${(ch + 0.5).toFixed(1)}" fill="${
        PALETTE[c % PALETTE.length]
      }" fill-opacity="0.18"/>`;
    });
  }
  const dots = figure.points.map(([a, b, c]) =>
    `<circle cx="${x.at(a).toFixed(1)}" cy="${y.at(b).toFixed(1)}" r="2.6" fill="${
      PALETTE[c % PALETTE.length]
    }" stroke="white" stroke-width="0.5"/>`
  ).join("");
  return frame(figure.title, cells + axes(x, y) + dots, { x: "x₀", y: "x₁" });
}
