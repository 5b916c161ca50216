/**
 * The checks of a definition that do not depend on its cells: every field's form, the
 * grid's axes and values, the cases, seeds, search and metrics — every problem at once,
 * each with its path.
 *
 * @module
 */

import { describe, type Path, type Problem, ValidationError } from "../../problems.ts";
import { METRIC_NAMES } from "../records.ts";
import { canonicalJson } from "../json.ts";
import { didYouMean } from "../../suggest.ts";
import { distributionProblems, isDistribution, searchProblems } from "./search.ts";
import type { ExperimentDefinition } from "./define.ts";

const NAME = /^[a-z0-9][a-z0-9_-]*$/;

/** Every field of a definition (the compiler checks this matches {@link ExperimentDefinition}). */
const DEFINITION_FIELDS: { readonly [K in keyof ExperimentDefinition]-?: true } = {
  name: true,
  description: true,
  grid: true,
  cases: true,
  seeds: true,
  data: true,
  split: true,
  standardize: true,
  model: true,
  loss: true,
  optimizer: true,
  epochs: true,
  batchSize: true,
  patience: true,
  restoreBest: true,
  l2: true,
  schedule: true,
  metrics: true,
  primary: true,
  quick: true,
  search: true,
};

/**
 * Problems with the parts of a definition that do not depend on the cells.
 *
 * @param def The value to check.
 * @returns The problems.
 */
export function definitionProblems(def: unknown): Problem[] {
  if (typeof def !== "object" || def === null) {
    return [{
      path: [],
      message: `expected an experiment object (defineExperiment({...})), got ${describe(def)}`,
    }];
  }
  const d = def as Record<string, unknown>;
  return [
    ...fieldProblems(d),
    ...gridProblems(d),
    ...caseProblems(d),
    ...seedProblems(d.seeds, ["seeds"]),
    ...searchProblems(d.search),
    ...metricProblems(d),
  ];
}

/** The name, description and model's form; required and unknown fields. */
function fieldProblems(d: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  const need = (ok: boolean, field: string, expected: string) => {
    if (!ok) {
      problems.push({ path: [field], message: `expected ${expected}, got ${describe(d[field])}` });
    }
  };
  need(
    typeof d.name === "string" && NAME.test(d.name),
    "name",
    "a name of lower-case letters, digits, - and _",
  );
  need(typeof d.description === "string", "description", "a string");
  need(
    typeof d.model === "function" || Array.isArray(d.model),
    "model",
    "a list of layers or a function (params, shape) => layers",
  );
  for (const key of ["data", "optimizer", "epochs", "batchSize"]) {
    if (d[key] === undefined) problems.push({ path: [key], message: "required" });
  }
  // A field given as a value (not a function of the cell's parameters) must be JSON data:
  // a circular or unreadable one would otherwise fail deep inside planning, unnamed.
  for (const key of ["data", "optimizer", "schedule", "split"]) {
    const v = d[key];
    if (v === undefined || typeof v === "function") continue;
    const why = notJson(v);
    if (why !== undefined) {
      problems.push({ path: [key], message: `expected a JSON value, got ${why}` });
    }
  }
  const known = new Set(Object.keys(DEFINITION_FIELDS));
  for (const key of Object.keys(d)) {
    if (!known.has(key)) {
      problems.push({ path: [key], message: `unknown field${didYouMean(key, [...known])}` });
    }
  }
  return problems;
}

/** The grid: named axes, each a non-empty list of JSON values or (in a search) a distribution. */
function gridProblems(d: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  if (d.grid === undefined) return problems;
  if (typeof d.grid !== "object" || d.grid === null || Array.isArray(d.grid)) {
    return [{
      path: ["grid"],
      message: `expected an object of named axes, got ${describe(d.grid)}`,
    }];
  }
  for (const [axis, values] of Object.entries(d.grid)) {
    if (isReservedAxis(axis)) {
      problems.push({
        path: ["grid", axis],
        message:
          `"${axis}" is a column of the run's files; name the axis differently (e.g. "${axis}_")`,
      });
    }
    problems.push(...axisProblems(axis, values, d.search));
  }
  return problems;
}

function axisProblems(axis: string, values: unknown, search: unknown): Problem[] {
  if (isDistribution(values)) {
    const problems = distributionProblems(values as Record<string, unknown>, ["grid", axis]);
    const kind = (search as { kind?: unknown } | undefined)?.kind ?? "grid";
    if (kind === "grid") {
      problems.push({
        path: ["grid", axis],
        message:
          'a distribution needs search: { kind: "random" | "sobol", trials: n }; a grid takes a list of values',
      });
    }
    return problems;
  }
  if (!Array.isArray(values) || values.length === 0) {
    return [{
      path: ["grid", axis],
      message: `expected a non-empty array of values, got ${describe(values)}`,
    }];
  }
  const first = new Map<string, number>();
  return values.flatMap((v, i): Problem[] => {
    const why = notJson(v);
    if (why !== undefined) {
      return [{ path: ["grid", axis, i], message: `expected a JSON value, got ${why}` }];
    }
    // The same value twice would be the same cells twice: say so rather than drop one.
    const key = canonicalJson(v);
    const at = first.get(key);
    if (at === undefined) return first.set(key, i), [];
    return [{ path: ["grid", axis, i], message: `${key} is listed twice (also at [${at}])` }];
  });
}

/** The extra cases: objects with exactly the grid's axes, JSON values. */
function caseProblems(d: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  if (d.cases !== undefined) {
    if (!Array.isArray(d.cases)) {
      problems.push({
        path: ["cases"],
        message: `expected an array of parameter objects, got ${describe(d.cases)}`,
      });
    } else {
      const axes = Object.keys((d.grid as object | undefined) ?? {}).sort().join(",");
      d.cases.forEach((c, i) => {
        if (typeof c !== "object" || c === null) {
          problems.push({ path: ["cases", i], message: `expected an object, got ${describe(c)}` });
        } else if (Object.keys(c).sort().join(",") !== axes) {
          problems.push({
            path: ["cases", i],
            message: `expected exactly the grid's axes (${axes || "none"})`,
          });
        } else {
          for (const [axis, v] of Object.entries(c)) {
            const why = notJson(v);
            if (why !== undefined) {
              problems.push({
                path: ["cases", i, axis],
                message: `expected a JSON value, got ${why}`,
              });
            }
          }
        }
      });
    }
  }
  return problems;
}

/** The metrics: a non-empty list of known names; the primary one among them. */
function metricProblems(d: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  if (d.metrics !== undefined) {
    if (!Array.isArray(d.metrics) || d.metrics.length === 0) {
      problems.push({
        path: ["metrics"],
        message: `expected a non-empty array, got ${describe(d.metrics)}`,
      });
    } else {
      d.metrics.forEach((m, i) => {
        if (!(METRIC_NAMES as readonly unknown[]).includes(m)) {
          problems.push({
            path: ["metrics", i],
            message: `unknown metric ${describe(m)}; expected one of ${METRIC_NAMES.join(", ")}`,
          });
        }
      });
    }
  }
  if (d.primary !== undefined) {
    const declared = Array.isArray(d.metrics) ? d.metrics as unknown[] : undefined;
    if (!(METRIC_NAMES as readonly unknown[]).includes(d.primary)) {
      problems.push({
        path: ["primary"],
        message: `unknown metric ${describe(d.primary)}; expected one of ${
          (declared ?? METRIC_NAMES).join(", ")
        }`,
      });
    } else if (declared !== undefined && !declared.includes(d.primary)) {
      problems.push({
        path: ["primary"],
        message: `expected one of the metrics (${declared.join(", ")}), got ${
          describe(d.primary)
        }; add it to metrics or pick one of them`,
      });
    }
  }
  return problems;
}

/** Columns of cells.csv, summary.csv and epochs.csv that a grid axis would collide with. */
const RESERVED_AXES = new Set([
  "cell_id",
  "cell_index",
  "label",
  "seed",
  "seeds",
  "status",
  "epoch",
  "epochs_run",
  "best_epoch",
  "final_epoch",
  "diverged",
  "seconds",
]);

/**
 * Whether an axis name is taken by a column of the run's files (`cell_id`, `seed`,
 * `train_loss`, `max_abs_weight_1` …).
 *
 * @param axis The axis name.
 * @returns True when reserved.
 */
export function isReservedAxis(axis: string): boolean {
  return RESERVED_AXES.has(axis) || /^(train|validation|test)_/.test(axis) ||
    /^max_abs_weight_\d+$/.test(axis);
}

/**
 * Why a value is not plain JSON (undefined when it is): functions, BigInts, `undefined`,
 * non-finite numbers, class instances and cycles are not.
 *
 * @example
 * ```ts
 * import { notJson } from "./check.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(notJson({ a: [1, "x", null] }), undefined);
 * assert.equal(notJson(() => 1), "a function");
 * const loop: Record<string, unknown> = {};
 * loop.self = loop;
 * assert.equal(notJson(loop), "a circular value (at .self)");
 * ```
 *
 * @param value The value.
 * @returns What it is instead, or undefined.
 */
export function notJson(value: unknown): string | undefined {
  const walk = (v: unknown, path: string, seen: object[]): string | undefined => {
    const at = path ? ` (at ${path})` : "";
    switch (typeof v) {
      case "string":
      case "boolean":
        return undefined;
      case "number":
        return Number.isFinite(v) ? undefined : `${v}${at}`;
      case "function":
        return `a function${at}`;
      case "bigint":
        return `a BigInt${at}`;
      case "undefined":
        return `undefined${at}`;
      case "symbol":
        return `a symbol${at}`;
    }
    if (v === null) return undefined;
    if (seen.includes(v as object)) return `a circular value${at}`;
    const proto = Object.getPrototypeOf(v);
    if (!Array.isArray(v) && proto !== Object.prototype && proto !== null) {
      return `a ${proto?.constructor?.name ?? "class"} object${at}`;
    }
    const inner = [...seen, v as object];
    let entries: [string, unknown][];
    try {
      entries = Object.entries(v as object); // reads every property: a getter may throw
    } catch (e) {
      return `a value whose properties cannot be read (${(e as Error).message})${at}`;
    }
    for (const [k, item] of entries) {
      const why = walk(item, Array.isArray(v) ? `${path}[${k}]` : `${path}.${k}`, inner);
      if (why !== undefined) return why;
    }
    return undefined;
  };
  return walk(value, "", []);
}

/** Seeds a run may have at most: a count, a list or a range. */
export const MAX_SEEDS = 1000;

/**
 * Problems with a seeds value: a positive count or a non-empty list of distinct integers in
 * [0, 2³² − 1].
 *
 * @param seeds The value.
 * @param path Its path.
 * @returns The problems.
 */
export function seedProblems(seeds: unknown, path: Path): Problem[] {
  if (seeds === undefined) return [];
  if (typeof seeds === "number") {
    return Number.isInteger(seeds) && seeds >= 1 && seeds <= MAX_SEEDS ? [] : [{
      path,
      message: `expected a count from 1 to ${MAX_SEEDS} or a list of seeds, got ${describe(seeds)}`,
    }];
  }
  if (!Array.isArray(seeds) || seeds.length === 0) {
    return [{
      path,
      message: `expected a count or a non-empty list of seeds, got ${describe(seeds)}`,
    }];
  }
  if (seeds.length > MAX_SEEDS) {
    return [{
      path,
      message:
        `expected at most ${MAX_SEEDS} seeds (as a count allows), got a list of ${seeds.length}`,
    }];
  }
  const problems: Problem[] = [];
  const seen = new Set<unknown>();
  seeds.forEach((s, i) => {
    if (!(Number.isInteger(s) && s >= 0 && s <= 0xffffffff)) {
      problems.push({
        path: [...path, i],
        message: `expected an integer in [0, 4294967295], got ${describe(s)}`,
      });
    } else if (seen.has(s)) {
      problems.push({ path: [...path, i], message: `seed ${s} is listed twice` });
    }
    seen.add(s);
  });
  return problems;
}

/**
 * The seed list of a seeds value: a count n means 1 … n.
 *
 * @param seeds A count or a list. @default {3}
 * @returns The seeds.
 */
export function seedList(seeds: number | readonly number[] = 3): number[] {
  return typeof seeds === "number" ? Array.from({ length: seeds }, (_, i) => i + 1) : [...seeds];
}

/**
 * Throws a {@link ValidationError} listing every problem, if any.
 *
 * @param problems The problems.
 * @param subject What was checked.
 */
export function throwIfProblems(problems: readonly Problem[], subject = "experiment"): void {
  if (problems.length > 0) throw new ValidationError(subject, problems);
}
