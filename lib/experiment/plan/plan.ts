/**
 * From a definition to a plan: the grid's cells (cartesian product of the axes, then the
 * extra cases), each resolved to a JSON-only configuration, validated, and given a stable
 * id (the hash of its canonical JSON) and a readable label.
 *
 * @module
 */

import {
  dataFingerprint,
  datasetShape,
  type DatasetSpec,
  datasetSpecProblems,
} from "../../data/kinds/mod.ts";
import { isRegressionLoss, LOSS_KINDS, type LossEntry, LOSSES } from "../../nn/losses/mod.ts";
import { optimizerSpecProblems } from "../../nn/optimizers/mod.ts";
import { type NetworkSpec, networkSpecProblems, outputWidth } from "../../nn/spec.ts";
import { scheduleSpecProblems } from "../../train/schedules/mod.ts";
import { flag, nonNegative, positiveInteger, type Rule } from "../../rules.ts";
import { describe, formatPath, type Path, type Problem, ValidationError } from "../../problems.ts";
import { canonicalJson, stableHash } from "../canonical.ts";
import { labelOf } from "../json.ts";
import { rungCell } from "./halving.ts";
import type {
  AxisSpec,
  Cell,
  CellConfig,
  Json,
  MetricName,
  Overrides,
  Params,
  Plan,
  SearchSpec,
} from "../records.ts";
import { drawTrials } from "./search.ts";
import {
  type AnyExperiment,
  type DataShape,
  definitionProblems,
  seedList,
  seedProblems,
  throwIfProblems,
} from "./define.ts";

/** The most cells a run may have; a larger grid is refused before it is expanded. */
export const MAX_CELLS = 100_000;
/** The most (cell, seed) units a run may have. */
export const MAX_UNITS = 1_000_000;

function resolve<T>(value: T | ((p: Params) => T) | undefined, params: Params): T | undefined {
  return typeof value === "function" ? (value as (p: Params) => T)(params) : value;
}

function product(axes: [string, readonly Json[]][]): Params[] {
  let out: Params[] = [{}];
  for (const [axis, values] of axes) {
    out = out.flatMap((p) => values.map((v) => ({ ...p, [axis]: v })));
  }
  return out;
}

/** A fraction of the data set held out: in [0, 1). */
const heldOut: Rule = (v) =>
  typeof v === "number" && v >= 0 && v < 1 ? undefined : "a fraction in [0, 1)";

/** The rule of each scalar field of a cell's configuration, with the field's path. */
const CONFIG_RULES: readonly (readonly [string, (c: CellConfig) => unknown, Rule])[] = [
  ["split.validation", (c) => c.split.validation, heldOut],
  ["split.test", (c) => c.split.test, heldOut],
  ["split", (c) => c.split, () => undefined], // checked below, from both fractions
  ["standardize", (c) => c.standardize, flag],
  ["epochs", (c) => c.epochs, positiveInteger],
  ["batchSize", (c) => c.batchSize, positiveInteger],
  ["patience", (c) => c.patience, (v) => (v === null ? undefined : positiveInteger(v))],
  ["restoreBest", (c) => c.restoreBest, (v) => (v === undefined ? undefined : flag(v))],
  ["l2", (c) => c.l2, nonNegative],
];

function configProblems(
  config: CellConfig,
  shape: DataShape | undefined,
  metrics: readonly MetricName[],
): Problem[] {
  const problems: Problem[] = [];
  for (const [field, read, rule] of CONFIG_RULES) {
    const value = read(config);
    const expected = field === "split"
      ? (config.split.validation + config.split.test < 1 ? undefined : "validation + test < 1")
      : rule(value);
    if (expected !== undefined) {
      problems.push({ path: [field], message: `expected ${expected}, got ${describe(value)}` });
    }
  }
  problems.push(...optimizerSpecProblems(config.optimizer, ["optimizer"]));
  if (config.schedule !== undefined) {
    problems.push(...scheduleSpecProblems(config.schedule, ["schedule"]));
  }
  return [...problems, ...fitProblems(config, shape, metrics)];
}

/** Whether the loss, the model's output and the metrics fit the data's task and shape. */
function fitProblems(
  config: CellConfig,
  shape: DataShape | undefined,
  metrics: readonly MetricName[],
): Problem[] {
  const problems: Problem[] = [];
  if (!(LOSS_KINDS as readonly unknown[]).includes(config.loss)) {
    problems.push({
      path: ["loss"],
      message: `unknown loss ${describe(config.loss)}; expected one of ${LOSS_KINDS.join(", ")}`,
    });
    return problems;
  }
  if (shape === undefined) return problems;
  const modelProblems = networkSpecProblems(config.model, ["model"]);
  problems.push(...modelProblems);
  // A regression loss on class labels trains on one-hot targets (LeCun 1998's MSE rows).
  const oneHot = config.targets === "onehot";
  const regression = isRegressionLoss(config.loss) && !oneHot;
  if (regression !== (shape.task === "regression")) {
    problems.push({ path: ["loss"], message: `${config.loss} does not fit ${shape.task} data` });
    return problems;
  }
  if (modelProblems.length === 0) {
    const width = outputWidth(config.model);
    const binary = (LOSSES[config.loss] as LossEntry).outputs === "binary";
    const want = binary ? 1 : shape.outputs;
    if (binary && shape.outputs !== 2) {
      problems.push({
        path: ["loss"],
        message: `${config.loss} needs two classes, the data has ${shape.outputs}`,
      });
    } else if (width !== want) {
      problems.push({
        path: ["model"],
        message:
          `the last dense layer has ${width} units; ${config.loss} on this data needs ${want}`,
      });
    }
  }
  for (const m of metrics) {
    if ((m === "accuracy") === regression && m !== "loss") {
      problems.push({ path: ["metrics"], message: `${m} does not apply to ${shape.task} data` });
    }
  }
  return problems;
}

// A problem found in a resolved cell is reported at the grid value that caused it when
// one can tell: a whole field that is an axis value (data, model …), or a leaf whose name
// is an axis and whose value is that axis's value (optimizer.lr from axis lr).
function attribute(
  problem: Problem,
  cell: { params: Params; label: string; caseIndex: number | null; trial: number | null },
  config: CellConfig,
  axes: { readonly [axis: string]: AxisSpec },
): Problem {
  const [field, ...rest] = problem.path;
  const leaf = problem.path.at(-1);
  const fieldValue = typeof field === "string"
    ? (config as unknown as Record<string, unknown>)[field]
    : undefined;
  const where = (axis: string): Path => {
    if (cell.caseIndex !== null) return ["cases", cell.caseIndex, axis];
    if (cell.trial !== null) return ["trials", cell.trial, axis];
    const values = axes[axis] as readonly Json[];
    const index = values.findIndex((v) => canonicalJson(v) === canonicalJson(cell.params[axis]!));
    return ["grid", axis, index];
  };
  for (const axis of Object.keys(cell.params)) {
    if (
      canonicalJson(cell.params[axis]) === canonicalJson(fieldValue) &&
      typeof fieldValue === "object"
    ) {
      return { ...problem, path: [...where(axis), ...rest] };
    }
  }
  if (typeof leaf === "string" && leaf in cell.params) {
    let value: unknown = config;
    for (const key of problem.path) {
      value = (value as Record<string | number, unknown> | undefined)?.[key as string | number];
    }
    if (canonicalJson(value) === canonicalJson(cell.params[leaf])) {
      return { ...problem, path: where(leaf) };
    }
  }
  return { ...problem, path: ["cells", { key: cell.label }, ...problem.path] };
}

/** Whether a problem was placed on a cell (not traced to a grid value). */
function inCell(problem: Problem): boolean {
  return problem.path[0] === "cells" && typeof problem.path[1] === "object";
}

/**
 * Expands and validates an experiment: every problem in the definition, the overrides and
 * every resolved cell is reported at once (a {@link ValidationError}), before anything runs.
 *
 * @example
 * ```ts
 * import { planExperiment } from "../../../mod.ts";
 * import { defineExperiment } from "../../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const exp = defineExperiment({
 *   name: "demo", description: "",
 *   grid: { lr: [0.1, 0.5, -0.1] },
 *   data: { kind: "xor" },
 *   model: (_p, s) => [{ kind: "dense", units: s.outputs }],
 *   optimizer: (p) => ({ kind: "sgd", lr: p.lr }),
 *   epochs: 3, batchSize: 4,
 * });
 * await assert.rejects(planExperiment(exp), /expected a positive number, got -0\.1 → at grid\.lr\[2\]/);
 * const plan = await planExperiment(exp, { set: { lr: [0.1, 0.5] } });
 * assert.deepEqual(plan.cells.map((c) => c.label), ["lr=0.1", "lr=0.5"]);
 * ```
 *
 * @param def The experiment.
 * @param overrides Axis values, epochs or seeds from the command line.
 * @param options `baseDir` for relative data paths; `dataDir` for MNIST; `source`, the
 *   experiment's file, named in errors thrown by its functions.
 * @returns The plan.
 */
export async function planExperiment(
  def: AnyExperiment,
  overrides: Overrides = {},
  options: { readonly baseDir?: string; readonly dataDir?: string; readonly source?: string } = {},
): Promise<Plan> {
  if (overrides.quick) {
    if (def.quick === undefined) {
      throw new ValidationError("experiment", [{
        path: ["--quick"],
        message: `${def.name} has no quick mode (a quick: { … } field in its definition)`,
      }]);
    }
    def = { ...def, ...def.quick } as AnyExperiment;
  }
  // Problems of the definition itself are reported with those of its cells, unless the
  // grid cannot be expanded at all (its shape or the model function is wrong).
  const problems: Problem[] = definitionProblems(def);
  const blocked = (p: Problem) => {
    const [first, second] = p.path;
    if (
      p.path.length === 0 ||
      (p.path.length === 1 && /^(model|grid|cases|seeds)$/.test(String(first)))
    ) {
      return true;
    }
    // The shape of an axis or a case (not one of its values) keeps the grid from expanding.
    const whole = p.path.length === 2 &&
      ((first === "grid" && typeof second === "string") ||
        (first === "cases" && typeof second === "number"));
    return whole && !/JSON value|column of the run/.test(p.message);
  };
  if (problems.some(blocked)) throwIfProblems(problems);
  // Fields already reported as a whole are not reported again for every cell.
  const reported = new Set(problems.map((p) => p.path[0]));
  const grid: Record<string, AxisSpec> = { ...(def.grid ?? {}) };
  const declaredSearch: SearchSpec = def.search ?? { kind: "grid" };
  let search: SearchSpec = declaredSearch.kind === "grid" ? declaredSearch : {
    ...declaredSearch,
    ...(overrides.trials !== undefined ? { trials: overrides.trials } : {}),
    ...(overrides.searchSeed !== undefined ? { seed: overrides.searchSeed } : {}),
  };
  if (search.kind === "halving") {
    const max = overrides.epochs ?? def.epochs;
    if (typeof max !== "number") {
      problems.push({
        path: ["epochs"],
        message: "a halving search needs a number of epochs (its last rung), not a function",
      });
    } else {
      search = { ...search, maxEpochs: max };
    }
  }
  if (overrides.trials !== undefined && declaredSearch.kind === "grid") {
    problems.push({ path: ["--trials"], message: "this experiment is a grid: it has no trials" });
  }
  if (overrides.searchSeed !== undefined && declaredSearch.kind === "grid") {
    problems.push({
      path: ["--search-seed"],
      message: "this experiment is a grid: it draws nothing",
    });
  }
  const notes: string[] = [];
  for (const [axis, values] of Object.entries(overrides.set ?? {})) {
    const spec: AxisSpec = (def.grid ?? {})[axis] ?? [];
    const declared: readonly Json[] = Array.isArray(spec) ? spec : [];
    // A categorical axis (text values) is usually matched by name in the file's functions: a
    // new name most likely falls through to some default branch under its new label.
    if (declared.length > 0 && declared.every((v) => typeof v === "string")) {
      const unknown = values.filter((v) => !declared.includes(v as string));
      if (unknown.length > 0) {
        notes.push(
          `--set ${axis}: ${unknown.map((v) => JSON.stringify(v)).join(", ")} ${
            unknown.length === 1 ? "is" : "are"
          } not among the values ${options.source ?? "the experiment"} declares for ${axis} (${
            declared.join(", ")
          }); check that its functions handle ${unknown.length === 1 ? "it" : "them"}`,
        );
      }
    }
    if (!(axis in grid)) {
      problems.push({
        path: [`--set ${axis}`],
        message: `unknown axis; the axes are ${Object.keys(grid).join(", ") || "(none)"}`,
      });
    } else if (values.length === 0) {
      problems.push({ path: [`--set ${axis}`], message: "expected at least one value" });
    } else {
      grid[axis] = values;
    }
  }
  const badEpochs = overrides.epochs !== undefined &&
    positiveInteger(overrides.epochs) !== undefined;
  if (badEpochs) {
    problems.push({
      path: ["--epochs"],
      message: `expected a positive integer, got ${describe(overrides.epochs)}`,
    });
  }
  const badBatchSize = overrides.batchSize !== undefined &&
    positiveInteger(overrides.batchSize) !== undefined;
  if (badBatchSize) {
    problems.push({
      path: ["--batch-size"],
      message: `expected a positive integer, got ${describe(overrides.batchSize)}`,
    });
  }
  problems.push(...seedProblems(overrides.seeds, ["--seeds"]));
  const size =
    (search.kind === "grid"
      ? Object.values(grid).reduce((n: number, values) => n * (values as Json[]).length, 1)
      : search.trials) + (def.cases?.length ?? 0);
  const seedCount = problems.some((p) => p.path[0] === "--seeds")
    ? 1
    : seedList(overrides.seeds ?? def.seeds).length;
  if (size > MAX_CELLS || size * seedCount > MAX_UNITS) {
    const shape = search.kind === "grid"
      ? Object.entries(grid).map(([a, v]) => `${a}×${(v as Json[]).length}`).join(" ")
      : `${search.kind} search, ${search.trials} trials`;
    problems.push({
      path: ["grid"],
      message: `${
        size.toLocaleString("en")
      } cells × ${seedCount} seeds (${shape}) is too large: at most ${
        MAX_CELLS.toLocaleString("en")
      } cells and ${
        MAX_UNITS.toLocaleString("en")
      } units per run; split the grid over several experiments or --set fewer values`,
    });
    throwIfProblems(problems); // expanding it would take the machine's memory
  }
  // The cells are still expanded and checked, so their problems are reported with these.

  const drawn: Params[] = search.kind === "grid"
    ? product(Object.entries(grid) as [string, readonly Json[]][])
    : drawTrials(grid, search);
  const entries: { params: Params; caseIndex: number | null; trial: number | null }[] = [
    ...drawn.map((params, t) => ({
      params,
      caseIndex: null,
      trial: search.kind === "grid" ? null : t,
    })),
    ...((def.cases ?? []) as readonly Params[]).map((params, i) => ({
      params,
      caseIndex: i,
      trial: null,
    })),
  ];
  const shapes = new Map<string, Promise<DataShape>>();
  const cells: Cell[] = [];
  const seen = new Set<string>();
  // Problems not traced to an axis value: said once, without a cell, when every cell has them.
  const unattributed = new Map<string, Problem[]>();
  for (const entry of entries) {
    const { params } = entry;
    const label = labelOf(params);
    const cellProblems: Problem[] = [];
    let shape: DataShape | undefined, layers: unknown;
    // A function of the experiment that throws is named, with the cell and the file.
    const threw = (field: string, e: unknown) => {
      const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      cellProblems.push({
        path: [field],
        message: `the ${field} function threw ${message} (cell ${label}${
          options.source ? `, in ${options.source}` : ""
        })`,
      });
    };
    const call = <T>(field: string, value: T | ((p: Params) => T) | undefined): T | undefined => {
      try {
        return resolve(value, params);
      } catch (e) {
        threw(field, e);
        return undefined;
      }
    };
    const data: DatasetSpec | undefined = call("data", def.data);
    if (data !== undefined) {
      const dataProblems = datasetSpecProblems(data, ["data"]);
      if (dataProblems.length === 0) {
        const key = canonicalJson(data);
        try {
          if (!shapes.has(key)) shapes.set(key, datasetShape(data!, options));
          shape = await shapes.get(key)!;
        } catch (e) {
          cellProblems.push({ path: ["data"], message: (e as Error).message });
        }
        if (shape !== undefined) {
          try {
            layers = typeof def.model === "function" ? def.model(params, shape) : def.model;
          } catch (e) {
            threw("model", e);
          }
        }
      } else {
        cellProblems.push(...dataProblems);
      }
    }
    const split = call("split", def.split) ?? {};
    const patience = call("patience", def.patience) ?? null;
    let config: CellConfig = {
      data: data!,
      split: {
        validation: split.validation ?? 0.2,
        test: split.test ?? 0.2,
        stratify: split.stratify ?? true,
      },
      standardize: call("standardize", def.standardize) ?? false,
      model: { inputs: shape?.inputs ?? 0, layers: (layers ?? []) as NetworkSpec["layers"] },
      loss: call("loss", def.loss) ??
        (shape?.task === "regression" ? "mse" : "softmax_cross_entropy"),
      optimizer: call("optimizer", def.optimizer)!,
      epochs: (badEpochs ? undefined : overrides.epochs) ?? call("epochs", def.epochs)!,
      batchSize: (badBatchSize ? undefined : overrides.batchSize) ??
        call("batchSize", def.batchSize)!,
      patience,
      // Only with patience, so cells without early stopping keep their ids.
      ...(patience === null ? {} : { restoreBest: call("restoreBest", def.restoreBest) ?? true }),
      l2: call("l2", def.l2) ?? 0,
    };
    const schedule = call("schedule", def.schedule);
    if (schedule !== undefined) config = { ...config, schedule };
    if (
      shape !== undefined && shape.task !== "regression" &&
      (LOSSES[config.loss] as LossEntry | undefined)?.oneHot === true
    ) {
      config = { ...config, targets: "onehot" };
    }
    const metrics = def.metrics ?? defaultMetrics(shape);
    cellProblems.push(...configProblems(config, cellProblems.length ? undefined : shape, metrics));
    for (const p of cellProblems) {
      if (reported.has(p.path[0])) continue;
      const at = attribute(p, { ...entry, label }, config, grid);
      if (inCell(at)) {
        const key = `${JSON.stringify(p.path)}\u0000${p.message}`;
        (unattributed.get(key) ?? unattributed.set(key, []).get(key)!).push(at);
      } else if (
        !problems.some((q) =>
          formatPath(q.path) === formatPath(at.path) && q.message === at.message
        )
      ) {
        problems.push(at);
      }
    }
    // A halving search's first rung: every trial for minEpochs epochs (the runner adds the
    // later rungs the same way).
    const cell = search.kind === "halving" && entry.trial !== null
      ? rungCell(params, config, Math.min(search.minEpochs, config.epochs))
      : { id: stableHash({ params, config }), label, params, config };
    if (seen.has(cell.id)) continue; // a case that repeats a grid cell
    seen.add(cell.id);
    cells.push({ ...cell, index: cells.length });
  }
  for (const [key, found] of unattributed) {
    const [path, message] = key.split("\u0000") as [string, string];
    const where = found.length === entries.length
      ? ""
      : ` (in ${found.length} of ${entries.length} cells, first ${
        (found[0]!.path[1] as { key: string }).key
      })`;
    problems.push({ path: JSON.parse(path) as Path, message: `${message}${where}` });
  }
  throwIfProblems(problems);
  const seeds = seedList(overrides.seeds ?? def.seeds);
  const firstShape = cells.length
    ? await shapes.get(canonicalJson(cells[0]!.config.data))
    : undefined;
  // Every file the data sets read, by content: editing one changes the definition.
  const data: Record<string, string> = {};
  for (
    const spec of new Map(cells.map((c) => [canonicalJson(c.config.data), c.config.data])).values()
  ) {
    Object.assign(data, await dataFingerprint(spec, options));
  }
  const sorted = Object.fromEntries(Object.entries(data).sort(([a], [b]) => (a < b ? -1 : 1)));
  return {
    experiment: def.name,
    description: def.description,
    definitionHash: stableHash({
      experiment: def.name,
      seeds,
      cells: cells.map((c) => c.id),
      // Absent for generated data, so those definitions keep their earlier hashes.
      ...(Object.keys(sorted).length ? { data: sorted } : {}),
    }),
    data: sorted,
    ...(notes.length ? { notes } : {}),
    // A search records the values its trials drew, so every reader sees lists of values.
    axes: search.kind === "grid" ? grid as Record<string, readonly Json[]> : drawnAxes(grid, drawn),
    ...(search.kind === "grid" ? {} : { search }),
    seeds,
    metrics: def.metrics ?? defaultMetrics(firstShape),
    cells,
  };
}

/** Each axis's values as the trials drew them, sorted (numbers by value), without repeats. */
function drawnAxes(
  grid: Record<string, AxisSpec>,
  trials: readonly Params[],
): Record<string, readonly Json[]> {
  return Object.fromEntries(
    Object.keys(grid).map((axis) => {
      const values = [...new Map(trials.map((t) => [canonicalJson(t[axis]!), t[axis]!])).values()];
      values.sort((a, b) =>
        typeof a === "number" && typeof b === "number"
          ? a - b
          : canonicalJson(a) < canonicalJson(b)
          ? -1
          : 1
      );
      return [axis, values];
    }),
  );
}

function defaultMetrics(shape: DataShape | undefined): MetricName[] {
  return shape?.task === "regression" ? ["mse", "r2", "loss"] : ["accuracy", "loss"];
}

/**
 * The cells of shard `index` of `count` (1-based). Cells are dealt out by the rank of their
 * id among all the plan's ids: every shard computes the same split from the ids alone, and
 * the shards differ in size by at most one cell.
 *
 * @example
 * ```ts
 * import { shardCells } from "../../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const cells = ["c3", "a1", "b2", "d4", "e5"].map((id) => ({ id }));
 * assert.deepEqual(shardCells(cells, 1, 2).map((c) => c.id), ["c3", "a1", "e5"]);
 * assert.deepEqual(shardCells(cells, 2, 2).map((c) => c.id), ["b2", "d4"]);
 * ```
 *
 * @param cells All cells of the plan.
 * @param index Shard number, 1 … count.
 * @param count Number of shards.
 * @returns The shard's cells, in plan order.
 */
export function shardCells<T extends { readonly id: string }>(
  cells: readonly T[],
  index: number,
  count: number,
): T[] {
  const rank = new Map([...cells.map((c) => c.id)].sort().map((id, r) => [id, r]));
  return cells.filter((c) => rank.get(c.id)! % count === index - 1);
}
