/// <reference lib="deno.worker" />
/** A runner worker: receives one unit's job at a time ({@link ToWorker}) and runs it. */

import { kernelsByName } from "../../numerics/backends.ts";
import { TrainingStopped } from "../../train/fit.ts";
import { errorMessage } from "../thread_error.ts";
import type { FromWorker, ToWorker } from "./messages.ts";
import { runUnit } from "./unit.ts";

const reply = (m: FromWorker) => self.postMessage(m);
let stop: Int32Array | undefined;

self.onmessage = async (e: MessageEvent<ToWorker>) => {
  if (e.data.type === "init") {
    stop = new Int32Array(e.data.stop);
    return;
  }
  const { cell, seed, baseDir, dataDir, backend, boundary, checkpoint, streams } = e.data.job;
  try {
    const result = await runUnit(cell, seed, {
      kernels: kernelsByName(backend),
      boundary,
      streams,
      ...(baseDir ? { baseDir } : {}),
      ...(dataDir ? { dataDir } : {}),
      ...(checkpoint
        ? {
          checkpoint: {
            ...checkpoint,
            stop: () => stop !== undefined && Atomics.load(stop, 0) === 1,
          },
        }
        : {}),
      onEpoch: (epoch, of, record) => reply({ type: "epoch", epoch, of, record }),
    });
    reply({ type: "done", result });
  } catch (err) {
    if (err instanceof TrainingStopped) reply({ type: "stopped", epoch: err.epoch });
    else reply({ type: "error", error: errorMessage(err) });
  }
};
