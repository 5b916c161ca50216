/**
 * The wasm kernels' memory: the module's exports as typed functions, and the allocator of
 * its shared linear memory (cache-line aligned blocks, reclaimed when the arrays viewing
 * them are garbage-collected), with the scratch blocks for operands copied in.
 *
 * @module
 */

/** The kernel module's exports. */
export interface Exports {
  matmul_nn(a: number, b: number, c: number, m: number, k: number, n: number): void;
  matmul_tn(a: number, b: number, c: number, m: number, k: number, n: number, lda: number): void;
  matmul_nt(a: number, b: number, c: number, m: number, k: number, n: number): void;
  tanh_f32(x: number, y: number, n: number): void;
  sigmoid_f32(x: number, y: number, n: number): void;
  bias_tanh_f32(z: number, b: number, y: number, rows: number, cols: number): void;
  bias_sigmoid_f32(z: number, b: number, y: number, rows: number, cols: number): void;
  tanh_grad_f32(y: number, dy: number, dx: number, n: number): void;
  axpy_f32(alpha: number, x: number, y: number, n: number): void;
  adam_f32(
    w: number,
    g: number,
    m: number,
    v: number,
    n: number,
    lr: number,
    b1: number,
    omb1: number,
    b2: number,
    omb2: number,
    eps: number,
    c1: number,
    c2: number,
  ): void;
  add_rows_f32(m: number, v: number, rows: number, cols: number): void;
  sum_rows_f32(m: number, out: number, rows: number, cols: number): void;
  first_nonfinite_f32(x: number, n: number): number;
  softmax_rows_f32(x: number, out: number, rows: number, cols: number, stats: number): void;
  mlp_epoch(
    desc: number,
    layers: number,
    x: number,
    d: number,
    labels: number,
    order: number,
    n: number,
    batch: number,
    lr: number,
    xb: number,
    logits: number,
    probs: number,
    stats: number,
    adam: number,
    statsOut: number,
  ): number;
  heap_base(): number;
}

/** A WebAssembly page. */
const PAGE = 65536;
/** Cache-line aligned blocks. */
const ALIGN = 64;
/** 4 GiB. */
export const MAX_PAGES = 65536;

/** First-fit allocation of aligned blocks in the module's memory, growing it as needed. */
export class Heap {
  readonly memory: WebAssembly.Memory;
  readonly buffers = new Set<ArrayBufferLike>();
  readonly #views = new WeakSet<ArrayBufferView>();
  #top: number;
  #free: [number, number][] = []; // [address, bytes], sorted by address
  readonly #registry = new FinalizationRegistry<[number, number]>(([ptr, bytes]) =>
    this.release(ptr, bytes)
  );

  constructor(memory: WebAssembly.Memory, base: number) {
    this.memory = memory;
    this.#top = Math.ceil(base / ALIGN) * ALIGN;
    this.buffers.add(memory.buffer);
  }

  /** Address of a new block of at least `bytes`. */
  allocate(bytes: number): number {
    const size = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
    const fit = this.#free.findIndex(([, s]) => s >= size);
    if (fit >= 0) {
      const [ptr, s] = this.#free[fit]!;
      if (s === size) this.#free.splice(fit, 1);
      else this.#free[fit] = [ptr + size, s - size];
      return ptr;
    }
    const ptr = this.#top;
    const end = ptr + size;
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      const pages = Math.max(Math.ceil((end - have) / PAGE), Math.ceil(have / PAGE / 4));
      if (have / PAGE + pages > MAX_PAGES) {
        throw new RangeError(
          `Cannot allocate ${bytes} bytes of WebAssembly memory: the 4 GiB limit is reached`,
        );
      }
      this.memory.grow(pages);
      this.buffers.add(this.memory.buffer);
    }
    this.#top = end;
    return ptr;
  }

  /** Returns a block to the free list, merging it with its neighbours. */
  release(ptr: number, bytes: number): void {
    const size = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
    const free = this.#free;
    let i = 0;
    while (i < free.length && free[i]![0] < ptr) i++;
    free.splice(i, 0, [ptr, size]);
    if (i + 1 < free.length && ptr + size === free[i + 1]![0]) {
      free[i]![1] += free[i + 1]![1];
      free.splice(i + 1, 1);
    }
    if (i > 0 && free[i - 1]![0] + free[i - 1]![1] === ptr) {
      free[i - 1]![1] += free[i]![1];
      free.splice(i, 1);
    }
  }

  /** A float32 view of `length` elements in a new block, reclaimed when the view dies. */
  floats(length: number): Float32Array {
    const bytes = length * 4, top = this.#top;
    const ptr = this.allocate(bytes);
    const view = new Float32Array(this.memory.buffer, ptr, length);
    // Blocks below the old top were used before; memory beyond it is still zero.
    if (ptr < top) view.fill(0);
    this.#registry.register(view, [ptr, bytes]);
    this.#views.add(view);
    return view;
  }

  /** Whether an array lives in this memory (its byte offset is then its address). */
  owns(data: ArrayBufferView): boolean {
    // Views this heap made are known by identity (reading .buffer of a view over shared
    // memory takes longer); others, e.g. subarrays of them, by their buffer.
    if (this.#views.has(data)) return true;
    return data instanceof Float32Array && this.buffers.has(data.buffer);
  }
}

/** Scratch blocks for operands that are not in the module's memory, one per role. */
export class Scratch {
  readonly #heap: Heap;
  #blocks: [number, number][] = [[0, 0], [0, 0], [0, 0]];
  constructor(heap: Heap) {
    this.#heap = heap;
  }
  address(slot: number, bytes: number): number {
    const [ptr, size] = this.#blocks[slot]!;
    if (size >= bytes) return ptr;
    if (size > 0) this.#heap.release(ptr, size);
    const grown = Math.max(bytes, size * 2);
    const fresh = this.#heap.allocate(grown);
    this.#blocks[slot] = [fresh, grown];
    return fresh;
  }
}
