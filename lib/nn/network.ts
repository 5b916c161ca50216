/**
 * A network is a list of layers: forward runs them in order, backward in reverse
 * (backpropagation), and the parameters are named by position (`0.weight`).
 *
 * @module
 */

import { defaultKernels } from "../numerics/backends.ts";
import type { Kernels } from "../numerics/kernels.ts";
import { type ActivationEntry, ACTIVATIONS } from "./activations/registry.ts";
import { type DType, Matrix } from "../numerics/matrix.ts";
import type { Rng } from "../numerics/random.ts";
import { ElementWise, Softmax } from "./activations/layers.ts";
import { Dense } from "./dense.ts";
import { JUPYTER_DISPLAY, type MimeBundle } from "../_svg.ts";
import { networkBundle } from "./display.ts";
import type { Layer, Parameter } from "./layer.ts";
import { type LayerSpec, type NetworkSpec, validateNetworkSpec } from "./spec.ts";

/** Options for building a network from a spec. */
export interface BuildOptions {
  /**
   * The stream for initial weights; layer i draws from `rng.derive("<i>.weight")`, so a
   * change in one layer never shifts another's weights.
   */
  readonly rng: Rng;
  /** Kernels to compute with. @default {defaultKernels()} — WebAssembly SIMD where it exists */
  readonly kernels?: Kernels;
  /** Element type of parameters and activations. @default {"float32"} */
  readonly dtype?: DType;
}

/**
 * A feed-forward network: an input width and a list of layers.
 *
 * @example The lesson's two-layer network
 * ```ts
 * import { Network } from "../../mod.ts";
 * import { Matrix } from "../../mod.ts";
 * import { Rng } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const net = Network.build(
 *   { inputs: 2, layers: [{ kind: "dense", units: 10 }, { kind: "tanh" }, { kind: "dense", units: 2 }, { kind: "softmax" }] },
 *   { rng: Rng.seeded(1) },
 * );
 * assert.deepEqual(net.parameters().map((p) => p.name), ["0.weight", "0.bias", "2.weight", "2.bias"]);
 * const p = net.predict(Matrix.fromRows([[0.5, -1]]));
 * assert.equal(p.shape, "1×2");
 * ```
 */
export class Network {
  /** Number of input features. */
  readonly inputs: number;
  /** The layers, first to last. */
  readonly layers: readonly Layer[];
  /** The kernels the layers compute with. */
  readonly kernels: Kernels;
  readonly #dtype: DType;
  readonly #parameters: Parameter[];

  /**
   * A network from layers already built (most code uses {@link Network.build}).
   *
   * @param inputs Number of input features.
   * @param layers The layers; their widths must chain.
   * @param options Kernels and dtype the layers were made with.
   */
  constructor(
    inputs: number,
    layers: readonly Layer[],
    options: { readonly kernels?: Kernels; readonly dtype?: DType } = {},
  ) {
    this.inputs = inputs;
    this.layers = layers;
    this.kernels = options.kernels ?? defaultKernels();
    this.#dtype = options.dtype ?? "float32";
    this.#parameters = layers.flatMap((layer, i) =>
      layer.parameters().map((p) => ({ ...p, name: `${i}.${p.name}` }))
    );
  }

  /**
   * Builds a network from a JSON spec (validated; every problem reported at once).
   *
   * @param spec The spec.
   * @param options Stream, kernels, dtype.
   * @returns The network.
   */
  static build(spec: NetworkSpec, options: BuildOptions): Network {
    validateNetworkSpec(spec);
    const kernels = options.kernels ?? defaultKernels();
    const dtype = options.dtype ?? "float32";
    let width = spec.inputs;
    const layers = spec.layers.map((s: LayerSpec, i): Layer => {
      switch (s.kind) {
        case "dense": {
          const layer = new Dense(width, s.units, {
            kernels,
            dtype,
            init: s.init ?? "lecun",
            rng: options.rng.derive(`${i}.weight`),
          });
          width = s.units;
          return layer;
        }
        case "softmax":
          return new Softmax({ kernels });
        default: {
          // An activation: its parameter, if it has one, is the spec's field of that name.
          const param = (ACTIVATIONS[s.kind] as ActivationEntry).param;
          const value = param
            ? (s as Record<string, unknown>)[param.name] as number | undefined
            : undefined;
          return new ElementWise(s.kind, value, { kernels });
        }
      }
    });
    return new Network(spec.inputs, layers, { kernels, dtype });
  }

  /** Element type of parameters and activations. */
  get dtype(): DType {
    return this.#dtype;
  }

  /** Output width. */
  get outputs(): number {
    let width = this.inputs;
    for (const layer of this.layers) if (layer instanceof Dense) width = layer.units;
    return width;
  }

  /**
   * Runs every layer in order. The result is a buffer the last layer reuses on the next
   * call; use {@link predict} for a copy.
   *
   * @param x A batch, one example a row, `inputs` columns, the network's dtype.
   * @returns The output.
   */
  forward(x: Matrix): Matrix {
    if (x.cols !== this.inputs) {
      throw new TypeError(
        `Cannot run the network: expected ${this.inputs} input columns, got a batch of shape ${x.shape}`,
      );
    }
    if (x.dtype !== this.#dtype) {
      throw new TypeError(`Cannot run a ${this.#dtype} network on a ${x.dtype} batch ${x.shape}`);
    }
    const layers = this.layers;
    if (layers.length === 0) {
      this.#checkInput(x);
      return x;
    }
    let out = x;
    for (let i = 0; i < layers.length; i++) {
      const layer = layers[i]!, next = layers[i + 1];
      const fused = layer instanceof Dense && next instanceof ElementWise;
      let z: Matrix;
      if (fused) {
        // The dense layer's bias goes in with the activation: one pass over z instead of two.
        z = layer.forwardUnbiased(out);
        out = next.forwardWithBias(z, layer.bias.value.data);
      } else {
        out = z = layer.forward(out);
      }
      // A NaN or ±Infinity among a row's inputs makes every output of that row of a dense
      // layer non-finite (NaN·w and ±∞·w are never finite), so the first dense layer's output
      // z (often 6× smaller than the input) is checked instead of the input; only when it is
      // not finite is the input searched for the culprit.
      if (i === 0 && (!(layer instanceof Dense) || this.kernels.firstNonFinite(z.data) >= 0)) {
        this.#checkInput(x);
      }
      if (fused) i++; // the activation has run
    }
    return out;
  }

  #checkInput(x: Matrix): void {
    const bad = this.kernels.firstNonFinite(x.data);
    if (bad >= 0) {
      const r = Math.floor(bad / x.cols), c = bad % x.cols;
      throw new RangeError(
        `Cannot run the network: input (${r}, ${c}) of the batch ${x.shape} is ${x.data[bad]}`,
      );
    }
  }

  /**
   * Backpropagation: walks the layers in reverse, each turning ∂ℒ/∂output into
   * ∂ℒ/∂input and writing its parameters' gradients.
   *
   * @param dOutput ∂ℒ/∂output of the last forward pass.
   * @param options `inputGrad`: also return ∂ℒ/∂x (skipped by default: training needs none).
   * @returns ∂ℒ/∂x when asked for, else `null`.
   */
  backward(dOutput: Matrix, options: { readonly inputGrad?: boolean } = {}): Matrix | null {
    let g: Matrix | null = dOutput;
    for (let i = this.layers.length - 1; i >= 0 && g !== null; i--) {
      g = this.layers[i]!.backward(g, i > 0 || options.inputGrad === true);
    }
    return g;
  }

  /** Every trainable parameter, layer by layer (weights before biases). @returns Every trainable parameter, named `<layer index>.<name>`. */
  parameters(): Parameter[] {
    return this.#parameters;
  }

  /**
   * The output for a batch, as a fresh matrix (converted to the network's dtype).
   *
   * @param x A batch, one example a row.
   * @returns The output.
   */
  predict(x: Matrix): Matrix {
    return this.forward(x.dtype === this.#dtype ? x : x.clone(this.#dtype)).clone();
  }

  /**
   * How the network shows itself as the last value of a Jupyter cell (Deno's kernel): its
   * layers, their output widths and parameters.
   *
   * @returns An HTML table and the same as text.
   */
  [JUPYTER_DISPLAY](): MimeBundle {
    return networkBundle(this.inputs, this.layers, this.#dtype);
  }

  /** The network's architecture as a JSON spec (what {@link Network.build} takes). @returns The network's configuration as JSON-only data. */
  spec(): NetworkSpec {
    return { inputs: this.inputs, layers: this.layers.map((l) => l.spec()) };
  }
}
