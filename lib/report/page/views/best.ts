/// <reference lib="dom" />
/**
 * The best settings per data set: the chosen cell, how it was chosen, its test result.
 *
 * @module
 */

import { type Choice } from "../../../experiment/analysis/select.ts";
import type { Manifest } from "../../../experiment/records.ts";
import { INTERVAL_METHOD } from "../../../experiment/analysis/stats.ts";
import { formatInterval, formatSummary } from "../../format.ts";
import { tieText } from "../../table.ts";
import { h } from "../dom.ts";
import { nice, type PageCell } from "./_shared.ts";

/**
 * The best settings per data set.
 *
 * @param choices The best cell of each data-set group.
 * @param primary The run's primary metric.
 * @returns The section's body.
 */
export function bestSection(
  choices: readonly Choice<PageCell>[],
  primary: string,
  run?: Pick<Manifest, "experiment" | "runId" | "models">,
): Node {
  const items = choices.map((c) =>
    h(
      "li",
      {},
      h("b", {}, c.group),
      ": ",
      c.chosen
        ? [
          h("span", { class: "chosen" }, `★ ${c.chosen.cell.label}`),
          ` — chosen on mean ${nice(c.by)} ${
            formatSummary(c.chosen.finals[c.by])
          } among ${c.cells.length} cells`,
          c.excluded ? ` (${c.excluded} with a diverged seed left out)` : "",
          `; its ${nice(c.reported)}: `,
          h("b", {}, formatSummary(c.result)),
          ` ${formatInterval(c.reported, c.result)}`,
          c.tied.length > 1 ? h("span", { class: "tie" }, tieText(c)) : "",
        ]
        : "no cell qualifies (every cell has a diverged seed)",
    )
  );
  return h(
    "div",
    {},
    h("ul", { class: "choices" }, items),
    h(
      "p",
      { class: "note", id: "primary" },
      `Primary metric: ${primary} (the experiment's primary field; by default its first metric). `,
      "★ marks the chosen cell of each data set: the best mean on the validation part (training part where there is none), never on the test part, never a cell with a diverged seed. Its test result is then reported as it is. Intervals: ",
      INTERVAL_METHOD,
      ".",
    ),
    run ? modelsNote(run) : "",
  );
}

/** Where the chosen cells' trained models are, and how to use them, when the run kept some. */
function modelsNote(run: Pick<Manifest, "experiment" | "runId" | "models">): Node | string {
  const files = run.models?.files ?? [];
  if (files.length === 0) return "";
  const cells = new Set(files.map((f) => f.cell)).size;
  const folder = `results/${run.experiment}/${run.runId}`;
  return h(
    "p",
    { class: "note", id: "models-kept" },
    `Trained models kept: ${files.length} (the weights of ${cells} cell${
      cells === 1 ? "" : "s"
    }, every seed) in models/, each listed with its sha256 in manifest.json. `,
    h("code", {}, `deno task predict ${folder} test`),
    " writes their predictions on each seed's test part; ",
    h("code", {}, `loadModel("${folder}")`),
    " loads one in code.",
  );
}
