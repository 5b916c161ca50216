/**
 * The wasm backend's one-call epoch of a small MLP's minibatch SGD or Adam (`mlp_epoch` in
 * kernels.as.ts): the host's side — its working buffers in the module's memory (kept while
 * the shapes stay the same), the layers' descriptor, and the operands copied in when they
 * live elsewhere.
 *
 * @module
 */

import type { MlpEpoch } from "./kernels.ts";
import type { Exports, Heap } from "./_wasm_heap.ts";

/** Fields of one layer in the descriptor (see kernels.as.ts). */
const FIELDS = 15;
const ACTIVATION = { none: 0, tanh: 1, relu: 2 } as const;

/**
 * The `mlpEpoch` kernel of one wasm instance.
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
  const owned = (a: ArrayBufferView) => {
    if (!heap.owns(a)) {
      throw new TypeError("Cannot run an MLP epoch: its parameters are not in the module's memory");
    }
    return a.byteOffset;
  };
  return (e) => {
    const { layers, x, batch } = e, n = x.rows, d = x.cols, classes = e.logits.cols;
    for (const l of layers) [l.weight.data, l.bias, l.weightGrad.data, l.biasGrad].forEach(owned);
    const shape = [n, d, batch, ...layers.map((l) => `${l.weight.rows}${l.activation}`)];
    if (shape.join() !== key) {
      key = shape.join();
      // x, labels, order, logits, probs, xb, stats, descriptor, Adam's block (its 6 settings
      // and 2 corrections a batch), every example's softmax stats, then z, y, dx, dz per layer.
      const sizes = [n * d, n, n, n * classes, n * classes, batch * d, 2 * batch];
      sizes.push(FIELDS * layers.length, 6 + 2 * Math.ceil(n / batch), 2 * n);
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
    const adam = e.adam;
    const desc = descriptor(e, blocks, owned);
    if (adam) {
      // As the Adam kernel's caller passes them: float32 at the module's boundary.
      const { beta1: b1, beta2: b2 } = adam;
      blocks[8]!.set([e.lr, b1, 1 - b1, b2, 1 - b2, adam.epsilon]);
      blocks[8]!.set(adam.corrections, 6);
    }
    const stopped = wasm.mlp_epoch(
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
      adam ? blocks[8]!.byteOffset : 0,
      e.stats ? blocks[9]!.byteOffset : 0,
    );
    if (e.stats) e.stats.data.set(block(9, 2 * n));
    if (logits !== e.logits.data) e.logits.data.set(logits);
    if (probs !== e.probs.data) e.probs.data.set(probs);
    return stopped;
  };
}

/**
 * The layers' descriptor in the module's memory (block 7): per layer its widths, activation
 * and the addresses of its parameters, gradients, working buffers (blocks 10 + 4·l …) and
 * Adam's moments.
 */
function descriptor(
  e: MlpEpoch,
  blocks: readonly Float32Array[],
  owned: (a: ArrayBufferView) => number,
): Uint32Array {
  const { layers, adam } = e;
  const desc = new Uint32Array(blocks[7]!.buffer, blocks[7]!.byteOffset, FIELDS * layers.length);
  layers.forEach((l, i) => {
    const at = 10 + 4 * i, moments = adam?.moments.slice(2 * i, 2 * i + 2);
    desc.set([
      l.weight.cols,
      l.weight.rows,
      ACTIVATION[l.activation],
      l.weight.data.byteOffset,
      l.bias.byteOffset,
      l.weightGrad.data.byteOffset,
      l.biasGrad.byteOffset,
      blocks[at]!.byteOffset,
      blocks[at + 1]!.byteOffset,
      blocks[at + 2]!.byteOffset,
      blocks[at + 3]!.byteOffset,
      ...(moments ?? []).flatMap(({ m, v }) => [owned(m), owned(v)]),
    ], FIELDS * i);
  });
  return desc;
}
