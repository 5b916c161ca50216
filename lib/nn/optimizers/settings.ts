/**
 * Each optimiser kind's settings, and the one list of kinds ({@link OptimizerSettings}):
 * the registry (`registry.ts`) must have an entry for every key, with a rule for every
 * setting — the compiler checks both.
 *
 * @module
 */

/** SGD's settings. */
export interface SGDOptions {
  /** Learning rate η > 0. */
  readonly lr: number;
  /** Momentum μ in [0, 1). @default {0} */
  readonly momentum?: number;
  /** Nesterov's look-ahead form (needs μ > 0). @default {false} */
  readonly nesterov?: boolean;
}

/** Adam's settings. */
export interface AdamOptions {
  /** Learning rate η > 0. */
  readonly lr: number;
  /** Decay of the first moment. @default {0.9} */
  readonly beta1?: number;
  /** Decay of the second moment. @default {0.999} */
  readonly beta2?: number;
  /** Added to √v̂. @default {1e-8} */
  readonly epsilon?: number;
}

/** AdamW's settings: Adam's, and the decoupled weight decay. */
export interface AdamWOptions extends AdamOptions {
  /** Decay λ: each step, W ← W − ηλW besides the Adam step (weights only). @default {0.01} */
  readonly weightDecay?: number;
}

/** RMSprop's settings. */
export interface RMSpropOptions {
  /** Learning rate η > 0. */
  readonly lr: number;
  /** Decay of the running mean of g². @default {0.9} */
  readonly rho?: number;
  /** Added to √v. @default {1e-8} */
  readonly epsilon?: number;
}

/** Adagrad's settings. */
export interface AdagradOptions {
  /** Learning rate η > 0. */
  readonly lr: number;
  /** Added to √G. @default {1e-10} */
  readonly epsilon?: number;
  /** The value each sum of squared gradients starts from. @default {0} */
  readonly initial?: number;
}

/**
 * Each optimiser kind's settings: the one list of kinds. `OPTIMIZERS` (registry.ts) must have an
 * entry for every key, with a rule for every setting (the compiler checks both).
 */
export interface OptimizerSettings {
  /** Stochastic gradient descent. */
  readonly sgd: SGDOptions;
  /** Adam. */
  readonly adam: AdamOptions;
  /** Adam with decoupled weight decay. */
  readonly adamw: AdamWOptions;
  /** RMSprop. */
  readonly rmsprop: RMSpropOptions;
  /** Adagrad. */
  readonly adagrad: AdagradOptions;
}

/** The optimiser kinds. */
export type OptimizerKind = keyof OptimizerSettings;

/** An optimiser's configuration as JSON-only data: `{ kind }` plus its settings. */
export type OptimizerSpec = {
  [K in OptimizerKind]: { readonly kind: K } & OptimizerSettings[K];
}[OptimizerKind];
