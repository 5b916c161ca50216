/// <reference lib="deno.worker" />
/** A runner worker: receives one unit's JSON configuration at a time and runs it. */

import { type BackendName, kernelsByName } from "../numerics/backends.ts";
import { runUnit } from "./cell.ts";
import type { CellConfig } from "./grid.ts";

interface Job {
  cell: { id: string; config: CellConfig };
  seed: number;
  baseDir?: string;
  dataDir?: string;
  backend: BackendName;
  boundary: boolean;
}

self.onmessage = async (e: MessageEvent<Job>) => {
  const { cell, seed, baseDir, dataDir, backend, boundary } = e.data;
  try {
    const result = await runUnit(cell, seed, {
      kernels: kernelsByName(backend),
      boundary,
      ...(baseDir ? { baseDir } : {}),
      ...(dataDir ? { dataDir } : {}),
      onEpoch: (epoch, of) => self.postMessage({ type: "epoch", epoch, of }),
    });
    self.postMessage({ type: "done", result });
  } catch (err) {
    self.postMessage({ type: "error", message: err instanceof Error ? err.message : String(err) });
  }
};
