/**
 * A plan's search: the experiment's, with the command line's trials and seed and what the
 * planner fills in (a halving or Hyperband search's last rung, Hyperband's trials); what the
 * planner draws of it; and a Hyperband trial's first cell.
 *
 * @module
 */

import type { Problem } from "../../problems.ts";
import type { Cell, CellConfig, Overrides, Params, SearchSpec } from "../records.ts";
import type { AnyExperiment } from "./define.ts";
import { rungCell } from "./halving.ts";
import { searchBrackets } from "./rungs.ts";
import { TPE_BATCH } from "./search.ts";

/**
 * What the planner draws: a TPE search's first batch (its later ones are drawn while it
 * runs), a Hyperband search's trials of every bracket, or the search's trials.
 */
export function firstDraws(
  search: Exclude<SearchSpec, { kind: "grid" }>,
): { kind: string; trials: number; seed?: number } {
  const seed = search.seed === undefined ? {} : { seed: search.seed };
  if (search.kind === "tpe") {
    return { kind: "random", trials: Math.min(search.trials, search.batch ?? TPE_BATCH), ...seed };
  }
  if (search.kind === "hyperband") return { kind: "random", trials: search.trials ?? 0, ...seed };
  return search;
}

/**
 * The search, with the overrides' trials and seed, and a halving or Hyperband search's last
 * rung (and Hyperband's trials); problems are added to `problems`.
 *
 * @param def The experiment.
 * @param overrides The command line's changes.
 * @param problems Where problems go.
 * @returns The search.
 */
export function searchOf(
  def: AnyExperiment,
  overrides: Overrides,
  problems: Problem[],
): SearchSpec {
  const declared: SearchSpec = def.search ?? { kind: "grid" };
  let search: SearchSpec = declared.kind === "grid" ? declared : {
    ...declared,
    ...(overrides.trials !== undefined ? { trials: overrides.trials } : {}),
    ...(overrides.searchSeed !== undefined ? { seed: overrides.searchSeed } : {}),
  };
  if (search.kind === "hyperband" && overrides.trials !== undefined) {
    problems.push({
      path: ["--trials"],
      message: "a hyperband search's brackets set its trials (change minEpochs or iterations)",
    });
  }
  if (search.kind === "hyperband") search = withBrackets(search, overrides.epochs ?? def.epochs);
  if (search.kind === "halving") {
    const max = overrides.epochs ?? def.epochs;
    if (typeof max !== "number") {
      problems.push({
        path: ["epochs"],
        message: "a halving search needs a number of epochs (its last rung), not a function",
      });
    } else {
      search = { ...search, maxEpochs: max };
      const eta = search.reduction ?? 3;
      if (Number.isInteger(search.minEpochs) && search.minEpochs * eta > max) {
        problems.push({
          path: ["search", "minEpochs"],
          message:
            `${search.minEpochs} epochs in the first rung leave no second one within epochs ${max} (reduction ${eta}): nothing would be halved; make minEpochs at most ${
              Math.max(1, Math.floor(max / eta))
            } or epochs at least ${search.minEpochs * eta}`,
        });
      }
    }
  }
  if (overrides.trials !== undefined && declared.kind === "grid") {
    problems.push({ path: ["--trials"], message: "this experiment is a grid: it has no trials" });
  }
  if (overrides.searchSeed !== undefined && declared.kind === "grid") {
    problems.push({
      path: ["--search-seed"],
      message: "this experiment is a grid: it draws nothing",
    });
  }
  return search;
}

/** A Hyperband search with its last rung's epochs and its trials (every bracket's first rung). */
function withBrackets(
  search: Extract<SearchSpec, { kind: "hyperband" }>,
  epochs: AnyExperiment["epochs"],
): SearchSpec {
  if (typeof epochs !== "number" || !Number.isInteger(search.minEpochs)) return search;
  const full = { ...search, maxEpochs: epochs };
  const trials = searchBrackets(full).reduce((n, b) => n + b[0]!.trials, 0);
  return { ...full, trials };
}

/** A Hyperband trial's first-rung cell: its bracket (by trial index) is a parameter. */
export function bracketCell(
  search: Extract<SearchSpec, { kind: "hyperband" }>,
  params: Params,
  config: CellConfig,
  trial: number,
): Omit<Cell, "index"> {
  let first = 0;
  const brackets = searchBrackets(search);
  for (const [bracket, rungs] of brackets.entries()) {
    first += rungs[0]!.trials;
    if (trial < first) return rungCell({ ...params, bracket }, config, rungs[0]!.epochs);
  }
  throw new RangeError(`trial ${trial} is beyond the search's ${first} trials`);
}
