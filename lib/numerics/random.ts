/**
 * Seeded pseudo-random streams.
 *
 * The default generator is **xoshiro128\*\*** (Blackman & Vigna, 2018): 128 bits of
 * state, period 2¹²⁸ − 1, 32-bit outputs. Its state is filled from a 32-bit seed and a
 * path of names through **SplitMix32** after hashing the path with **MurmurHash3**'s
 * 32-bit finaliser, so `derive(seed, "cell-3f9c", "init")` and
 * `derive(seed, "cell-3f9c", "shuffle")` are independent streams: adding a draw to one
 * never shifts another.
 *
 * **mulberry32** is also offered because it is tiny and portable; the benchmark peers
 * (numpy, TensorFlow.js) use it to draw bit-identical initial weights and sample orders.
 *
 * Every draw is defined on 32-bit integers, so the same seed gives the same numbers on
 * every machine and every Deno version.
 *
 * @module
 */

/** A source of uniformly distributed unsigned 32-bit integers. */
export type Uint32Source = () => number;

const TWO_POW_32 = 4294967296;

function checkSeed(seed: number): void {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new RangeError(
      `Cannot seed a random stream: expected an integer in [0, 4294967295], got ${seed}`,
    );
  }
}

/** SplitMix32 step: returns the next state and a well-mixed output. */
function splitmix32(state: number): [number, number] {
  const next = (state + 0x9e3779b9) >>> 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return [next, (z ^ (z >>> 16)) >>> 0];
}

/** Hashes a seed and a path of names into one 32-bit value (MurmurHash3-style mixing). */
function hashPath(seed: number, path: readonly string[]): number {
  let h = seed >>> 0;
  const bytes = new TextEncoder().encode(path.join("\u0000"));
  for (let i = 0; i < bytes.length; i++) {
    let k = Math.imul(bytes[i]! + 0x100 * (i & 0xff), 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) >>> 0;
  }
  h ^= bytes.length + path.length * 0x10000;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A generator with its state in the open, so a stream can be saved and continued. */
interface Generator {
  readonly next: Uint32Source;
  /** The state words (a copy). */
  save(): number[];
  /** Puts back saved state words. */
  load(state: readonly number[]): void;
}

function xoshiro128ss(seed: number, path: readonly string[]): Generator {
  let st = hashPath(seed, path);
  const s = new Uint32Array(4);
  for (let i = 0; i < 4; i++) [st, s[i]] = splitmix32(st);
  if ((s[0]! | s[1]! | s[2]! | s[3]!) === 0) s[0] = 1; // the all-zero state is a fixed point
  const save = () => Array.from(s);
  const load = (state: readonly number[]) => {
    if (state.length !== 4 || state.every((w) => w === 0)) {
      throw new RangeError(`Cannot load a xoshiro128** state from ${JSON.stringify(state)}`);
    }
    s.set(state);
  };
  const next = () => {
    const s0 = s[0]!, s1 = s[1]!, s2 = s[2]!, s3 = s[3]!;
    const r = Math.imul(s1, 5) >>> 0;
    const result = Math.imul(((r << 7) | (r >>> 25)) >>> 0, 9) >>> 0;
    const t = (s1 << 9) >>> 0;
    let n2 = s2 ^ s0, n3 = s3 ^ s1;
    const n1 = s1 ^ n2, n0 = s0 ^ n3;
    n2 ^= t;
    n3 = (n3 << 11) | (n3 >>> 21);
    s[0] = n0;
    s[1] = n1;
    s[2] = n2;
    s[3] = n3;
    return result;
  };
  return { next, save, load };
}

function mulberry32Source(seed: number): Generator {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t = (t + Math.imul(t ^ (t >>> 7), t | 61)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
  return {
    next,
    save: () => [a],
    load: (state) => {
      if (state.length !== 1) {
        throw new RangeError(`Cannot load a mulberry32 state from ${JSON.stringify(state)}`);
      }
      a = state[0]! >>> 0;
    },
  };
}

/**
 * A seeded random stream with the draws training needs: uniform, normal, integers,
 * shuffles and permutations, and named sub-streams.
 *
 * @example Same seed and path, same numbers
 * ```ts
 * import { Rng } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const a = Rng.seeded(42).derive("init");
 * const b = Rng.seeded(42).derive("init");
 * assert.equal(a.uniform(), b.uniform());
 * assert.notEqual(Rng.seeded(42).derive("shuffle").uniform(), Rng.seeded(42).derive("init").uniform());
 * ```
 */
export class Rng {
  readonly #next: Uint32Source;
  readonly #generator: Generator;
  readonly #seed: number;
  readonly #path: readonly string[];

  private constructor(generator: Generator, seed: number, path: readonly string[]) {
    this.#generator = generator;
    this.#next = generator.next;
    this.#seed = seed;
    this.#path = path;
  }

  /**
   * The stream's position: its generator's state words. {@link restore} continues the
   * stream from there, draw for draw (a training checkpoint saves it).
   *
   * @example
   * ```ts
   * import { Rng } from "../../mod.ts";
   * import assert from "node:assert/strict";
   *
   * const a = Rng.seeded(7, "shuffle");
   * a.permutation(10);
   * const saved = a.state();
   * const next = a.permutation(10);
   * const b = Rng.seeded(7, "shuffle");
   * b.restore(saved);
   * assert.deepEqual(b.permutation(10), next);
   * ```
   *
   * @returns The state words.
   */
  state(): number[] {
    return this.#generator.save();
  }

  /**
   * Puts the stream back at a position saved by {@link state}.
   *
   * @param state The saved state words.
   */
  restore(state: readonly number[]): void {
    this.#generator.load(state);
  }

  /**
   * A xoshiro128** stream for a seed and an optional path of names.
   *
   * @param seed An integer in [0, 2³² − 1].
   * @param path Names of the sub-stream, outermost first.
   * @returns The stream.
   */
  static seeded(seed: number, ...path: string[]): Rng {
    checkSeed(seed);
    return new Rng(xoshiro128ss(seed, path), seed, path);
  }

  /**
   * A mulberry32 stream, the portable generator of the benchmark peers
   * (`../shared/peers`). It cannot derive sub-streams by name.
   *
   * @param seed An integer in [0, 2³² − 1].
   * @returns The stream.
   */
  static mulberry32(seed: number): Rng {
    checkSeed(seed);
    return new Rng(mulberry32Source(seed), seed, []);
  }

  /** The seed and path this stream was made from, e.g. `42/cell-1/init`. */
  get id(): string {
    return [String(this.#seed), ...this.#path].join("/");
  }

  /**
   * An independent stream named `name` below this one's seed and path. It does not
   * depend on how many draws this stream has made.
   *
   * @param name The sub-stream's name, e.g. `"init"`, `"shuffle"`, `"0.weight"`.
   * @returns The sub-stream.
   */
  derive(...name: string[]): Rng {
    return Rng.seeded(this.#seed, ...this.#path, ...name);
  }

  /** The next raw draw. @returns The next unsigned 32-bit integer. */
  nextUint32(): number {
    return this.#next();
  }

  /**
   * A uniform draw in [lo, hi), with a resolution of 2⁻³² of the range.
   *
   * @param lo Lower bound (inclusive). @default {0}
   * @param hi Upper bound (exclusive). @default {1}
   * @returns The draw.
   */
  uniform(lo = 0, hi = 1): number {
    return lo + (hi - lo) * (this.#next() / TWO_POW_32);
  }

  /**
   * A normal draw by the Box–Muller transform on two uniform draws ua, ub:
   * z = √(−2 ln(1 − ua)) · cos(2π ub) — the peers' recipe, so the same two integers
   * give the same z everywhere.
   *
   * @param mean The mean. @default {0}
   * @param std The standard deviation. @default {1}
   * @returns The draw.
   */
  normal(mean = 0, std = 1): number {
    const ua = this.#next() / TWO_POW_32;
    const ub = this.#next() / TWO_POW_32;
    const z = Math.sqrt(-2 * Math.log(1 - ua)) * Math.cos(2 * Math.PI * ub);
    return mean + std * z;
  }

  /**
   * An integer in [0, n): floor(u · n / 2³²) for one 32-bit draw u.
   *
   * @param n The number of possible values, 1 ≤ n ≤ 2³².
   * @returns The draw.
   */
  int(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > TWO_POW_32) {
      throw new RangeError(`Cannot draw an integer below ${n}: expected an integer in [1, 2^32]`);
    }
    return Math.floor((this.#next() * n) / TWO_POW_32);
  }

  /**
   * Shuffles an array in place by Fisher–Yates from the last element down
   * (j = int(i + 1) for i = n − 1 … 1), the peers' recipe.
   *
   * @param items The array to shuffle.
   * @returns The same array.
   */
  shuffle<T extends { length: number; [i: number]: unknown }>(items: T): T {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
    return items;
  }

  /**
   * A random permutation of 0 … n − 1.
   *
   * @param n The length.
   * @returns The permutation.
   */
  permutation(n: number): Uint32Array {
    const p = new Uint32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    return this.shuffle(p);
  }
}

/**
 * The stream for a seed and a path of names: `derive(seed, "cell", "init")` equals
 * `Rng.seeded(seed).derive("cell", "init")`.
 *
 * @example Named sub-streams do not shift each other
 * ```ts
 * import { derive } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const first = derive(7, "init").uniform();
 * derive(7, "shuffle").uniform(); // draws elsewhere change nothing
 * assert.equal(derive(7, "init").uniform(), first);
 * ```
 *
 * @param seed An integer in [0, 2³² − 1].
 * @param path Names of the sub-stream.
 * @returns The stream.
 */
export function derive(seed: number, ...path: string[]): Rng {
  return Rng.seeded(seed, ...path);
}
