/**
 * The plain-text summary table printed at the end of a run.
 *
 * @module
 */

import { aggregateFinals, primaryMetric } from "../experiment/analysis/aggregate.ts";
import type { RunSummary } from "../experiment/records.ts";
import { type Choice, chooseBest } from "../experiment/analysis/select.ts";
import type { CellFinals } from "../experiment/analysis/aggregate.ts";
import { formatInterval, formatSummary, formatValueOf } from "./format.ts";

/**
 * Lays out rows as aligned text columns.
 *
 * @example
 * ```ts
 * import { textTable } from "./table.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(textTable([["a", "bb"], ["ccc", "d"]]), "a    bb\n───  ──\nccc  d");
 * ```
 *
 * @param rows Header first.
 * @returns The table, one line per row.
 */
export function textTable(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, j) => Math.max(...rows.map((r) => [...(r[j] ?? "")].length)));
  const line = (r: readonly string[]) => r.map((v, j) => v.padEnd(widths[j]!)).join("  ").trimEnd();
  return [line(rows[0]!), widths.map((w) => "─".repeat(w)).join("  "), ...rows.slice(1).map(line)]
    .join("\n");
}

/**
 * `` — a tie: …`` when other cells have the chosen cell's mean: which, and how it was broken.
 *
 * @param c A choice.
 * @returns The text, empty without a tie.
 */
export function tieText(c: Pick<Choice<CellFinals>, "tied" | "tieBreak" | "by">): string {
  if (c.tied.length < 2) return "";
  const others = c.tied.slice(1).map((t) => t.cell.label);
  const shown = others.length > 4 ? [...others.slice(0, 4), `${others.length - 4} more`] : others;
  return ` — a tie: ${c.tied.length} cells have this mean ${c.by.replace("_", " ")} (also ${
    shown.join(", ")
  }); broken by ${
    c.tieBreak ? `the lowest mean ${c.tieBreak.replace("_", " ")}` : "the order of the plan"
  }`;
}

/**
 * One line per cell: mean ± std over seeds of each tracked metric on the test and
 * validation parts, epochs run, and how many seeds diverged. In each group of cells that
 * share a data set, the cell with the best validation metric (training metric without a
 * validation part; never a cell with a diverged seed) is marked `*`; the lines below the
 * table say how it was chosen and its test result.
 *
 * @param run The run.
 * @returns The table and the choices.
 */
export function summaryTable(run: RunSummary): string {
  const cells = aggregateFinals(run);
  if (cells.length === 0) return "(no finished cells)";
  const metric = primaryMetric(run.manifest);
  const choices = chooseBest(cells, metric);
  const chosen = new Set(choices.map((c) => c.chosen));
  const columns = ["test", "validation"].flatMap((part) =>
    run.manifest.metrics.map((m) => `${part}_${m}`).filter((c) => cells.some((a) => c in a.finals))
  );
  const rows = [
    ["", "cell", ...columns.map((c) => c.replace("_", " ")), "epochs", "seeds"],
    ...cells.map((a) => [
      chosen.has(a) ? "*" : "",
      a.cell.label,
      ...columns.map((c) => formatSummary(a.finals[c])),
      formatValueOf("epochs_run", a.finals.epochs_run?.mean ?? NaN),
      a.diverged ? `${a.units.length} (${a.diverged} diverged)` : String(a.units.length),
    ]),
  ];
  const notes = choices.map((c) =>
    c.chosen
      ? `* ${c.group}: ${c.chosen.cell.label} — best mean ${
        c.by.replace("_", " ")
      } of ${c.cells.length} cells${
        c.excluded ? ` (${c.excluded} with a diverged seed left out)` : ""
      }; its ${c.reported.replace("_", " ")}: ${formatSummary(c.result)} ${
        formatInterval(c.reported, c.result)
      }`.trimEnd() + tieText(c)
      : `  ${c.group}: no cell qualifies (every cell has a diverged seed)`
  );
  return `${textTable(rows)}\n\n${notes.join("\n")}`;
}
