/**
 * One cell of a plan: its fields resolved from the definition for the cell's parameters (a
 * field may be a function of them), its data's shape looked up once per data spec, and
 * every problem with the result — scalar fields by their rules, the optimiser and schedule
 * by their registries, the loss, model and metrics against the data.
 *
 * @module
 */

import { datasetShape, type DatasetSpec, datasetSpecProblems } from "../../data/kinds/mod.ts";
import { isRegressionLoss, LOSS_KINDS, type LossEntry, LOSSES } from "../../nn/losses/mod.ts";
import { optimizerSpecProblems } from "../../nn/optimizers/mod.ts";
import { type NetworkSpec, networkSpecProblems, outputWidth } from "../../nn/spec.ts";
import { describe, type Problem } from "../../problems.ts";
import { flag, nonNegative, positiveInteger, type Rule } from "../../rules.ts";
import { scheduleSpecProblems } from "../../train/schedules/mod.ts";
import { canonicalJson } from "../canonical.ts";
import type { CellConfig, MetricName, Overrides, Params } from "../records.ts";
import type { AnyExperiment, DataShape } from "./define.ts";

/** Where planning reads a definition's data from, and how much of it. */
export interface PlanOptions {
  /** Folder that relative data paths resolve against. */
  readonly baseDir?: string;
  /** Overrides MNIST's folder. */
  readonly dataDir?: string;
  /** The experiment's file, named in errors thrown by its functions. */
  readonly source?: string;
  /**
   * `false` leaves the data's sources unread (no file digests, no package fetched): for
   * listing only — the plan's `data` is then empty and its `definitionHash` not the run's.
   * @default {true}
   */
  readonly sources?: boolean;
}

/** What resolving cells shares: the definition, the overrides, and the shapes found so far. */
export interface CellContext {
  readonly def: AnyExperiment;
  readonly overrides: Overrides;
  /** Overrides already reported as invalid (the definition's value is used instead). */
  readonly invalid: { readonly epochs: boolean; readonly batchSize: boolean };
  readonly options: PlanOptions;
  /** Each data spec's shape, by its canonical JSON. */
  readonly shapes: Map<string, Promise<DataShape>>;
}

function resolve<T>(value: T | ((p: Params) => T) | undefined, params: Params): T | undefined {
  return typeof value === "function" ? (value as (p: Params) => T)(params) : value;
}

/**
 * A cell's configuration and every problem with it.
 *
 * @param params The cell's parameters.
 * @param label Its label (named in the message when a function of the experiment throws).
 * @param ctx The definition, overrides and shapes.
 * @returns The configuration, its data's shape when known, and the problems.
 */
export async function resolveCell(
  params: Params,
  label: string,
  ctx: CellContext,
): Promise<{ config: CellConfig; shape: DataShape | undefined; problems: Problem[] }> {
  const { def, overrides, invalid, options } = ctx;
  const problems: Problem[] = [];
  // A function of the experiment that throws is named, with the cell and the file.
  const threw = (field: string, e: unknown) => {
    const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    problems.push({
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
  const { shape, layers } = await shapeAndModel(data, params, ctx, { problems, threw });
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
    epochs: (invalid.epochs ? undefined : overrides.epochs) ?? call("epochs", def.epochs)!,
    batchSize: (invalid.batchSize ? undefined : overrides.batchSize) ??
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
  problems.push(...configProblems(config, problems.length ? undefined : shape, metrics));
  if (
    def.primary !== undefined && def.metrics === undefined && shape !== undefined &&
    !metrics.includes(def.primary)
  ) {
    problems.push({
      path: ["primary"],
      message: `${def.primary} is not among the metrics ${shape.task} data reports by default (${
        metrics.join(", ")
      }); pick one of them`,
    });
  }
  return { config, shape, problems };
}

/** The data's shape (looked up once per data spec) and the model the definition builds for it. */
async function shapeAndModel(
  data: DatasetSpec | undefined,
  params: Params,
  ctx: CellContext,
  report: { problems: Problem[]; threw: (field: string, e: unknown) => void },
): Promise<{ shape: DataShape | undefined; layers: unknown }> {
  const { problems } = report;
  if (data === undefined) return { shape: undefined, layers: undefined };
  const dataProblems = datasetSpecProblems(data, ["data"]);
  if (dataProblems.length > 0) {
    problems.push(...dataProblems);
    return { shape: undefined, layers: undefined };
  }
  let shape: DataShape | undefined, layers: unknown;
  const key = canonicalJson(data);
  try {
    if (!ctx.shapes.has(key)) ctx.shapes.set(key, datasetShape(data, ctx.options));
    shape = await ctx.shapes.get(key)!;
  } catch (e) {
    problems.push({ path: ["data"], message: (e as Error).message });
  }
  if (shape !== undefined) {
    try {
      layers = typeof ctx.def.model === "function" ? ctx.def.model(params, shape) : ctx.def.model;
    } catch (e) {
      report.threw("model", e);
    }
  }
  return { shape, layers };
}

/**
 * The metrics a definition without `metrics` reports.
 *
 * @param shape The data's shape.
 * @returns Accuracy and loss for classification; MSE, R² and loss for regression.
 */
export function defaultMetrics(shape: DataShape | undefined): MetricName[] {
  return shape?.task === "regression" ? ["mse", "r2", "loss"] : ["accuracy", "loss"];
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
  // A CSV's target is read as class labels unless its spec says otherwise: say how.
  const hint = (config.data as { kind?: string }).kind === "csv" && shape.task !== "regression"
    ? ' (a CSV target is read as class labels; for numbers to predict, add task: "regression" to the data spec)'
    : "";
  if (regression !== (shape.task === "regression")) {
    problems.push({
      path: ["loss"],
      message: `${config.loss} does not fit ${shape.task} data${hint}`,
    });
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
      problems.push({
        path: ["metrics"],
        message: `${m} does not apply to ${shape.task} data${hint}`,
      });
    }
  }
  return problems;
}
