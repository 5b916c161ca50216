/**
 * A manifest read back, checked field by field: every problem with its path.
 *
 * @module
 */

import { describe, type Path, type Problem } from "../../problems.ts";

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
  if (m.plan !== undefined) {
    const plan = m.plan as Record<string, unknown>;
    need(
      isObj(m.plan) && str(plan.file) && /^[\w./-]+\.json$/.test(plan.file as string) &&
        Number.isInteger(plan.cells) && (plan.cells as number) > 0,
      "plan",
      m.plan,
      "{ file: <relative .json path>, cells: <count> }",
    );
  }
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
  m.cells.forEach((c: unknown, i: number) => problems.push(...cellProblems(c, ["cells", i])));
  return problems;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

/** Everything wrong with one cell of a manifest: its id, place, label, settings and units. */
function cellProblems(c: unknown, at: Path): Problem[] {
  const problems: Problem[] = [];
  const need = (ok: boolean, path: Path, value: unknown, expected: string) => {
    if (!ok) problems.push({ path, message: `expected ${expected}, got ${describe(value)}` });
  };
  if (!isObject(c)) return need(false, at, c, "a cell"), problems;
  need(typeof c.id === "string" && c.id !== "", [...at, "id"], c.id, "a cell id");
  need(Number.isInteger(c.index), [...at, "index"], c.index, "an integer");
  need(typeof c.label === "string", [...at, "label"], c.label, "a string");
  need(isObject(c.params), [...at, "params"], c.params, "an object");
  need(
    isObject(c.config) && isObject(c.config.model),
    [...at, "config"],
    c.config,
    "a cell configuration",
  );
  need(typeof c.included === "boolean", [...at, "included"], c.included, "true or false");
  if (!isObject(c.units)) return need(false, [...at, "units"], c.units, "an object"), problems;
  for (const [seed, state] of Object.entries(c.units)) {
    need(
      UNIT_STATES.includes(state as string),
      [...at, "units", seed],
      state,
      UNIT_STATES.join(" | "),
    );
  }
  return problems;
}
