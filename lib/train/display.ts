/**
 * How a fit shows itself in Jupyter: the learning curves (training and validation loss by
 * epoch) and how training ended.
 *
 * @module
 */

import { escapeXml, lineChart, type MimeBundle, type Series } from "../_svg.ts";
/** What a fit's display reads of its result (its type lives in `fit.ts`, which shows it). */
interface Fitted {
  readonly status: string;
  readonly bestEpoch: number;
  readonly finalEpoch: number;
  readonly history: readonly {
    readonly train: { readonly loss: number };
    readonly validation?: { readonly loss: number };
  }[];
}

/**
 * A fit's display: its loss curves as SVG, and a line of text.
 *
 * @param result The fit's result.
 * @returns The MIME bundle.
 */
export function fitBundle(result: Fitted): MimeBundle {
  const h = result.history, last = h.at(-1);
  const series: Series[] = [{ name: "training loss", values: h.map((e) => e.train.loss) }];
  if (h.some((e) => e.validation)) {
    series.push({
      name: "validation loss",
      values: h.map((e) => e.validation?.loss ?? NaN),
      dashed: true,
    });
  }
  const metric = (m?: object) =>
    m ? Object.entries(m).map(([k, v]) => `${k} ${Number(v).toPrecision(4)}`).join(", ") : "—";
  const text =
    `${result.status} after ${h.length} epochs (best epoch ${result.bestEpoch}, weights of epoch ${result.finalEpoch}); last epoch: train ${
      metric(last?.train)
    }; validation ${metric(last?.validation)}`;
  const svg = lineChart(series, { title: "Learning curves", x: "epoch", y: "loss" });
  return {
    "image/svg+xml": svg,
    "text/html": `${svg}<p>${escapeXml(text)}</p>`,
    "text/plain": text,
  };
}
