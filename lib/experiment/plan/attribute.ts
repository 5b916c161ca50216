/**
 * Where a problem found in a resolved cell is reported: at the grid value (or case, or
 * search trial) that caused it when one can tell, else on the cell by its label; problems
 * every cell shares are said once.
 *
 * @module
 */

import { formatPath, type Path, type Problem } from "../../problems.ts";
import { canonicalJson } from "../canonical.ts";
import type { AxisSpec, CellConfig, Json, Params } from "../records.ts";

/** A cell being planned: its parameters, label, and the case or trial it came from. */
export interface PlannedEntry {
  readonly params: Params;
  readonly label: string;
  readonly caseIndex: number | null;
  readonly trial: number | null;
}

// A problem found in a resolved cell is reported at the grid value that caused it when
// one can tell: a whole field that is an axis value (data, model …), or a leaf whose name
// is an axis and whose value is that axis's value (optimizer.lr from axis lr).
export function attribute(
  problem: Problem,
  cell: PlannedEntry,
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
 * Adds a cell's problems to the plan's, each at its place; problems placed on a cell rather
 * than a grid value are gathered in `shared` to be said once ({@link sharedProblems}).
 *
 * @param found The cell's problems.
 * @param at The cell, its configuration and the axes.
 * @param into The plan's problems, the fields already reported whole, and the shared ones.
 */
export function placeProblems(
  found: readonly Problem[],
  at: { entry: PlannedEntry; config: CellConfig; grid: { readonly [axis: string]: AxisSpec } },
  into: { problems: Problem[]; reported: ReadonlySet<unknown>; shared: Map<string, Problem[]> },
): void {
  for (const p of found) {
    if (into.reported.has(p.path[0])) continue;
    const placed = attribute(p, at.entry, at.config, at.grid);
    if (inCell(placed)) {
      const key = `${JSON.stringify(p.path)}\u0000${p.message}`;
      (into.shared.get(key) ?? into.shared.set(key, []).get(key)!).push(placed);
    } else if (!into.problems.some((q) => samePlace(q, placed))) {
      into.problems.push(placed);
    }
  }
}

function samePlace(a: Problem, b: Problem): boolean {
  return formatPath(a.path) === formatPath(b.path) && a.message === b.message;
}

/**
 * The problems not traced to a grid value, once each: without a cell when every cell has
 * it, else with how many cells and the first.
 *
 * @param shared The problems gathered by {@link placeProblems}.
 * @param cells How many cells were planned.
 * @returns The problems.
 */
export function sharedProblems(shared: ReadonlyMap<string, Problem[]>, cells: number): Problem[] {
  return [...shared].map(([key, found]) => {
    const [path, message] = key.split("\u0000") as [string, string];
    const where = found.length === cells
      ? ""
      : ` (in ${found.length} of ${cells} cells, first ${
        (found[0]!.path[1] as { key: string }).key
      })`;
    return { path: JSON.parse(path) as Path, message: `${message}${where}` };
  });
}
