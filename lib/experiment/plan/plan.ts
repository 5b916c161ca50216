/**
 * From a definition to a plan: the grid's cells (cartesian product of the axes, or a
 * search's trials, then the extra cases), each resolved to a JSON-only configuration,
 * validated, and given a stable id (the hash of its canonical JSON) and a readable label.
 * Every problem — in the definition, the overrides and every cell — is reported at once.
 *
 * @module
 */

import { dataFingerprint } from "../../data/kinds/mod.ts";
import { describe, type Problem, ValidationError } from "../../problems.ts";
import { positiveInteger } from "../../rules.ts";
import { canonicalJson, stableHash } from "../canonical.ts";
import { labelOf } from "../json.ts";
import type { AxisSpec, Cell, Json, Overrides, Params, Plan, SearchSpec } from "../records.ts";
import { placeProblems, type PlannedEntry, sharedProblems } from "./attribute.ts";
import { type CellContext, defaultMetrics, type PlanOptions, resolveCell } from "./cell.ts";
import type { AnyExperiment, DataShape } from "./define.ts";
import { definitionProblems, seedList, seedProblems, throwIfProblems } from "./check.ts";
import { rungCell } from "./halving.ts";
import { drawTrials } from "./search.ts";
import { bracketCell, firstDraws, searchOf } from "./search_plan.ts";

/** The most cells a run may have; a larger grid is refused before it is expanded. */
export const MAX_CELLS = 100_000;
/**
 * The most (cell, seed) units an experiment may have: what one machine holds comfortably —
 * the plan of 10⁶ units takes ~250 MB to make, a run keeps a few hundred bytes per finished
 * unit, and a one-epoch unit's folder share is ~1 KB (docs/scale.md). Beyond, split it.
 */
export const MAX_UNITS = 1_000_000;

function product(axes: [string, readonly Json[]][]): Params[] {
  let out: Params[] = [{}];
  for (const [axis, values] of axes) {
    out = out.flatMap((p) => values.map((v) => ({ ...p, [axis]: v })));
  }
  return out;
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
 *   experiment's file, named in errors thrown by its functions; `sources: false` for a
 *   listing that reads no data source.
 * @returns The plan.
 */
export async function planExperiment(
  def: AnyExperiment,
  overrides: Overrides = {},
  options: PlanOptions = {},
): Promise<Plan> {
  def = withQuickMode(def, overrides);
  const problems = checkedDefinition(def);
  // Fields already reported as a whole are not reported again for every cell.
  const reported = new Set(problems.map((p) => p.path[0]));
  const search = searchOf(def, overrides, problems);
  const { grid, notes } = overriddenGrid(def, overrides, options.source, problems);
  const invalid = overrideProblems(overrides, problems);
  refuseTooLarge(def, overrides, { search, grid }, problems);
  // The cells are still expanded and checked, so their problems are reported with these.
  const drawn: Params[] = search.kind === "grid"
    ? product(Object.entries(grid) as [string, readonly Json[]][])
    : drawTrials(grid, firstDraws(search));
  const ctx: CellContext = { def, overrides, invalid, options, shapes: new Map() };
  const cells = await planCells(entriesOf(drawn, def, search), ctx, {
    search,
    grid,
    problems,
    reported,
  }).catch((e) => {
    // A value the definition's checks already refused (circular, a BigInt, undefined) can
    // break expanding the cells: those problems say what is wrong, with their paths.
    if (problems.length > 0 && !(e instanceof ValidationError)) throwIfProblems(problems);
    throw e;
  });
  throwIfProblems(problems);
  return await assemble(def, overrides, { cells, notes, search, grid, drawn, ctx });
}

/**
 * Cells for trials a search draws while it runs (TPE's later batches): each resolved by
 * the experiment's functions as the planner resolves its cells, with the same overrides.
 * A problem with one throws a `ValidationError` naming it.
 *
 * @param def The experiment.
 * @param overrides The run's overrides.
 * @param trials The trials' parameters.
 * @param options Data folders and the experiment's file.
 * @returns The cells, without their indices.
 */
export async function planTrials(
  def: AnyExperiment,
  overrides: Overrides,
  trials: readonly Params[],
  options: PlanOptions = {},
): Promise<Omit<Cell, "index">[]> {
  const ctx: CellContext = {
    def: withQuickMode(def, overrides),
    overrides,
    invalid: { epochs: false, batchSize: false },
    options,
    shapes: new Map(),
  };
  const cells = [];
  for (const params of trials) {
    const label = labelOf(params);
    const { config, problems } = await resolveCell(params, label, ctx);
    throwIfProblems(problems.map((p) => ({ ...p, message: `${p.message} (trial ${label})` })));
    cells.push({ id: stableHash({ params, config }), label, params, config });
  }
  return cells;
}

/** The definition with its quick mode's fields, when `--quick` asks for it. */
function withQuickMode(def: AnyExperiment, overrides: Overrides): AnyExperiment {
  if (!overrides.quick) return def;
  if (def.quick === undefined) {
    throw new ValidationError("experiment", [{
      path: ["--quick"],
      message: `${def.name} has no quick mode (a quick: { … } field in its definition)`,
    }]);
  }
  return { ...def, ...def.quick } as AnyExperiment;
}

/**
 * The definition's own problems, reported with those of its cells — unless the grid cannot
 * be expanded at all (its shape or the model function is wrong): then they are thrown now.
 */
function checkedDefinition(def: AnyExperiment): Problem[] {
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
  return problems;
}

/** The grid after `--set`, and notes on values the file never declared. */
function overriddenGrid(
  def: AnyExperiment,
  overrides: Overrides,
  source: string | undefined,
  problems: Problem[],
): { grid: Record<string, AxisSpec>; notes: string[] } {
  const grid: Record<string, AxisSpec> = { ...(def.grid ?? {}) };
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
          } not among the values ${source ?? "the experiment"} declares for ${axis} (${
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
  return { grid, notes };
}

/** Problems with `--epochs`, `--batch-size` and `--seeds`; which overrides are invalid. */
function overrideProblems(
  overrides: Overrides,
  problems: Problem[],
): { epochs: boolean; batchSize: boolean } {
  const invalid = { epochs: false, batchSize: false };
  for (const [key, flag] of [["epochs", "--epochs"], ["batchSize", "--batch-size"]] as const) {
    const value = overrides[key];
    if (value !== undefined && positiveInteger(value) !== undefined) {
      invalid[key] = true;
      problems.push({
        path: [flag],
        message: `expected a positive integer, got ${describe(value)}`,
      });
    }
  }
  problems.push(...seedProblems(overrides.seeds, ["--seeds"]));
  return invalid;
}

/** Refuses, before expanding it, a grid or search too large for one run. */
function refuseTooLarge(
  def: AnyExperiment,
  overrides: Overrides,
  at: { search: SearchSpec; grid: Record<string, AxisSpec> },
  problems: Problem[],
): void {
  const { search, grid } = at;
  const size =
    (search.kind === "grid"
      ? Object.values(grid).reduce((n: number, values) => n * (values as Json[]).length, 1)
      : search.trials ?? 0) + (def.cases?.length ?? 0);
  const seedCount = problems.some((p) => p.path[0] === "--seeds")
    ? 1
    : seedList(overrides.seeds ?? def.seeds).length;
  if (size <= MAX_CELLS && size * seedCount <= MAX_UNITS) return;
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
    } units per experiment. Planning holds every cell in memory (about 250 MB at the cap), a run keeps each finished unit's final metrics (a few hundred bytes), and a run folder takes about 1 KB per one-epoch unit on disk (more with more epochs: ~1 GB at the cap; docs/scale.md); split the grid over several experiments or --set fewer values`,
  });
  throwIfProblems(problems); // expanding it would take the machine's memory
}

/** The grid's cells or the search's trials, then the cases, with where each came from. */
function entriesOf(
  drawn: readonly Params[],
  def: AnyExperiment,
  search: SearchSpec,
): Omit<PlannedEntry, "label">[] {
  return [
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
}

/** Every entry resolved into a cell (a case that repeats a grid cell once), its problems placed. */
async function planCells(
  entries: readonly Omit<PlannedEntry, "label">[],
  ctx: CellContext,
  at: {
    search: SearchSpec;
    grid: Record<string, AxisSpec>;
    problems: Problem[];
    reported: ReadonlySet<unknown>;
  },
): Promise<Cell[]> {
  const cells: Cell[] = [];
  const seen = new Set<string>();
  const shared = new Map<string, Problem[]>();
  for (const partial of entries) {
    const entry = { ...partial, label: labelOf(partial.params) };
    const { config, problems } = await resolveCell(entry.params, entry.label, ctx);
    placeProblems(problems, { entry, config, grid: at.grid }, { ...at, shared });
    // A halving search's first rung: every trial for minEpochs epochs (the runner adds the
    // later rungs the same way).
    const cell = at.search.kind === "halving" && entry.trial !== null
      ? rungCell(entry.params, config, Math.min(at.search.minEpochs, config.epochs))
      : at.search.kind === "hyperband" && entry.trial !== null
      ? bracketCell(at.search, entry.params, config, entry.trial)
      : {
        id: stableHash({ params: entry.params, config }),
        label: entry.label,
        params: entry.params,
        config,
      };
    if (seen.has(cell.id)) continue; // a case that repeats a grid cell
    seen.add(cell.id);
    cells.push({ ...cell, index: cells.length });
  }
  at.problems.push(...sharedProblems(shared, entries.length));
  return cells;
}

/** The plan: its cells, seeds, metrics, axes, and the hash of all that and the data read. */
async function assemble(
  def: AnyExperiment,
  overrides: Overrides,
  parts: {
    cells: Cell[];
    notes: string[];
    search: SearchSpec;
    grid: Record<string, AxisSpec>;
    drawn: readonly Params[];
    ctx: CellContext;
  },
): Promise<Plan> {
  const { cells, notes, search, grid, drawn, ctx } = parts;
  const seeds = seedList(overrides.seeds ?? def.seeds);
  const firstShape: DataShape | undefined = cells.length
    ? await ctx.shapes.get(canonicalJson(cells[0]!.config.data))
    : undefined;
  // Every file the data sets read, by content: editing one changes the definition.
  const data: Record<string, string> = {};
  const specs = new Map(cells.map((c) => [canonicalJson(c.config.data), c.config.data]));
  for (const spec of ctx.options.sources === false ? [] : specs.values()) {
    Object.assign(data, await dataFingerprint(spec, ctx.options));
  }
  const sorted = Object.fromEntries(Object.entries(data).sort(([a], [b]) => (a < b ? -1 : 1)));
  const metrics = def.metrics ?? defaultMetrics(firstShape);
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
    // A TPE search draws its later batches from the axes as declared.
    ...(search.kind === "tpe" ? { space: grid } : {}),
    seeds,
    metrics,
    primary: def.primary ?? metrics[0]!,
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
