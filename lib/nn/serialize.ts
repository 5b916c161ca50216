/**
 * Saving and loading networks as JSON. Parameters are stored as plain number arrays:
 * every float32 and float64 value prints as the shortest decimal that reads back to the
 * same bits, so a save/load round trip is bit-exact.
 *
 * @module
 */

import type { Kernels } from "../numerics/kernels.ts";
import type { DType } from "../numerics/matrix.ts";
import { Rng } from "../numerics/random.ts";
import { describe, type Problem, ValidationError } from "../problems.ts";
import { Network } from "./network.ts";
import { type NetworkSpec, networkSpecProblems } from "./spec.ts";

/** The saved form of a network. */
export interface SavedNetwork {
  /** Always `"mlp-network"`. */
  readonly format: "mlp-network";
  /** Format version, 1. */
  readonly version: 1;
  /** The element type the network was trained in. */
  readonly dtype: DType;
  /** The architecture. */
  readonly spec: NetworkSpec;
  /** Each parameter by name: its shape and values, row-major. */
  readonly parameters: Record<
    string,
    { readonly shape: [number, number]; readonly data: number[] }
  >;
}

/**
 * The JSON-ready form of a network.
 *
 * @example Round trip, bit for bit
 * ```ts
 * import { loadNetwork, saveNetwork } from "../../mod.ts";
 * import { Network } from "../../mod.ts";
 * import { Rng } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const net = Network.build({ inputs: 3, layers: [{ kind: "dense", units: 2 }, { kind: "relu" }] }, { rng: Rng.seeded(5) });
 * const copy = loadNetwork(JSON.parse(JSON.stringify(saveNetwork(net))));
 * assert.deepEqual(copy.parameters()[0]!.value.data, net.parameters()[0]!.value.data);
 * ```
 *
 * @param net The network.
 * @returns Plain data for `JSON.stringify`.
 */
export function saveNetwork(net: Network): SavedNetwork {
  const parameters: Record<string, { shape: [number, number]; data: number[] }> = {};
  for (const p of net.parameters()) {
    parameters[p.name] = { shape: [p.value.rows, p.value.cols], data: Array.from(p.value.data) };
  }
  return { format: "mlp-network", version: 1, dtype: net.dtype, spec: net.spec(), parameters };
}

/**
 * A network from its saved form, checked field by field: an unknown layer kind, a
 * missing parameter or a wrong shape throws a {@link ValidationError} (a `TypeError`)
 * that names the path and what was expected.
 *
 * @example An unknown layer kind is named
 * ```ts
 * import { loadNetwork } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.throws(
 *   () => loadNetwork({ format: "mlp-network", version: 1, dtype: "float32", spec: { inputs: 2, layers: [{ kind: "dense", units: 1 }, { kind: "swish" }] }, parameters: {} }),
 *   /unknown layer kind "swish".*spec\.layers\[1\]\.kind/s,
 * );
 * ```
 *
 * @param saved The parsed JSON.
 * @param options `dtype` to convert to (default: the saved one) and `kernels`.
 * @returns The network.
 */
export function loadNetwork(
  saved: unknown,
  options: { readonly dtype?: DType; readonly kernels?: Kernels } = {},
): Network {
  const s = headerChecked(saved);
  const dtype = options.dtype ?? (s.dtype as DType);
  // The initial draws are overwritten below; the stream only satisfies the builder.
  const net = Network.build(s.spec as NetworkSpec, {
    rng: Rng.seeded(0),
    dtype,
    ...(options.kernels ? { kernels: options.kernels } : {}),
  });
  const stored =
    (typeof s.parameters === "object" && s.parameters !== null ? s.parameters : {}) as Record<
      string,
      unknown
    >;
  const problems = parameterProblems(net, stored);
  if (problems.length > 0) throw new ValidationError("saved network", problems);
  return net;
}

/** The saved file's format, version, float type and spec, checked (all problems at once). */
function headerChecked(saved: unknown): Record<string, unknown> {
  const problems: Problem[] = [];
  if (typeof saved !== "object" || saved === null) {
    throw new ValidationError("saved network", [{
      path: [],
      message: `expected an object, got ${describe(saved)}`,
    }]);
  }
  const s = saved as Record<string, unknown>;
  if (s.format !== "mlp-network") {
    problems.push({
      path: ["format"],
      message: `expected "mlp-network", got ${describe(s.format)}`,
    });
  }
  if (s.version !== 1) {
    problems.push({ path: ["version"], message: `expected 1, got ${describe(s.version)}` });
  }
  if (s.dtype !== "float32" && s.dtype !== "float64") {
    problems.push({
      path: ["dtype"],
      message: `expected "float32" or "float64", got ${describe(s.dtype)}`,
    });
  }
  problems.push(...networkSpecProblems(s.spec, ["spec"]));
  if (problems.length > 0) throw new ValidationError("saved network", problems);

  return s;
}

/** Sets every parameter from the file; the problems with missing, extra or bad entries. */
function parameterProblems(net: Network, stored: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  const names = new Set(net.parameters().map((p) => p.name));
  for (const name of Object.keys(stored)) {
    if (!names.has(name)) {
      problems.push({
        path: ["parameters", name],
        message: "no such parameter in this architecture",
      });
    }
  }
  for (const p of net.parameters()) {
    const path = ["parameters", p.name];
    const entry = stored[p.name] as { shape?: unknown; data?: unknown } | undefined;
    const want = [p.value.rows, p.value.cols];
    if (entry === undefined) {
      problems.push({ path, message: `missing (expected shape ${want.join("×")})` });
      continue;
    }
    if (!Array.isArray(entry.shape) || entry.shape[0] !== want[0] || entry.shape[1] !== want[1]) {
      problems.push({
        path: [...path, "shape"],
        message: `expected ${want.join("×")}, got ${describe(entry.shape)}`,
      });
      continue;
    }
    const data = entry.data;
    if (!Array.isArray(data) || data.length !== p.value.data.length) {
      problems.push({
        path: [...path, "data"],
        message: `expected ${p.value.data.length} numbers, got ${
          Array.isArray(data) ? data.length : describe(data)
        }`,
      });
      continue;
    }
    const bad = data.findIndex((v) => typeof v !== "number" || !Number.isFinite(v));
    if (bad >= 0) {
      problems.push({
        path: [...path, "data", bad],
        message: `expected a finite number, got ${describe(data[bad])}`,
      });
      continue;
    }
    p.value.data.set(data as number[]);
  }
  return problems;
}
