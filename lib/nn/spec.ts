/**
 * Model configurations as JSON-only tagged unions, so they hash, save and diff cleanly:
 * `{ inputs: 2, layers: [{ kind: "dense", units: 10 }, { kind: "tanh" }, …] }`.
 *
 * @module
 */

import {
  ACTIVATION_KINDS,
  type ActivationEntry,
  type ActivationKind,
  type ActivationKinds,
  ACTIVATIONS,
} from "./activations/registry.ts";
import {
  describe,
  type Path,
  type PathSegment,
  type Problem,
  ValidationError,
} from "../problems.ts";

/** Weight initialisers (biases always start at zero). */
export type InitKind = "lecun" | "glorot" | "he" | "zeros";

/** Every initialiser kind, for validation and listings. */
export const INIT_KINDS: readonly InitKind[] = ["lecun", "glorot", "he", "zeros"];

/** A dense (fully connected) layer, as data. */
export interface DenseSpec {
  /** The kind. */
  readonly kind: "dense";
  /** Output width. */
  readonly units: number;
  /** Weight initialiser. @default {"lecun"} — the lesson's N(0, 1/√fan_in). */
  readonly init?: InitKind;
}

/** The optional field an activation's parameter adds to its layer spec. */
export type ParamOf<N> = N extends string ? { readonly [P in N]?: number } : unknown;

/**
 * An element-wise activation layer, as data: `{ kind }` plus its parameter where it has
 * one (`{ kind: "leaky_relu", alpha: 0.05 }`) — one member per entry of {@link ACTIVATIONS}.
 */
export type ActivationSpec = {
  [K in ActivationKind]: { readonly kind: K } & ParamOf<ActivationKinds[K]>;
}[ActivationKind];

/** One layer of a model, as data: dense, an activation, or the row-wise softmax. */
export type LayerSpec = DenseSpec | ActivationSpec | { readonly kind: "softmax" };

/** Every layer kind, for validation and listings. */
export const LAYER_KINDS: readonly LayerSpec["kind"][] = ["dense", ...ACTIVATION_KINDS, "softmax"];

/** A whole model: its input width and its layers, first to last. */
export interface NetworkSpec {
  /** Number of input features. */
  readonly inputs: number;
  /** The layers, first to last. */
  readonly layers: readonly LayerSpec[];
}

function isPositiveInteger(v: unknown): v is number {
  return typeof v === "number" && Number.isInteger(v) && v > 0;
}

function isActivation(kind: string): kind is ActivationKind {
  return Object.hasOwn(ACTIVATIONS, kind);
}

/** The fields a layer of a kind may have. */
function layerFields(kind: LayerSpec["kind"]): readonly string[] {
  if (kind === "dense") return ["kind", "units", "init"];
  if (kind === "softmax" || !isActivation(kind)) return ["kind"];
  const param = (ACTIVATIONS[kind] as ActivationEntry).param;
  return param ? ["kind", param.name] : ["kind"];
}

/**
 * Every problem with a layer spec, paths prefixed by `path`.
 *
 * @param spec The value to check.
 * @param path Its path, e.g. `["layers", 2]`.
 * @returns The problems (empty when valid).
 */
export function layerSpecProblems(spec: unknown, path: Path): Problem[] {
  if (typeof spec !== "object" || spec === null || Array.isArray(spec)) {
    return [{ path, message: `expected a layer object, got ${describe(spec)}` }];
  }
  const s = spec as Record<string, unknown>;
  const kind = s.kind;
  if (typeof kind !== "string" || !(LAYER_KINDS as readonly string[]).includes(kind)) {
    return [{
      path: [...path, "kind"],
      message: `unknown layer kind ${describe(kind)}; expected one of ${LAYER_KINDS.join(", ")}`,
    }];
  }
  const problems: Problem[] = [];
  const allowed = layerFields(kind as LayerSpec["kind"]);
  for (const key of Object.keys(s)) {
    if (!allowed.includes(key)) {
      problems.push({ path: [...path, key], message: `unknown field for a ${kind} layer` });
    }
  }
  if (kind === "dense") {
    if (!isPositiveInteger(s.units)) {
      problems.push({
        path: [...path, "units"],
        message: `expected a positive integer, got ${describe(s.units)}`,
      });
    }
    if (s.init !== undefined && !(INIT_KINDS as readonly unknown[]).includes(s.init)) {
      problems.push({
        path: [...path, "init"],
        message: `unknown initialiser ${describe(s.init)}; expected one of ${
          INIT_KINDS.join(", ")
        }`,
      });
    }
  }
  const param = isActivation(kind) ? (ACTIVATIONS[kind] as ActivationEntry).param : undefined;
  const expected = param && s[param.name] !== undefined ? param.check(s[param.name]) : undefined;
  if (param && expected !== undefined) {
    problems.push({
      path: [...path, param.name],
      message: `expected ${expected}, got ${describe(s[param.name])}`,
    });
  }
  return problems;
}

/**
 * Every problem with a network spec.
 *
 * @param spec The value to check.
 * @param path Its path. @default {[]}
 * @returns The problems (empty when valid).
 */
export function networkSpecProblems(spec: unknown, path: Path = []): Problem[] {
  const at = (...more: PathSegment[]): Path => [...path, ...more];
  if (typeof spec !== "object" || spec === null) {
    return [{ path, message: `expected a network spec object, got ${describe(spec)}` }];
  }
  const s = spec as Record<string, unknown>;
  const problems: Problem[] = [];
  if (!isPositiveInteger(s.inputs)) {
    problems.push({
      path: at("inputs"),
      message: `expected a positive integer, got ${describe(s.inputs)}`,
    });
  }
  if (!Array.isArray(s.layers) || s.layers.length === 0) {
    problems.push({
      path: at("layers"),
      message: `expected a non-empty array of layers, got ${describe(s.layers)}`,
    });
  } else {
    s.layers.forEach((layer, i) => problems.push(...layerSpecProblems(layer, at("layers", i))));
    if (problems.length === 0 && !s.layers.some((l: LayerSpec) => l.kind === "dense")) {
      problems.push({ path: at("layers"), message: "expected at least one dense layer" });
    }
  }
  return problems;
}

/**
 * Checks a network spec and returns it typed, or throws a {@link ValidationError} that
 * lists every problem.
 *
 * @example A typo in a layer kind
 * ```ts
 * import { validateNetworkSpec } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.throws(
 *   () => validateNetworkSpec({ inputs: 2, layers: [{ kind: "dense", units: 3 }, { kind: "tahn" }] }),
 *   /unknown layer kind "tahn".*→ at layers\[1\]\.kind/,
 * );
 * ```
 *
 * @param spec The value to check.
 * @returns The spec, typed.
 */
export function validateNetworkSpec(spec: unknown): NetworkSpec {
  const problems = networkSpecProblems(spec);
  if (problems.length > 0) throw new ValidationError("network spec", problems);
  return spec as NetworkSpec;
}

/**
 * The width of the output of a network spec (the last dense layer's units).
 *
 * @param spec A valid spec.
 * @returns The number of outputs.
 */
export function outputWidth(spec: NetworkSpec): number {
  let width = spec.inputs;
  for (const layer of spec.layers) if (layer.kind === "dense") width = layer.units;
  return width;
}
