/**
 * The run folder's views of its journal: `cells.csv`, `epochs.csv`, `summary.csv`, and the
 * per-unit JSON beside them, written atomically. Rows are always in the plan's order
 * (cell, then seed, then epoch) and numbers print as the shortest text that reads back to
 * the same value, so the metric columns are byte-identical whatever the number of
 * workers, the shard split or the order cells finished in.
 *
 * @module
 */

// @ts-types="../../_csv_stringify.d.ts"
import { stringify } from "npm:csv-stringify@6.9.0/sync";
import type { Metrics } from "../../train/evaluate.ts";
import { AtomicFile } from "./atomic.ts";
import type { UnitStore, UnitSummary } from "./unit_store.ts";
import { packBoundary } from "../boundary_runs.ts";
import type { Cell, Manifest, Plan, UnitResult } from "../records.ts";
import { unitKey } from "./manifest.ts";
import { finalValue } from "../analysis/aggregate.ts";
import { metricRange, summarize } from "../analysis/stats.ts";
import {
  axisColumns,
  cellColumns,
  cellHeader,
  csv,
  finished,
  maxDenseLayers,
  metricNames,
  num,
  PARTS,
} from "./_columns.ts";

/**
 * `cells.csv` in pieces: the header, then rows a thousand at a time — one row per finished
 * (cell, seed), in plan order.
 */
function* cellsCsvPieces(
  plan: Pick<Plan, "axes" | "cells" | "seeds">,
  units: ReadonlyMap<string, UnitSummary>,
): Generator<string> {
  const axes = axisColumns(plan), metrics = metricNames(plan);
  yield csv([
    ...cellHeader(axes),
    "seed",
    "status",
    "epochs_run",
    "best_epoch",
    "final_epoch",
    ...PARTS.flatMap((p) => metrics.map((m) => `${p}_${m}`)),
    "seconds",
  ], []);
  yield* batched(finished(plan, units), ({ cell, seed, unit: u }) => [
    ...cellColumns(cell, axes),
    String(seed),
    u.status,
    String(u.epochsRun),
    String(u.bestEpoch),
    String(u.finalEpoch),
    ...PARTS.flatMap((p) => metrics.map((m) => num(u.final[p]?.[m as keyof Metrics]))),
    u.seconds.toFixed(3),
  ]);
}

/** Rows formatted as CSV text, a thousand at a time (one string per batch). */
function* batched<T>(items: Iterable<T>, row: (item: T) => string[]): Generator<string> {
  let rows: string[][] = [];
  for (const item of items) {
    rows.push(row(item));
    if (rows.length === 1000) yield stringify(rows, { record_delimiter: "unix" }), rows = [];
  }
  if (rows.length > 0) yield stringify(rows, { record_delimiter: "unix" });
}

/** The header and a unit's rows of `epochs.csv`, for a plan's column layout. */
function epochsLayout(plan: Pick<Plan, "cells">): {
  header: string;
  rows: (cell: Cell, seed: number, unit: UnitResult) => string;
} {
  const metrics = metricNames(plan), layers = maxDenseLayers(plan);
  const header = csv([
    "cell_id",
    "seed",
    "epoch",
    ...["train", "validation"].flatMap((p) => metrics.map((m) => `${p}_${m}`)),
    ...Array.from({ length: layers }, (_, i) => `max_abs_weight_${i + 1}`),
    "seconds",
  ], []);
  const rows = (cell: Cell, seed: number, unit: UnitResult) =>
    stringify(
      unit.history.map((e) => [
        cell.id,
        String(seed),
        String(e.epoch),
        ...metrics.map((m) => num(e.train[m as keyof Metrics])),
        ...metrics.map((m) => num(e.validation?.[m as keyof Metrics])),
        ...Array.from({ length: layers }, (_, i) => num(e.maxAbsWeight[i])),
        e.seconds.toFixed(3),
      ]),
      { record_delimiter: "unix" },
    );
  return { header, rows };
}

/**
 * `summary.csv` in pieces: the header, then rows a thousand at a time — per cell, the seeds
 * run and, for every final metric and the epochs run, the mean, sample standard deviation and
 * 95% interval over seeds (stats.ts INTERVAL_METHOD: within the metric's range, integer ends
 * for epoch counts).
 */
function* summaryCsvPieces(
  plan: Pick<Plan, "axes" | "cells" | "seeds">,
  units: ReadonlyMap<string, UnitSummary>,
): Generator<string> {
  const axes = axisColumns(plan), metrics = metricNames(plan);
  const columns = [...PARTS.flatMap((p) => metrics.map((m) => `${p}_${m}`)), "epochs_run"];
  yield csv([
    ...cellHeader(axes),
    "seeds",
    "diverged",
    ...columns.flatMap((c) => [`${c}_mean`, `${c}_std`, `${c}_ci95_low`, `${c}_ci95_high`]),
  ], []);
  const done = function* () {
    for (const cell of plan.cells) {
      const finished = plan.seeds.flatMap((s) => units.get(unitKey(cell.id, s)) ?? []);
      if (finished.length > 0) yield { cell, finished };
    }
  };
  yield* batched(done(), ({ cell, finished }) => {
    const stats = columns.flatMap((c) => {
      const range = metricRange(c, { epochs: cell.config.epochs });
      const s = summarize(finished.map((u) => finalValue(u, c)), { range });
      return [s.mean, s.std, s.ciLow, s.ciHigh].map((v) => (Number.isFinite(v) ? String(v) : ""));
    });
    return [
      ...cellColumns(cell, axes),
      String(finished.length),
      String(finished.filter((u) => u.status === "diverged").length),
      ...stats,
    ];
  });
}

/**
 * Writes the manifest and the views of a run — `epochs.csv`, `cells.csv`, `summary.csv`,
 * `boundaries.json`, `diagnostics.json` — each atomically. The per-unit files are written
 * in one pass over the store's units in plan order, one unit in memory at a time.
 *
 * @param dir The run folder.
 * @param manifest The manifest.
 * @param plan The plan.
 * @param store The finished units.
 */
export async function writeRun(
  dir: string,
  manifest: ManifestLike,
  plan: Pick<Plan, "axes" | "cells" | "seeds">,
  store: UnitStore,
): Promise<void> {
  // epochs.csv before cells.csv: a unit counts as finished once it is in cells.csv, so a
  // crash between the two leaves extra epoch rows (ignored), never a unit without them.
  await writeUnitViews(dir, plan, store);
  await writePieces(`${dir}/cells.csv`, cellsCsvPieces(plan, store.summaries));
  await writePieces(`${dir}/summary.csv`, summaryCsvPieces(plan, store.summaries));
  await writePieces(`${dir}/manifest.json`, manifestPieces(manifest));
}

/**
 * `manifest.json` in pieces — the text of `JSON.stringify(manifest, null, 2)`, each cell
 * formatted on its own, so a manifest of 10⁵ cells is never one string in memory.
 *
 * @param manifest The manifest.
 * @yields Its text, piece by piece.
 */
export function* manifestPieces(manifest: ManifestLike): Generator<string> {
  const mark = "\u0000cells\u0000";
  const [head, tail] = JSON.stringify({ ...manifest, cells: mark }, null, 2).split(
    JSON.stringify(mark),
  ) as [string, string];
  let first = true;
  for (const cell of manifest.cells) {
    yield `${first ? `${head}[` : ","}\n    ${
      JSON.stringify(cell, null, 2).replaceAll("\n", "\n    ")
    }`;
    first = false;
  }
  yield first ? `${head}[]${tail}\n` : `\n  ]${tail}\n`;
}

/** A manifest whose cells may come one at a time (a run of 10⁵ cells makes them as written). */
export type ManifestLike = Omit<Manifest, "cells"> & {
  readonly cells: Iterable<Manifest["cells"][number]>;
};

async function writePieces(path: string, pieces: Iterable<string>): Promise<void> {
  const file = await AtomicFile.create(path);
  try {
    for (const piece of pieces) await file.write(piece);
  } catch (e) {
    await file.abort();
    throw e;
  }
  await file.commit();
}

/**
 * `epochs.csv`, and `boundaries.json` (the first seed's per cell) and `diagnostics.json`
 * (every unit's) when any unit has them: `{ key: value, … }`.
 */
async function writeUnitViews(
  dir: string,
  plan: Pick<Plan, "cells" | "seeds">,
  store: UnitStore,
): Promise<void> {
  const { header, rows } = epochsLayout(plan);
  const epochs = await AtomicFile.create(`${dir}/epochs.csv`);
  const json = {
    boundaries: { path: `${dir}/boundaries.json`, file: undefined as AtomicFile | undefined },
    diagnostics: { path: `${dir}/diagnostics.json`, file: undefined as AtomicFile | undefined },
  };
  const entry = async (which: keyof typeof json, key: string, value: unknown) => {
    const out = json[which];
    const first = out.file === undefined;
    out.file ??= await AtomicFile.create(out.path);
    await out.file.write(`${first ? "{" : ","}${JSON.stringify(key)}:${JSON.stringify(value)}`);
  };
  try {
    await epochs.write(header);
    for await (const { cell, seed, unit } of store.units(plan)) {
      await epochs.write(rows(cell, seed, unit));
      if (unit.boundary) await entry("boundaries", cell.id, packBoundary(unit.boundary));
      if (unit.diagnostics) await entry("diagnostics", unitKey(cell.id, seed), unit.diagnostics);
    }
  } catch (e) {
    await Promise.all([epochs, ...Object.values(json).map((j) => j.file)].map((f) => f?.abort()));
    throw e;
  }
  await epochs.commit();
  for (const { file } of Object.values(json)) {
    if (file) await file.write("}\n"), await file.commit();
  }
}
