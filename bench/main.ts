/**
 * `deno task bench`: the performance workloads, one JSON object per line.
 *
 *   --workload mnist-mlp|kernels|grid|all   (default all)
 *   --backend wasm,typescript,blas          (default: all that load here)
 *   --batch 32,128                          (mnist-mlp and kernels)
 *   --compare-peers                         also run the numpy peer and print the ratios
 *   --peers <dir>                           where the peers live (default ../shared/peers)
 *
 * Each mnist-mlp measurement runs in its own process, so its peak memory is its own.
 */

import { parseArgs } from "node:util";
import { type BackendName, kernelsByName, mnistDataDir } from "../mod.ts";
import { gridBench } from "./grid.ts";
import { kernelGflops } from "./kernels.ts";
import { mnistMlp } from "./mnist_mlp.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    workload: { type: "string", default: "all" },
    backend: { type: "string" },
    batch: { type: "string", default: "32,128" },
    "compare-peers": { type: "boolean", default: false },
    peers: { type: "string", default: "../shared/peers" },
    single: { type: "boolean", default: false },
  },
});

const emit = (o: unknown) => console.log(JSON.stringify(o));
const batches = values.batch.split(",").map(Number);

function available(name: BackendName): boolean {
  try {
    kernelsByName(name);
    return true;
  } catch (e) {
    console.error(`(backend ${name} skipped: ${(e as Error).message})`);
    return false;
  }
}

// A child process: one mnist-mlp measurement.
if (values.single) {
  emit(await mnistMlp(kernelsByName(values.backend as BackendName), batches[0]!));
  Deno.exit(0);
}

const backends = (values.backend?.split(",") ?? ["wasm", "blas", "typescript"]) as BackendName[];
const usable = backends.filter(available);
const workloads = values.workload === "all"
  ? ["mnist-mlp", "kernels", "grid"]
  : values.workload.split(",");
const ours: Record<string, number> = {};

async function child(backend: BackendName, batch: number): Promise<Record<string, unknown>> {
  const out = await new Deno.Command("deno", {
    args: [
      "run",
      "--allow-read",
      ...(backend === "blas" ? ["--allow-ffi"] : []),
      new URL(import.meta.url).pathname,
      "--single",
      "--backend",
      backend,
      "--batch",
      String(batch),
    ],
    stdout: "piped",
    stderr: "inherit",
  }).output();
  if (!out.success) throw new Error(`mnist-mlp on ${backend} at batch ${batch} failed`);
  return JSON.parse(new TextDecoder().decode(out.stdout));
}

if (workloads.includes("mnist-mlp")) {
  for (const batch of batches) {
    for (const backend of usable) {
      const result = await child(backend, batch);
      ours[`${backend}/${batch}`] = result.samples_per_s as number;
      emit(result);
    }
  }
}

if (workloads.includes("kernels")) {
  for (const backend of usable) {
    for (const batch of batches) {
      for (const r of kernelGflops(kernelsByName(backend), batch)) emit(r);
    }
  }
}

if (workloads.includes("grid")) {
  const out = "results/.bench";
  try {
    for (const r of await gridBench(out)) emit(r);
  } finally {
    await Deno.remove(out, { recursive: true }).catch(() => {});
  }
}

if (values["compare-peers"]) {
  const script = `${values.peers}/numpy_ownframework.py`;
  const dataDir = await mnistDataDir();
  for (const batch of batches) {
    for (const impl of ["ownframework", "fused"]) {
      const out = await new Deno.Command("python3", {
        args: [script, "--impl", impl, "--batch", String(batch)],
        env: { MNIST_DIR: dataDir, OPENBLAS_NUM_THREADS: "2" },
        stdout: "piped",
        stderr: "inherit",
      }).output();
      if (!out.success) {
        console.error(`(numpy peer ${impl} at batch ${batch} failed)`);
        continue;
      }
      const peer = JSON.parse(new TextDecoder().decode(out.stdout).trim().split("\n").at(-1)!);
      const peerRate = peer.samples_per_s as number;
      emit({
        workload: "peer",
        peer: `numpy-${impl}`,
        batch,
        samples_per_s: peerRate,
        test_acc: peer.test_acc,
      });
      for (const backend of usable) {
        const rate = ours[`${backend}/${batch}`];
        if (rate === undefined) continue;
        emit({
          workload: "compare-peers",
          batch,
          backend,
          samples_per_s: rate,
          peer: `numpy-${impl}`,
          peer_samples_per_s: peerRate,
          ratio: Number((rate / peerRate).toFixed(2)),
        });
      }
    }
  }
}
