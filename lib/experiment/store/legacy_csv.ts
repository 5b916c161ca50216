/**
 * Units from the CSVs of a run made before the journal existed (checked cell by cell).
 *
 * @module
 */

import type { Metrics } from "../../train/evaluate.ts";
import type { Boundary, Diagnostics, EpochRow, Manifest, UnitResult } from "../records.ts";
import { planOf, unitKey } from "./manifest.ts";
import { unpackBoundary } from "../boundary_runs.ts";
import { parseCsv, readOptionalJson, readText } from "./_files.ts";
import { maxDenseLayers, metricNames, PARTS } from "./_columns.ts";

function csvNumber(text: string | undefined, file: string, line: number, column: string) {
  if (text === undefined || text === "") return undefined;
  const v = Number(text);
  if (Number.isNaN(v) && text !== "NaN") {
    throw new TypeError(`${file}:${line}: column ${column}: expected a number, got "${text}"`);
  }
  return v;
}

/** Units from the CSVs of a run made before the journal existed. */
export async function readUnitsFromCsv(
  dir: string,
  manifest: Manifest,
): Promise<Map<string, UnitResult>> {
  const plan = planOf(manifest);
  const metrics = metricNames(plan), layers = maxDenseLayers(plan);
  const cellsPath = `${dir}/cells.csv`, epochsPath = `${dir}/epochs.csv`;
  const cellRows = parseCsv(await readText(cellsPath, "the run's cells"), cellsPath);
  const epochRows = parseCsv(await readText(epochsPath, "the run's epochs"), epochsPath);
  const metricsOf = (row: Record<string, string>, part: string, file: string, line: number) => {
    const entries = metrics
      .map((m) => [m, csvNumber(row[`${part}_${m}`], file, line, `${part}_${m}`)] as const)
      .filter(([, v]) => v !== undefined);
    return entries.length ? Object.fromEntries(entries) as unknown as Metrics : undefined;
  };
  const histories = new Map<string, EpochRow[]>();
  epochRows.forEach((row, i) => {
    const line = i + 2, n = (c: string) => csvNumber(row[c], epochsPath, line, c);
    const key = unitKey(row.cell_id!, n("seed")!);
    const validation = metricsOf(row, "validation", epochsPath, line);
    const entry: EpochRow = {
      epoch: n("epoch")!,
      train: metricsOf(row, "train", epochsPath, line) ?? { loss: NaN },
      ...(validation ? { validation } : {}),
      maxAbsWeight: Array.from({ length: layers }, (_, l) => n(`max_abs_weight_${l + 1}`))
        .filter((v): v is number => v !== undefined),
      seconds: n("seconds") ?? 0,
    };
    (histories.get(key) ?? histories.set(key, []).get(key)!).push(entry);
  });
  const boundaries = await readOptionalJson(`${dir}/boundaries.json`) as Record<string, Boundary>;
  const diagnostics = await readOptionalJson(`${dir}/diagnostics.json`) as Record<
    string,
    Diagnostics
  >;
  const firstSeed = manifest.seeds[0];
  const cellIds = new Set(plan.cells.map((c) => c.id));
  const units = new Map<string, UnitResult>();
  cellRows.forEach((row, i) => {
    const line = i + 2, n = (c: string) => csvNumber(row[c], cellsPath, line, c);
    const seed = n("seed")!, key = unitKey(row.cell_id!, seed);
    if (!cellIds.has(row.cell_id!)) {
      throw new TypeError(`${cellsPath}:${line}: cell ${row.cell_id} is not in the manifest`);
    }
    if (!["completed", "early_stopped", "diverged"].includes(row.status!)) {
      throw new TypeError(
        `${cellsPath}:${line}: column status: expected completed, early_stopped or diverged, got "${row.status}"`,
      );
    }
    const final: Record<string, Metrics> = {};
    for (const part of PARTS) {
      const m = metricsOf(row, part, cellsPath, line);
      if (m) final[part] = m;
    }
    const history = histories.get(key) ?? [];
    if (history.length !== n("epochs_run")) return; // not fully written: run it again
    units.set(key, {
      cellId: row.cell_id!,
      seed,
      status: row.status as UnitResult["status"],
      epochsRun: n("epochs_run")!,
      bestEpoch: n("best_epoch")!,
      // Runs written before final_epoch was recorded evaluated their last epoch.
      finalEpoch: n("final_epoch") ?? n("epochs_run")!,
      history,
      final,
      ...(seed === firstSeed && boundaries[row.cell_id!]
        ? { boundary: unpackBoundary(boundaries[row.cell_id!]) }
        : {}),
      ...(diagnostics[key] ? { diagnostics: diagnostics[key] } : {}),
      seconds: n("seconds") ?? 0,
    });
  });
  return units;
}
