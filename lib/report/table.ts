/**
 * The plain-text summary table printed at the end of a run.
 *
 * @module
 */

import type { RunData } from "../experiment/store.ts";
import { aggregate, formatSummary, headline, higherIsBetter } from "./aggregate.ts";

/**
 * Lays out rows as aligned text columns.
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
 * One line per cell: mean ± std over seeds of each tracked metric on the test and
 * validation parts, epochs run, and how many seeds diverged; the best cell on the headline
 * metric is marked with `*`.
 *
 * @param run The run.
 * @returns The table.
 */
export function summaryTable(run: RunData): string {
  const cells = aggregate(run);
  if (cells.length === 0) return "(no finished cells)";
  const main = headline(run, cells);
  const columns = ["test", "validation"].flatMap((part) =>
    run.manifest.metrics.map((m) => `${part}_${m}`).filter((c) => cells.some((a) => c in a.finals))
  );
  const better = higherIsBetter(main) ? 1 : -1;
  const best = cells.reduce((a, b) =>
    better * ((b.finals[main]?.mean ?? NaN) - (a.finals[main]?.mean ?? NaN)) > 0 ? b : a
  );
  const rows = [
    ["", "cell", ...columns.map((c) => c.replace("_", " ")), "epochs", "seeds"],
    ...cells.map((a) => [
      a === best ? "*" : "",
      a.cell.label,
      ...columns.map((c) => formatSummary(a.finals[c])),
      formatSummary(a.finals.epochs_run, 1),
      a.diverged ? `${a.units.length} (${a.diverged} diverged)` : String(a.units.length),
    ]),
  ];
  return textTable(rows);
}
