/**
 * The results store: `results/<experiment>/<run-id>/` with `manifest.json`, `cells.csv`,
 * `epochs.csv` and `summary.csv`, written atomically. Rows are always in the plan's order
 * (cell, then seed, then epoch) and numbers print as the shortest text that reads back to
 * the same value, so the metric columns are byte-identical whatever the number of
 * workers, the shard split or the order cells finished in.
 *
 * @module
 */

import { parse } from "npm:csv-parse@^7.0.3/sync";
import { stringify } from "npm:csv-stringify@^6.9.0/sync";
import type { Metrics } from "../train/fit.ts";
import { TEMP_PREFIX, writeTextAtomic } from "./atomic.ts";
import type { Boundary } from "./boundary.ts";
import type { Diagnostics } from "./diagnostics.ts";
import type { EpochRow, UnitResult } from "./cell.ts";
import { METRIC_NAMES } from "./define.ts";
import type { Cell, Plan } from "./grid.ts";
import { formatValue } from "./json.ts";
import { type Manifest, type RunData, unitKey } from "./manifest.ts";
import { finalValue } from "./aggregate.ts";
import { metricRange, summarize } from "./stats.ts";

export {
  type Environment,
  type Manifest,
  type RunData,
  type RunStatus,
  unitKey,
  type UnitState,
} from "./manifest.ts";

function num(v: number | undefined): string {
  return v === undefined ? "" : String(v);
}

function readNum(s: string | undefined): number | undefined {
  return s === undefined || s === "" ? undefined : Number(s);
}

const PARTS = ["train", "validation", "test"] as const;

/** The metric names that apply to a plan's cells, in a fixed order. */
function metricNames(plan: Pick<Plan, "cells">): string[] {
  const regression = plan.cells.some((c) => c.config.loss === "mse" || c.config.loss === "mae");
  const classification = plan.cells.some((c) => c.config.loss !== "mse" && c.config.loss !== "mae");
  return METRIC_NAMES.filter((m) =>
    m === "loss" || (m === "accuracy" ? classification : regression)
  );
}

function maxDenseLayers(plan: Pick<Plan, "cells">): number {
  return Math.max(
    0,
    ...plan.cells.map((c) => c.config.model.layers.filter((l) => l.kind === "dense").length),
  );
}

function axisColumns(plan: Pick<Plan, "axes" | "cells">): string[] {
  const axes = Object.keys(plan.axes);
  for (const c of plan.cells) {
    for (const k of Object.keys(c.params)) if (!axes.includes(k)) axes.push(k);
  }
  return axes;
}

/** The finished units in plan order: by cell, then by seed. */
function* finished(
  plan: Pick<Plan, "cells" | "seeds">,
  units: ReadonlyMap<string, UnitResult>,
): Generator<{ cell: Cell; seed: number; unit: UnitResult }> {
  for (const cell of plan.cells) {
    for (const seed of plan.seeds) {
      const unit = units.get(unitKey(cell.id, seed));
      if (unit !== undefined) yield { cell, seed, unit };
    }
  }
}

/** The columns that say which cell a row of cells.csv or summary.csv is about. */
function cellHeader(axes: readonly string[]): string[] {
  return ["cell_id", "cell_index", "label", ...axes];
}

function cellColumns(cell: Cell, axes: readonly string[]): string[] {
  return [
    cell.id,
    String(cell.index),
    cell.label,
    ...axes.map((a) => (a in cell.params ? formatValue(cell.params[a]!) : "")),
  ];
}

function csv(header: string[], rows: string[][]): string {
  return stringify([header, ...rows], { record_delimiter: "unix" });
}

/**
 * The text of `cells.csv`: one row per finished (cell, seed), in plan order.
 *
 * @param plan The plan (cells, axes).
 * @param units Finished units.
 * @returns CSV text.
 */
export function cellsCsv(
  plan: Pick<Plan, "axes" | "cells" | "seeds">,
  units: ReadonlyMap<string, UnitResult>,
): string {
  const axes = axisColumns(plan), metrics = metricNames(plan);
  const header = [
    ...cellHeader(axes),
    "seed",
    "status",
    "epochs_run",
    "best_epoch",
    "final_epoch",
    ...PARTS.flatMap((p) => metrics.map((m) => `${p}_${m}`)),
    "seconds",
  ];
  const rows = [...finished(plan, units)].map(({ cell, seed, unit: u }) => [
    ...cellColumns(cell, axes),
    String(seed),
    u.status,
    String(u.epochsRun),
    String(u.bestEpoch),
    String(u.finalEpoch),
    ...PARTS.flatMap((p) => metrics.map((m) => num(u.final[p]?.[m as keyof Metrics]))),
    u.seconds.toFixed(3),
  ]);
  return csv(header, rows);
}

/**
 * The text of `epochs.csv`: one row per (cell, seed, epoch), in plan order.
 *
 * @param plan The plan.
 * @param units Finished units.
 * @returns CSV text.
 */
export function epochsCsv(
  plan: Pick<Plan, "cells" | "seeds">,
  units: ReadonlyMap<string, UnitResult>,
): string {
  const metrics = metricNames(plan), layers = maxDenseLayers(plan);
  const header = [
    "cell_id",
    "seed",
    "epoch",
    ...["train", "validation"].flatMap((p) => metrics.map((m) => `${p}_${m}`)),
    ...Array.from({ length: layers }, (_, i) => `max_abs_weight_${i + 1}`),
    "seconds",
  ];
  // A unit's rows never change once it is finished: each is formatted once, and a run that
  // rewrites this file after every unit only joins the pieces (not O(units²) formatting).
  const layout = `${metrics.join(",")}|${layers}`;
  let body = "";
  for (const { cell, seed, unit } of finished(plan, units)) {
    let memo = epochRows.get(unit);
    if (memo?.layout !== layout) {
      const rows = unit.history.map((e) => [
        cell.id,
        String(seed),
        String(e.epoch),
        ...metrics.map((m) => num(e.train[m as keyof Metrics])),
        ...metrics.map((m) => num(e.validation?.[m as keyof Metrics])),
        ...Array.from({ length: layers }, (_, i) => num(e.maxAbsWeight[i])),
        e.seconds.toFixed(3),
      ]);
      memo = { layout, text: stringify(rows, { record_delimiter: "unix" }) };
      epochRows.set(unit, memo);
    }
    body += memo.text;
  }
  return csv(header, []) + body;
}

/** Each finished unit's formatted epochs.csv rows, for the column layout they were made for. */
const epochRows = new WeakMap<UnitResult, { layout: string; text: string }>();

/** Each finished unit's decision boundary (first seed only) as JSON text. */
const boundaryJson = new WeakMap<UnitResult, string>();

/** Each finished unit's diagnostics as JSON text. */
const diagnosticsJson = new WeakMap<UnitResult, string>();

/**
 * The text of `summary.csv`: per cell, the number of seeds run and, for every final metric
 * and the epochs run, the mean, sample standard deviation and 95% interval over seeds
 * (stats.ts INTERVAL_METHOD: within the metric's range, integer ends for epoch counts).
 *
 * @param plan The plan.
 * @param units Finished units.
 * @returns CSV text.
 */
export function summaryCsv(
  plan: Pick<Plan, "axes" | "cells" | "seeds">,
  units: ReadonlyMap<string, UnitResult>,
): string {
  const axes = axisColumns(plan), metrics = metricNames(plan);
  const columns = [...PARTS.flatMap((p) => metrics.map((m) => `${p}_${m}`)), "epochs_run"];
  const header = [
    ...cellHeader(axes),
    "seeds",
    "diverged",
    ...columns.flatMap((c) => [`${c}_mean`, `${c}_std`, `${c}_ci95_low`, `${c}_ci95_high`]),
  ];
  const rows: string[][] = [];
  for (const cell of plan.cells) {
    const done = plan.seeds.map((s) => units.get(unitKey(cell.id, s))).filter((u) =>
      u !== undefined
    );
    if (done.length === 0) continue;
    const stats = columns.flatMap((c) => {
      const range = metricRange(c, { epochs: cell.config.epochs });
      const s = summarize(done.map((u) => finalValue(u, c)), { range });
      return [s.mean, s.std, s.ciLow, s.ciHigh].map((v) => (Number.isFinite(v) ? String(v) : ""));
    });
    rows.push([
      ...cellColumns(cell, axes),
      String(done.length),
      String(done.filter((u) => u.status === "diverged").length),
      ...stats,
    ]);
  }
  return csv(header, rows);
}

/**
 * Writes `{ key: value, … }` for the units that have a value, each value formatted once
 * per unit (kept in `memo`), so rewriting after every unit only joins the pieces. Writes
 * nothing when no unit has a value.
 */
async function writeUnitJson(
  path: string,
  memo: WeakMap<UnitResult, string>,
  rows: readonly { cell: Cell; seed: number; unit: UnitResult }[],
  keyOf: (row: { cell: Cell; seed: number }) => string,
  valueOf: (unit: UnitResult) => unknown,
): Promise<void> {
  const pieces: string[] = [];
  for (const row of rows) {
    const value = valueOf(row.unit);
    if (value === undefined) continue;
    let json = memo.get(row.unit);
    if (json === undefined) memo.set(row.unit, json = JSON.stringify(value));
    pieces.push(`${JSON.stringify(keyOf(row))}:${json}`);
  }
  if (pieces.length > 0) await writeTextAtomic(path, `{${pieces.join(",")}}\n`);
}

/**
 * Writes the manifest and the three CSVs of a run, each atomically.
 *
 * @param dir The run folder.
 * @param manifest The manifest.
 * @param plan The plan.
 * @param units Finished units.
 * @param options `summary`: also rewrite `summary.csv`. @default {true}
 */
export async function writeRun(
  dir: string,
  manifest: Manifest,
  plan: Pick<Plan, "axes" | "cells" | "seeds">,
  units: ReadonlyMap<string, UnitResult>,
  options: { readonly summary?: boolean } = {},
): Promise<void> {
  // epochs.csv before cells.csv: a unit counts as finished once it is in cells.csv, so a
  // crash between the two leaves extra epoch rows (ignored), never a unit without them.
  await writeTextAtomic(`${dir}/epochs.csv`, epochsCsv(plan, units));
  await writeTextAtomic(`${dir}/cells.csv`, cellsCsv(plan, units));
  if (options.summary ?? true) await writeTextAtomic(`${dir}/summary.csv`, summaryCsv(plan, units));
  const all = [...finished(plan, units)];
  // The first seed's boundary per cell; every unit's diagnostics.
  await writeUnitJson(
    `${dir}/boundaries.json`,
    boundaryJson,
    all,
    (x) => x.cell.id,
    (u) => u.boundary,
  );
  await writeUnitJson(
    `${dir}/diagnostics.json`,
    diagnosticsJson,
    all,
    (x) => unitKey(x.cell.id, x.seed),
    (u) => u.diagnostics,
  );
  await writeTextAtomic(`${dir}/manifest.json`, JSON.stringify(manifest, null, 2) + "\n");
}

/**
 * A plan as recorded in a manifest (all cells of the experiment, shard or not).
 *
 * @param manifest The manifest.
 * @returns The plan.
 */
export function planOf(manifest: Manifest): Plan {
  return {
    experiment: manifest.experiment,
    description: manifest.description,
    definitionHash: manifest.definitionHash,
    axes: manifest.axes,
    seeds: manifest.seeds,
    metrics: manifest.metrics,
    cells: manifest.cells.map(({ id, index, label, params, config }) => ({
      id,
      index,
      label,
      params,
      config,
    })),
  };
}

function parseCsv(text: string, file: string): Record<string, string>[] {
  try {
    return parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  } catch (e) {
    throw new SyntaxError(`Cannot parse ${file}: ${(e as Error).message}`);
  }
}

async function readText(path: string, what: string): Promise<string> {
  try {
    return await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      throw new Deno.errors.NotFound(`Cannot read ${what}: no file ${path}`);
    }
    throw e;
  }
}

/**
 * Reads a run folder back: its manifest and every finished unit — one in `cells.csv`
 * whose epochs are all in `epochs.csv`.
 *
 * @param dir The run folder.
 * @returns The run.
 */
export async function readRun(dir: string): Promise<RunData> {
  const manifestPath = `${dir}/manifest.json`;
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await readText(manifestPath, "the run's manifest")) as Manifest;
  } catch (e) {
    if (e instanceof SyntaxError) {
      throw new SyntaxError(`Cannot parse ${manifestPath}: ${e.message}`);
    }
    throw e;
  }
  if (manifest.format !== "mlp-run") {
    throw new TypeError(
      `Cannot read ${dir}: ${manifestPath} is not a run manifest (format ${
        JSON.stringify(manifest.format)
      })`,
    );
  }
  const plan = planOf(manifest);
  const metrics = metricNames(plan), layers = maxDenseLayers(plan);
  const cellRows = parseCsv(
    await readText(`${dir}/cells.csv`, "the run's cells"),
    `${dir}/cells.csv`,
  );
  const epochRows = parseCsv(
    await readText(`${dir}/epochs.csv`, "the run's epochs"),
    `${dir}/epochs.csv`,
  );
  const metricsOf = (row: Record<string, string>, part: string): Metrics | undefined => {
    const entries = metrics
      .map((m) => [m, readNum(row[`${part}_${m}`])] as const)
      .filter(([, v]) => v !== undefined);
    return entries.length ? Object.fromEntries(entries) as unknown as Metrics : undefined;
  };
  const histories = new Map<string, EpochRow[]>();
  for (const row of epochRows) {
    const key = unitKey(row.cell_id!, Number(row.seed));
    const validation = metricsOf(row, "validation");
    const entry: EpochRow = {
      epoch: Number(row.epoch),
      train: metricsOf(row, "train") ?? { loss: NaN },
      ...(validation ? { validation } : {}),
      maxAbsWeight: Array.from(
        { length: layers },
        (_, i) => readNum(row[`max_abs_weight_${i + 1}`]),
      )
        .filter((v): v is number => v !== undefined),
      seconds: Number(row.seconds),
    };
    (histories.get(key) ?? histories.set(key, []).get(key)!).push(entry);
  }
  const boundaries = JSON.parse(
    await Deno.readTextFile(`${dir}/boundaries.json`).catch(() => "{}"),
  ) as Record<string, Boundary>;
  const diagnostics = JSON.parse(
    await Deno.readTextFile(`${dir}/diagnostics.json`).catch(() => "{}"),
  ) as Record<string, Diagnostics>;
  const firstSeed = manifest.seeds[0];
  const units = new Map<string, UnitResult>();
  for (const row of cellRows) {
    const seed = Number(row.seed), key = unitKey(row.cell_id!, seed);
    const final: Record<string, Metrics> = {};
    for (const part of PARTS) {
      const m = metricsOf(row, part);
      if (m) final[part] = m;
    }
    const history = histories.get(key) ?? [];
    if (history.length !== Number(row.epochs_run)) continue; // not fully written: run it again
    units.set(key, {
      cellId: row.cell_id!,
      seed,
      status: row.status as UnitResult["status"],
      epochsRun: Number(row.epochs_run),
      bestEpoch: Number(row.best_epoch),
      // Runs written before final_epoch was recorded evaluated their last epoch.
      finalEpoch: Number(row.final_epoch ?? row.epochs_run),
      history,
      final,
      ...(seed === firstSeed && boundaries[row.cell_id!]
        ? { boundary: boundaries[row.cell_id!] }
        : {}),
      ...(diagnostics[key] ? { diagnostics: diagnostics[key] } : {}),
      seconds: Number(row.seconds),
    });
  }
  return { dir, manifest, units };
}

/**
 * Removes temporary files a killed run may have left.
 *
 * @param dir The run folder.
 */
export async function removeTempFiles(dir: string): Promise<void> {
  for await (const entry of Deno.readDir(dir)) {
    if (entry.name.startsWith(TEMP_PREFIX)) await Deno.remove(`${dir}/${entry.name}`);
  }
}

/**
 * The run folders of an experiment under a results folder (those with a manifest), oldest
 * first: by the start time in their manifests, then by run id.
 *
 * @param out The results folder.
 * @param experiment The experiment name.
 * @returns Absolute or relative paths of the run folders.
 */
export async function listRuns(out: string, experiment: string): Promise<string[]> {
  const dir = `${out}/${experiment}`;
  const runs: { name: string; started: string }[] = [];
  try {
    for await (const e of Deno.readDir(dir)) {
      if (!e.isDirectory || e.name.startsWith(".")) continue;
      // A folder without a manifest is not a run (e.g. a stray or a run killed at birth).
      const text = await Deno.readTextFile(`${dir}/${e.name}/manifest.json`).catch(() => null);
      if (text === null) continue;
      let started = "";
      try {
        const value = (JSON.parse(text) as { started?: unknown } | null)?.started;
        if (typeof value === "string") started = value;
      } catch { /* an unreadable manifest sorts first; reading the run says what is wrong */ }
      runs.push({ name: e.name, started });
    }
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return [];
    throw e;
  }
  // ISO times with milliseconds compare as text; the run id breaks ties.
  return runs.sort((a, b) =>
    a.started < b.started ? -1 : a.started > b.started ? 1 : a.name < b.name ? -1 : 1
  ).map((r) => `${dir}/${r.name}`);
}

/**
 * A run id that sorts by start time: `YYYYMMDD-HHMMSS.mmm-xxxxxx` (UTC, to the
 * millisecond; the suffix tells apart runs started in the same millisecond).
 *
 * @example
 * ```ts
 * import { makeRunId } from "./store.ts";
 * import assert from "node:assert/strict";
 *
 * const a = makeRunId(new Date("2026-11-23T14:25:01.123Z"), "x");
 * assert.match(a, /^20261123-142501\.123-[0-9a-f]{6}$/);
 * assert.ok(a < makeRunId(new Date("2026-11-23T14:25:01.124Z"), "a"));
 * ```
 *
 * @param started The start time.
 * @param salt Text mixed into the suffix (definition hash, shard, process id).
 * @returns The id.
 */
export function makeRunId(started: Date, salt: string): string {
  const iso = started.toISOString(); // 2026-11-23T14:25:01.123Z
  const stamp = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 13)}${
    iso.slice(14, 16)
  }${iso.slice(17, 19)}.${iso.slice(20, 23)}`;
  let h = 0x811c9dc5;
  for (const ch of `${iso}|${salt}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return `${stamp}-${h.toString(16).padStart(8, "0").slice(0, 6)}`;
}
