/// <reference lib="deno.worker" />
/** A runner worker: receives one unit's job at a time ({@link ToWorker}) and runs it. */

import { kernelsByName } from "../numerics/backends.ts";
import { errorMessage, type FromWorker, type ToWorker } from "./messages.ts";
import { runUnit } from "./unit.ts";

const reply = (m: FromWorker) => self.postMessage(m);

self.onmessage = async (e: MessageEvent<ToWorker>) => {
  const { cell, seed, baseDir, dataDir, backend, boundary } = e.data.job;
  try {
    const result = await runUnit(cell, seed, {
      kernels: kernelsByName(backend),
      boundary,
      ...(baseDir ? { baseDir } : {}),
      ...(dataDir ? { dataDir } : {}),
      onEpoch: (epoch, of) => reply({ type: "epoch", epoch, of }),
    });
    reply({ type: "done", result });
  } catch (err) {
    reply({ type: "error", error: errorMessage(err) });
  }
};
