/**
 * The wasm kernels' helper threads: bands of rows of large products and of bias-and-
 * activation passes computed in parallel, on the same shared memory.
 *
 * @module
 */

import { Worker as NodeWorker } from "node:worker_threads";
import { type Job, JOBS } from "./_wasm_jobs.ts";
import type { Exports, Heap } from "./_wasm_heap.ts";

/**
 * Helper threads (Node-style workers, unref'd so they never keep the process alive) that
 * compute bands of rows of products and of bias-and-activation passes; the caller computes
 * the first band and waits for the rest.
 */
export class ThreadPool {
  readonly #controls: Int32Array[];
  readonly #seq: number[];
  readonly #wasm: Exports;

  private constructor(controls: Int32Array[], wasm: Exports) {
    this.#controls = controls;
    this.#seq = controls.map(() => 0);
    this.#wasm = wasm;
  }

  static start(
    threads: number,
    memory: WebAssembly.Memory,
    module: WebAssembly.Module,
    heap: Heap,
    wasm: Exports,
  ): ThreadPool | undefined {
    if (!Number.isInteger(threads) || threads < 1) {
      throw new RangeError(
        `Cannot start the wasm kernels: threads must be a positive integer, got ${threads}`,
      );
    }
    if (threads === 1 || !import.meta.url.startsWith("file:")) return undefined;
    // Helper threads load their module from disk: only where reading it is already allowed
    // (never a permission prompt, never an error), else one thread does all the work.
    const helper = new URL("./_wasm_thread.ts", import.meta.url);
    const read = Deno.permissions.querySync({ name: "read", path: helper });
    if (read.state !== "granted") return undefined;
    const controls: Int32Array[] = [];
    for (let t = 1; t < threads; t++) {
      const control = heap.allocate(64);
      controls.push(new Int32Array(memory.buffer, control, 16).fill(0));
      const worker = new NodeWorker(helper, {
        workerData: { memory, module, control },
      });
      worker.unref();
    }
    return new ThreadPool(controls, wasm);
  }

  /**
   * Splits rows [0, m) into one band per thread, hands all but the first to the helpers,
   * computes the first here, and returns when every band is done.
   */
  run(job: Job, m: number, args: (i0: number, i1: number) => number[]): void {
    const parts = this.#controls.length + 1;
    const step = Math.ceil(m / parts / 4) * 4;
    const bands: [number, number][] = [];
    for (let i0 = 0; i0 < m; i0 += step) bands.push([i0, Math.min(m, i0 + step)]);
    for (let t = 1; t < bands.length; t++) {
      const ctl = this.#controls[t - 1]!;
      ctl[2] = JOBS.indexOf(job);
      ctl.set(args(...bands[t]!), 3);
      Atomics.store(ctl, 0, ++this.#seq[t - 1]!);
      Atomics.notify(ctl, 0);
    }
    (this.#wasm[job] as (...a: number[]) => void)(...args(...bands[0]!));
    for (let t = 1; t < bands.length; t++) {
      const ctl = this.#controls[t - 1]!, want = this.#seq[t - 1]!;
      // Bands take ~0.1 ms; spin briefly before sleeping.
      for (let spin = 0; Atomics.load(ctl, 1) !== want && spin < 20000; spin++);
      while (Atomics.load(ctl, 1) !== want) {
        if (Atomics.load(ctl, 10) !== 0) {
          throw new Error(
            "Cannot finish a matrix product: a wasm helper thread failed (its error is printed " +
              "above); createWasmKernels({ threads: 1 }) computes without helpers",
          );
        }
        Atomics.wait(ctl, 1, Atomics.load(ctl, 1), 10);
      }
    }
  }
}
