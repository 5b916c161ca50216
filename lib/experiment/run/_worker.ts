/// <reference lib="deno.worker" />
/** A runner worker: receives one unit's job at a time ({@link ToWorker}) and runs it. */

import { kernelsByName } from "../../numerics/backends.ts";
import { TrainingStopped } from "../../train/fit.ts";
import { errorMessage } from "../thread_error.ts";
import { EpochBatcher, type FromWorker, type ToWorker } from "./messages.ts";
import { runUnit } from "./unit.ts";

const reply = (m: FromWorker) => self.postMessage(m);
let stop: Int32Array | undefined;

self.onmessage = async (e: MessageEvent<ToWorker>) => {
  if (e.data.type === "init") {
    stop = new Int32Array(e.data.stop);
    return;
  }
  const { cell, seed, baseDir, dataDir, backend, boundary, keepModel, checkpoint, streams, rung } =
    e.data.job;
  const of = cell.config.epochs;
  const epochs = new EpochBatcher((records) => reply({ type: "epochs", of, records }));
  try {
    const result = await runUnit(cell, seed, {
      kernels: kernelsByName(backend),
      boundary,
      keepModel,
      streams,
      ...(rung ? { rung } : {}),
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
      onEpoch: (_epoch, _of, record) => epochs.add(record),
    });
    epochs.flush();
    reply({ type: "done", result });
  } catch (err) {
    epochs.flush();
    if (err instanceof TrainingStopped) reply({ type: "stopped", epoch: err.epoch });
    else reply({ type: "error", error: errorMessage(err) });
  }
};
