/**
 * The results store: `results/<experiment>/<run-id>/` with `manifest.json`, `cells.csv`,
 * `epochs.csv` and `summary.csv`, written atomically. Rows are always in the plan's order
 * (cell, then seed, then epoch) and numbers print as the shortest text that reads back to
 * the same value, so the metric columns are byte-identical whatever the number of
 * workers, the shard split or the order cells finished in.
 *
 * @module
 */

// @ts-types="../_csv_parse.d.ts"
import { parse } from "npm:csv-parse@7.0.3/sync";
// @ts-types="../_csv_stringify.d.ts"
import { stringify } from "npm:csv-stringify@6.9.0/sync";
import { isRegressionLoss } from "../nn/losses.ts";
import type { Metrics } from "../train/fit.ts";
import { describe, type Path, type Problem, ValidationError } from "../problems.ts";
import { writeTextAtomic } from "./atomic.ts";
import { JOURNAL, parseJournal } from "./journal.ts";
import type { Boundary } from "./boundary.ts";
import type { Diagnostics } from "./diagnostics.ts";
import type { EpochRow, UnitResult } from "./unit.ts";
import { METRIC_NAMES } from "./define.ts";
import type { Cell, Plan } from "./plan.ts";
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

const PARTS = ["train", "validation", "test"] as const;

/** The metric names that apply to a plan's cells, in a fixed order. */
function metricNames(plan: Pick<Plan, "cells">): string[] {
  const isRegression = (c: Cell) =>
    isRegressionLoss(c.config.loss) && c.config.targets !== "onehot";
  const regression = plan.cells.some(isRegression);
  const classification = plan.cells.some((c) => !isRegression(c));
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
    data: manifest.data ?? {},
    ...(manifest.search ? { search: manifest.search } : {}),
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

async function readJson(path: string, what: string): Promise<unknown> {
  const text = await readText(path, what);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new SyntaxError(`Cannot parse ${path}: ${(e as Error).message}`);
  }
}

const RUN_STATUSES = ["running", "completed", "interrupted", "failed"];
const UNIT_STATES = ["pending", "completed", "early_stopped", "diverged"];

/**
 * Everything wrong with a value read as a manifest, each with its field's path.
 *
 * @param m The parsed `manifest.json`.
 * @returns The problems.
 */
export function manifestProblems(m: unknown): Problem[] {
  const isObj = (v: unknown): v is Record<string, unknown> =>
    v !== null && typeof v === "object" && !Array.isArray(v);
  if (!isObj(m)) return [{ path: [], message: `expected a manifest object, got ${describe(m)}` }];
  if (m.format !== "mlp-run") {
    return [{ path: ["format"], message: `expected "mlp-run", got ${describe(m.format)}` }];
  }
  const problems: Problem[] = [];
  const need = (ok: boolean, where: string | Path, value: unknown, expected: string) => {
    const path = typeof where === "string" ? [where] : where;
    if (!ok) problems.push({ path, message: `expected ${expected}, got ${describe(value)}` });
  };
  const str = (v: unknown) => typeof v === "string";
  for (const f of ["experiment", "runId", "definitionHash", "started", "updated"]) {
    need(str(m[f]) && m[f] !== "", f, m[f], "a string");
  }
  need(m.version === 1, "version", m.version, "1");
  need(RUN_STATUSES.includes(m.status as string), "status", m.status, RUN_STATUSES.join(" | "));
  need(m.source === null || str(m.source), "source", m.source, "a path or null");
  need(isObj(m.overrides), "overrides", m.overrides, "an object");
  need(isObj(m.axes), "axes", m.axes, "an object");
  need(
    Array.isArray(m.seeds) && m.seeds.length > 0 && m.seeds.every((s) => Number.isInteger(s)),
    "seeds",
    m.seeds,
    "a list of integer seeds",
  );
  need(Array.isArray(m.metrics), "metrics", m.metrics, "a list of metric names");
  need(
    m.shard === null ||
      (isObj(m.shard) && Number.isInteger(m.shard.index) && Number.isInteger(m.shard.count)),
    "shard",
    m.shard,
    "null or { index, count }",
  );
  need(
    isObj(m.environment) && str(m.environment.kernels),
    "environment",
    m.environment,
    "an environment with kernels",
  );
  if (!Array.isArray(m.cells)) {
    need(false, "cells", m.cells, "a list of cells");
    return problems;
  }
  m.cells.forEach((c: unknown, i: number) => {
    const at: Path = ["cells", i];
    if (!isObj(c)) return need(false, at, c, "a cell");
    need(str(c.id) && c.id !== "", [...at, "id"], c.id, "a cell id");
    need(Number.isInteger(c.index), [...at, "index"], c.index, "an integer");
    need(str(c.label), [...at, "label"], c.label, "a string");
    need(isObj(c.params), [...at, "params"], c.params, "an object");
    need(
      isObj(c.config) && isObj(c.config.model),
      [...at, "config"],
      c.config,
      "a cell configuration",
    );
    need(typeof c.included === "boolean", [...at, "included"], c.included, "true or false");
    if (!isObj(c.units)) return need(false, [...at, "units"], c.units, "an object");
    for (const [seed, state] of Object.entries(c.units)) {
      need(
        UNIT_STATES.includes(state as string),
        [...at, "units", seed],
        state,
        UNIT_STATES.join(" | "),
      );
    }
  });
  return problems;
}

/**
 * A run's manifest, checked field by field (a {@link ValidationError} naming the file).
 *
 * @param dir The run folder.
 * @returns The manifest.
 */
export async function readManifest(dir: string): Promise<Manifest> {
  const manifestPath = `${dir}/manifest.json`;
  const value = await readJson(manifestPath, "the run's manifest");
  const problems = manifestProblems(value);
  if (problems.length > 0) throw new ValidationError(`run manifest ${manifestPath}`, problems);
  return value as Manifest;
}

/** A run folder read for writing: also where its journal's valid part ends. */
export interface RunForWriting {
  readonly run: RunData;
  readonly journalLength: number;
}

/**
 * Reads a run folder back: its manifest (checked field by field) and every finished unit —
 * from the journal (checked line by line), or for runs made before the journal existed,
 * from `cells.csv` and `epochs.csv` (checked cell by cell). Every error names the file,
 * and the line where there is one.
 *
 * @param dir The run folder.
 * @returns The run.
 */
export async function readRun(dir: string): Promise<RunData> {
  return (await readRunForWriting(dir)).run;
}

/**
 * {@link readRun}, also telling where the journal's valid part ends (a torn last line,
 * left by a kill mid-write, is not part of it).
 *
 * @param dir The run folder.
 * @returns The run and the journal's valid length in bytes.
 */
export async function readRunForWriting(dir: string): Promise<RunForWriting> {
  const manifest = await readManifest(dir);
  const plan = planOf(manifest);
  const cellIds = new Set(plan.cells.map((c) => c.id));
  const journalPath = `${dir}/${JOURNAL}`;
  const journal = await Deno.readTextFile(journalPath).catch((e) => {
    if (e instanceof Deno.errors.NotFound) return undefined;
    throw e;
  });
  if (journal !== undefined) {
    const read = parseJournal(
      journal,
      journalPath,
      (u) =>
        !cellIds.has(u.cellId)
          ? `cell ${u.cellId} is not in the manifest`
          : !plan.seeds.includes(u.seed)
          ? `seed ${u.seed} is not one of the run's seeds`
          : undefined,
    );
    const firstSeed = plan.seeds[0];
    const units = new Map<string, UnitResult>();
    for (const u of read.units) {
      // Only the first seed keeps its decision boundary (as an unjournalled run did).
      const { boundary, ...rest } = u;
      units.set(unitKey(u.cellId, u.seed), u.seed === firstSeed && boundary ? u : rest);
    }
    return { run: { dir, manifest, units }, journalLength: read.validLength };
  }
  return { run: { dir, manifest, units: await readUnitsFromCsv(dir, manifest) }, journalLength: 0 };
}

/** A number read from a CSV cell; "" is absent, anything else not a number is an error. */
function csvNumber(text: string | undefined, file: string, line: number, column: string) {
  if (text === undefined || text === "") return undefined;
  const v = Number(text);
  if (Number.isNaN(v) && text !== "NaN") {
    throw new TypeError(`${file}:${line}: column ${column}: expected a number, got "${text}"`);
  }
  return v;
}

/** Units from the CSVs of a run made before the journal existed. */
async function readUnitsFromCsv(dir: string, manifest: Manifest): Promise<Map<string, UnitResult>> {
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
        ? { boundary: boundaries[row.cell_id!] }
        : {}),
      ...(diagnostics[key] ? { diagnostics: diagnostics[key] } : {}),
      seconds: n("seconds") ?? 0,
    });
  });
  return units;
}

async function readOptionalJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return {};
    throw e;
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new SyntaxError(
      `Cannot parse ${path}: ${(e as Error).message} (it is rebuilt by resuming the run)`,
    );
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
