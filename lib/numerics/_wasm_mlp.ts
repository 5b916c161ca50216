/**
 * The wasm backend's one-call epoch of a small MLP's minibatch SGD (`mlp_sgd_epoch` in
 * kernels.as.ts): the host's side — its working buffers in the module's memory (kept while
 * the shapes stay the same), the layers' descriptor, and the operands copied in when they
 * live elsewhere.
 *
 * @module
 */

import type { MlpEpoch } from "./kernels.ts";
import type { Exports, Heap } from "./_wasm_heap.ts";

/** Fields of one layer in the descriptor (see kernels.as.ts). */
const FIELDS = 11;

/**
 * The `mlpSgdEpoch` kernel of one wasm instance.
 *
 * @param heap The instance's memory.
 * @param wasm Its exports.
 * @returns The kernel.
 */
export function mlpEpochKernel(heap: Heap, wasm: Exports): (epoch: MlpEpoch) => number {
  let key = "", blocks: Float32Array[] = [];
  const block = (i: number, length: number) => blocks[i]!.subarray(0, length);
  const place = (data: ArrayBufferView & { length: number }, into: Float32Array) => {
    if (heap.owns(data)) return data.byteOffset;
    new Uint32Array(into.buffer, into.byteOffset, data.length).set(
      new Uint32Array(data.buffer, data.byteOffset, data.length),
    );
    return into.byteOffset;
  };
  return (e) => {
    const { layers, x, batch } = e, n = x.rows, d = x.cols, classes = e.logits.cols;
    for (const l of layers) {
      if (![l.weight.data, l.bias, l.weightGrad.data, l.biasGrad].every((a) => heap.owns(a))) {
        throw new TypeError(
          "Cannot run an MLP epoch: its parameters are not in the module's memory",
        );
      }
    }
    const shape = [n, d, batch, ...layers.map((l) => `${l.weight.rows}${l.tanh ? "t" : ""}`)];
    if (shape.join() !== key) {
      key = shape.join();
      // x, labels, order, logits, probs, xb, stats, descriptor, then z, y, dx, dz per layer.
      const sizes = [n * d, n, n, n * classes, n * classes, batch * d, 2 * batch];
      sizes.push(FIELDS * layers.length);
      for (const l of layers) {
        const units = l.weight.rows, inputs = l.weight.cols;
        sizes.push(batch * units, batch * units, batch * inputs, batch * units);
      }
      blocks = sizes.map((size) => heap.floats(Math.max(1, size)));
    }
    const px = place(x.data as Float32Array, block(0, n * d));
    const pl = place(e.labels, block(1, n)), po = place(e.order, block(2, n));
    const logits = heap.owns(e.logits.data) ? e.logits.data : block(3, n * classes);
    const probs = heap.owns(e.probs.data) ? e.probs.data : block(4, n * classes);
    const desc = new Uint32Array(blocks[7]!.buffer, blocks[7]!.byteOffset, FIELDS * layers.length);
    layers.forEach((l, i) => {
      const at = 8 + 4 * i;
      desc.set([
        l.weight.cols,
        l.weight.rows,
        l.tanh ? 1 : 0,
        l.weight.data.byteOffset,
        l.bias.byteOffset,
        l.weightGrad.data.byteOffset,
        l.biasGrad.byteOffset,
        blocks[at]!.byteOffset,
        blocks[at + 1]!.byteOffset,
        blocks[at + 2]!.byteOffset,
        blocks[at + 3]!.byteOffset,
      ], FIELDS * i);
    });
    const stopped = wasm.mlp_sgd_epoch(
      desc.byteOffset,
      layers.length,
      px,
      d,
      pl,
      po,
      n,
      batch,
      e.lr,
      blocks[5]!.byteOffset,
      logits.byteOffset,
      probs.byteOffset,
      blocks[6]!.byteOffset,
    );
    if (logits !== e.logits.data) e.logits.data.set(logits);
    if (probs !== e.probs.data) e.probs.data.set(probs);
    return stopped;
  };
}
