/**
 * What every optimiser shares, done once: the parameters and learning rate, the check of
 * its settings against its kind's rules, per-parameter state (velocity, moments) allocated
 * on request, and the state a checkpoint saves and loads. An optimiser of its own writes
 * only its settings, its `step` and its registry entry (tinygrad's `Optimizer` / `_step`).
 *
 * @module
 */

import { defaultKernels } from "../../numerics/backends.ts";
import type { Kernels } from "../../numerics/kernels.ts";
import { allocFloats, type FloatArray } from "../../numerics/matrix.ts";
import { kindSpecProblems, type Path, type Problem, ValidationError } from "../../problems.ts";
import type { Rule } from "../../rules.ts";
import type { Parameter } from "../layer.ts";
import type { OptimizerKind, OptimizerSettings, OptimizerSpec } from "./settings.ts";

/** One optimiser kind: its rules, a cross-setting check, and its constructor. */
export interface OptimizerEntry<O> {
  /** One line for the docs. */
  readonly doc: string;
  /** A rule for each setting (the compiler checks every setting of `O` has one). */
  readonly fields: { readonly [F in keyof O]-?: Rule };
  /** Problems that involve several settings (messages keyed by setting). */
  relations?(spec: O): { field: string; message: string }[];
  /** The optimiser. */
  create(params: readonly Parameter[], options: O & { kernels?: Kernels }): Optimizer;
}

/**
 * Every problem with a kind's settings: unknown or missing ones, values their rules refuse,
 * and the kind's cross-setting relations.
 *
 * @param spec The spec, `{ kind, ...settings }`.
 * @param path Its path.
 * @param table The registry to find the kind in.
 * @returns The problems (empty when valid).
 */
export function settingsProblems(
  spec: unknown,
  path: Path,
  table: { readonly [kind: string]: OptimizerEntry<Record<string, unknown>> },
): Problem[] {
  const problems = kindSpecProblems(spec, path, table, { noun: "optimiser", required: ["lr"] });
  if (problems.length > 0) return problems;
  const s = spec as Record<string, unknown>;
  return (table[s.kind as string]!.relations?.(s) ?? []).map((r) => ({
    path: [...path, r.field],
    message: r.message,
  }));
}

/** An optimiser's state between steps, as plain numbers. */
export interface OptimizerState {
  /** Steps taken (Adam's bias correction depends on it). */
  readonly steps: number;
  /** Its buffers (velocity; first and second moments), one per parameter and kind. */
  readonly buffers: readonly (readonly number[])[];
}

/** What a concrete optimiser class carries as statics: its kind and registry entry. */
interface OptimizerClass {
  readonly kind: OptimizerKind;
  readonly entry: OptimizerEntry<Record<string, unknown>>;
}

/**
 * What every optimiser does: clear gradients, and step the parameters. A subclass declares
 * `static readonly kind` and `static readonly entry` (its rules and constructor), reads
 * its settings, allocates its state with {@link perParameter} and writes {@link step}.
 */
export abstract class Optimizer {
  /** The parameters updated by {@link step}. */
  readonly params: readonly Parameter[];
  /** The learning rate η. */
  lr: number;
  /** The kernels the updates run on (and per-parameter state lives in). */
  protected readonly kernels: Kernels;
  /** Steps taken, for optimisers whose update depends on it (saved with the state). */
  protected steps = 0;
  readonly #kind: OptimizerKind;
  readonly #fields: readonly string[];
  readonly #slots: FloatArray[][] = [];

  /**
   * Checks the settings against the kind's entry — the class's static `kind` and `entry` —
   * reporting every problem at once as a {@link ValidationError}; an invalid learning rate is
   * a `RangeError` first.
   *
   * @param params The parameters to update.
   * @param settings The settings as given, with the `kernels` of the network (default: this
   * thread's).
   */
  constructor(
    params: readonly Parameter[],
    settings: { readonly lr: number; readonly kernels?: Kernels },
  ) {
    const { kind, entry } = new.target as unknown as OptimizerClass;
    const { kernels, ...spec } = settings;
    if (!Number.isFinite(spec.lr) || spec.lr <= 0) {
      throw new RangeError(`Invalid learning rate: expected a positive number, got ${spec.lr}`);
    }
    const problems = settingsProblems({ kind, ...spec }, ["optimizer"], {
      [kind]: entry,
    } as { [kind: string]: OptimizerEntry<Record<string, unknown>> });
    if (problems.length > 0) throw new ValidationError("optimiser", problems);
    this.params = params;
    this.lr = spec.lr;
    this.kernels = kernels ?? defaultKernels();
    this.#kind = kind;
    this.#fields = Object.keys(entry.fields);
  }

  /**
   * A zeroed buffer per parameter, part of the saved state in the order asked for.
   *
   * @param memory `"kernels"`: in the kernels' memory (where their fused updates read it);
   * `"plain"`: an ordinary array for an update written in TypeScript. @default {"kernels"}
   * @returns The buffers, one per parameter.
   */
  protected perParameter(memory: "kernels" | "plain" = "kernels"): FloatArray[] {
    const slot = this.params.map((p) =>
      memory === "kernels"
        ? this.kernels.alloc(1, p.value.data.length, p.value.dtype).data
        : allocFloats(p.value.dtype, p.value.data.length)
    );
    this.#slots.push(slot);
    return slot;
  }

  /** Sets every gradient to zero. */
  zeroGrad(): void {
    for (const p of this.params) p.grad.data.fill(0);
  }

  /** Updates every parameter from its gradient. */
  abstract step(): void;

  /**
   * What the optimiser carries between steps (momentum, moments, step count), as plain
   * numbers: with the parameters and the data order, enough to continue training exactly.
   *
   * @returns The state.
   */
  state(): OptimizerState {
    return { steps: this.steps, buffers: this.#slots.flat().map((b) => Array.from(b)) };
  }

  /**
   * Puts back a state saved by {@link state}.
   *
   * @param state The saved state; its buffers must match this optimiser's in count and length.
   */
  loadState(state: OptimizerState): void {
    const own = this.#slots.flat();
    if (
      state.buffers.length !== own.length ||
      state.buffers.some((b, i) => b.length !== own[i]!.length)
    ) {
      throw new RangeError(
        `Cannot load the optimiser state: expected ${own.length} buffers of lengths ${
          own.map((b) => b.length).join(", ") || "-"
        }, got ${state.buffers.length} of ${state.buffers.map((b) => b.length).join(", ") || "-"}`,
      );
    }
    state.buffers.forEach((b, i) => own[i]!.set(b));
    this.steps = state.steps;
  }

  /**
   * The optimiser's JSON spec (what `createOptimizer` takes): its kind, then each setting of
   * its entry, read from the property of the same name.
   *
   * @returns The configuration as JSON-only data.
   */
  spec(): OptimizerSpec {
    const values = this as unknown as Record<string, unknown>;
    return {
      kind: this.#kind,
      ...Object.fromEntries(this.#fields.map((f) => [f, values[f]])),
    } as OptimizerSpec;
  }
}

export type { OptimizerKind, OptimizerSettings, OptimizerSpec };
