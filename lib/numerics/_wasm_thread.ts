/**
 * A helper thread of the wasm backend: it instantiates the same module over the same shared
 * memory and computes the bands of rows (of matrix products, of a bias with its activation)
 * the main thread hands it, through a control block in that memory (no messages on the hot
 * path).
 *
 * Control block (Int32): [0] job number, [1] last job done, [2] which job (JOBS), [3…9] its
 * arguments, [10] non-zero once this thread has failed (its error is printed; the main
 * thread then stops waiting and throws). The main thread writes the arguments, then the job
 * number, and wakes us.
 */
import { workerData } from "node:worker_threads";
import { JOBS } from "./_wasm_jobs.ts";

interface Job {
  memory: WebAssembly.Memory;
  module: WebAssembly.Module;
  control: number;
}

const { memory, module, control } = workerData as Job;
const ctl = new Int32Array(memory.buffer, control, 16);
let wasm: Record<string, (...args: number[]) => void>;
try {
  wasm = new WebAssembly.Instance(module, { env: { memory } }).exports as typeof wasm;
} catch (e) {
  fail(e);
}
let seen = 0; // the control block starts zeroed: job 0 is "none yet"
for (;;) {
  // Training alternates products with short element-wise phases: spin a little for the
  // next band (a futex wake-up costs more than a band), then sleep.
  for (let spin = 0; spin < 200000 && Atomics.load(ctl, 0) === seen; spin++);
  Atomics.wait(ctl, 0, seen);
  seen = Atomics.load(ctl, 0);
  try {
    const fn = wasm[JOBS[ctl[2]!]!];
    if (fn === undefined) throw new TypeError(`no job number ${ctl[2]}`);
    fn(ctl[3]!, ctl[4]!, ctl[5]!, ctl[6]!, ctl[7]!, ctl[8]!, ctl[9]!);
  } catch (e) {
    fail(e);
  }
  Atomics.store(ctl, 1, seen);
  Atomics.notify(ctl, 1);
}

function fail(e: unknown): never {
  console.error("A wasm helper thread failed:", e);
  Atomics.store(ctl, 10, 1);
  Atomics.notify(ctl, 1);
  throw e;
}
