/**
 * `deno task bench`: the performance workloads, one JSON object per line.
 *
 *   --workload mnist-mlp|kernels|grid|large-grid|study|all   (default all)
 *   --backend wasm,typescript,blas          (default: all that load here)
 *   --batch 32,128                          (mnist-mlp and kernels)
 *   --compare-peers                         also run the peers and print the ratios: numpy
 *                                           always; JAX when python3 imports jax (jax_mlp.py,
 *                                           and jax_lesson2d.py beside the study workload);
 *                                           TensorFlow.js (wasm) when <peers>/node_modules
 *                                           holds it (npm ci in a copy of the peers folder). Each
 *                                           ratio: best ÷ best, and the median of the ratios
 *                                           within each round (median_round_ratio)
 *   --peers <dir>                           where the peers live (default ../shared/peers)
 *   --openblas-coretype <name>              OPENBLAS_CORETYPE for our blas runs and the numpy
 *                                           peers alike (both use OpenBLAS); default: inherited
 *   --repeats <n>                           mnist-mlp, peers and grid: n interleaved rounds, best kept
 *                                           (default 2)
 *
 * Each mnist-mlp measurement runs in its own process, so its peak memory is its own.
 */

import { BACKEND_NAMES, type BackendName, kernelsByName, mnistDataDir } from "../mod.ts";
import { FlagError, parseFlags } from "../lib/cli/flags.ts";
import { gridBench } from "./grid.ts";
import { largeGridBench } from "./large_grid.ts";
import { extrapolate, oneShardOf, sweepAt } from "./sweep.ts";
import { kernelGflops } from "./kernels.ts";
import { mnistMlp } from "./mnist_mlp.ts";
import { jaxStudyPeer, studyBench } from "./study.ts";

const WORKLOADS = ["mnist-mlp", "kernels", "grid", "large-grid", "study", "sweep"] as const;

const USAGE = `Usage: deno task bench [flags]

Performance workloads; prints one JSON object per line.

  --workload <names>          ${WORKLOADS.join(", ")} or all (default all: every one but
                              sweep, which takes ~15 minutes); comma-separated
  --sweep-units <n,…>         sweep: the sizes run through every stage, 100 shards each
                              (default 10000,100000)
  --sweep-big <n>             sweep: also plan n units and run one 1,000-unit shard of them
                              (default 1000000; 0: skip)
  --backend <names>           ${BACKEND_NAMES.join(", ")} (default: all that load here)
  --batch <sizes>             batch sizes for mnist-mlp and kernels (default 32,128)
  --compare-peers             also run the numpy, JAX (when jax imports) and TensorFlow.js
                              (when installed) peers and print the ratios; with study, the
                              JAX peer of lesson-2d
  --peers <folder>            where the peers live (default ../shared/peers)
  --repeats <n>               interleaved rounds, best kept (default 2)
  --openblas-coretype <name>  OPENBLAS_CORETYPE for our blas runs and the numpy peers`;

function usageError(message: string): never {
  console.error(`error: ${message}\n\n${USAGE}`);
  Deno.exit(2);
}

let parsed;
try {
  parsed = parseFlags(Deno.args, {
    workload: { type: "string" },
    backend: { type: "string" },
    batch: { type: "string" },
    "compare-peers": { type: "boolean" },
    peers: { type: "string" },
    single: { type: "boolean" },
    repeats: { type: "string" },
    "openblas-coretype": { type: "string" },
    "sweep-units": { type: "string" },
    "sweep-big": { type: "string" },
  }, { positionals: false });
} catch (e) {
  if (!(e instanceof FlagError)) throw e;
  usageError(e.message);
}
if (parsed.values.help) {
  console.log(USAGE);
  Deno.exit(0);
}
const values = {
  workload: (parsed.values.workload as string | undefined) ?? "all",
  backend: parsed.values.backend as string | undefined,
  batch: (parsed.values.batch as string | undefined) ?? "32,128",
  "compare-peers": parsed.values["compare-peers"] === true,
  peers: (parsed.values.peers as string | undefined) ?? "../shared/peers",
  single: parsed.values.single === true,
  repeats: (parsed.values.repeats as string | undefined) ?? "2",
  "openblas-coretype": parsed.values["openblas-coretype"] as string | undefined,
  "sweep-units": (parsed.values["sweep-units"] as string | undefined) ?? "10000,100000",
  "sweep-big": (parsed.values["sweep-big"] as string | undefined) ?? "1000000",
};
const listed = (flag: string, text: string, allowed: readonly string[]) => {
  const items = text.split(",");
  const wrong = items.filter((w) => !allowed.includes(w));
  if (wrong.length > 0 || items.length === 0) {
    usageError(
      `--${flag}: unknown ${wrong.map((w) => `"${w}"`).join(", ")}; expected ${allowed.join(", ")}`,
    );
  }
  return items;
};
if (values.workload !== "all") listed("workload", values.workload, WORKLOADS);
if (values.backend !== undefined) listed("backend", values.backend, BACKEND_NAMES);
if (!/^\d+(,\d+)*$/.test(values.batch) || values.batch.split(",").some((b) => Number(b) < 1)) {
  usageError(`--batch: expected sizes like 32,128, got "${values.batch}"`);
}
const hundreds = (text: string) => /^\d+$/.test(text) && Number(text) % 100 === 0;
if (!values["sweep-units"].split(",").every((u) => hundreds(u) && Number(u) > 0)) {
  usageError(
    `--sweep-units: expected multiples of 100 like 10000,100000, got "${values["sweep-units"]}"`,
  );
}
if (!hundreds(values["sweep-big"]) || (Number(values["sweep-big"]) % 1000 !== 0)) {
  usageError(`--sweep-big: expected a multiple of 1000 (or 0), got "${values["sweep-big"]}"`);
}
if (!/^\d+$/.test(values.repeats) || Number(values.repeats) < 1) {
  usageError(`--repeats: expected an integer ≥ 1, got "${values.repeats}"`);
}

const emit = (o: unknown) => console.log(JSON.stringify(o));
const repeats = Math.max(1, Number(values.repeats) || 1);
const coretype: Record<string, string> = values["openblas-coretype"]
  ? { OPENBLAS_CORETYPE: values["openblas-coretype"] }
  : {};
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
const workloads: readonly string[] = values.workload === "all"
  ? WORKLOADS.filter((w) => w !== "sweep")
  : values.workload.split(",");
type Measured = Record<string, unknown> & { samples_per_s: number };

/** One mnist-mlp measurement of ours, in its own process (its own peak memory). */
async function ours(backend: BackendName, batch: number): Promise<Measured> {
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
    env: coretype,
    stdout: "piped",
    stderr: "inherit",
  }).output();
  if (!out.success) throw new Error(`mnist-mlp on ${backend} at batch ${batch} failed`);
  return JSON.parse(new TextDecoder().decode(out.stdout));
}

/** One measurement of a peer (../shared/peers), or undefined if it failed. */
async function peer(command: string, args: string[], batch: number): Promise<Measured | undefined> {
  const out = await new Deno.Command(command, {
    args: [...args, "--batch", String(batch)],
    env: { MNIST_DIR: await mnistDataDir(), OPENBLAS_NUM_THREADS: "2", ...coretype },
    stdout: "piped",
    stderr: "inherit",
  }).output();
  return out.success
    ? JSON.parse(new TextDecoder().decode(out.stdout).trim().split("\n").at(-1)!)
    : undefined;
}

/** Whether python3 imports jax (the JAX peers run only then). */
async function jaxImports(): Promise<boolean> {
  return await new Deno.Command("python3", { args: ["-c", "import jax"], stderr: "null" })
    .output().then((o) => o.success, () => false);
}

const peers: [name: string, command: string, args: string[]][] = [];
if (values["compare-peers"]) {
  peers.push(
    ["numpy-ownframework", "python3", [
      `${values.peers}/numpy_ownframework.py`,
      "--impl",
      "ownframework",
    ]],
    ["numpy-fused", "python3", [`${values.peers}/numpy_ownframework.py`, "--impl", "fused"]],
  );
  if (await jaxImports()) peers.push(["jax", "python3", [`${values.peers}/jax_mlp.py`]]);
  else console.error("(JAX peer skipped: python3 cannot import jax; pip install jax jaxlib)");
  const tfjs = await Deno.stat(`${values.peers}/node_modules/@tensorflow/tfjs-backend-wasm`).then(
    () => true,
    () => false,
  );
  if (tfjs) {
    peers.push(["tfjs-wasm", "node", [`${values.peers}/tfjs_mlp.mjs`, "--backend", "wasm"]]);
  } else {console.error(
      `(TensorFlow.js peer skipped: no node_modules in ${values.peers}; npm ci in a copy)`,
    );}
}

// The machine's speed drifts between minutes, so ours and the peers' are measured in rounds,
// each round running every configuration back to back (the slow ones — TypeScript,
// TensorFlow.js — last, so that the fast ones sit close together); the best of the rounds is
// kept, and every ratio is also taken within each round, whose median is reported.
const best = new Map<string, Measured>();
const rounds: Map<string, Measured>[] = [];
const keep = (round: Map<string, Measured>, key: string, m: Measured | undefined) => {
  if (m === undefined) return;
  round.set(key, m);
  if ((best.get(key)?.samples_per_s ?? -1) < m.samples_per_s) best.set(key, m);
};
const slow = (name: string) => name === "typescript" || name === "tfjs-wasm";
if (workloads.includes("mnist-mlp") || peers.length > 0) {
  for (let r = 0; r < repeats; r++) {
    const round = new Map<string, Measured>();
    rounds.push(round);
    for (const batch of batches) {
      for (const late of [false, true]) {
        if (workloads.includes("mnist-mlp")) {
          for (const backend of usable.filter((b) => slow(b) === late)) {
            keep(round, `${backend}/${batch}`, await ours(backend, batch));
          }
        }
        for (const [name, command, args] of peers.filter(([n]) => slow(n) === late)) {
          keep(round, `${name}/${batch}`, await peer(command, args, batch));
        }
      }
    }
  }
}
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b), h = s.length >> 1;
  return s.length % 2 === 1 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
};
if (workloads.includes("mnist-mlp")) {
  for (const batch of batches) {
    for (const backend of usable) emit({ ...best.get(`${backend}/${batch}`), best_of: repeats });
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
    for (const r of await gridBench(out, repeats)) emit(r);
  } finally {
    await Deno.remove(out, { recursive: true }).catch(() => {});
  }
}

if (workloads.includes("sweep")) {
  const out = "results/.bench-sweep";
  try {
    const bySize: Record<string, unknown>[][] = [];
    for (const units of values["sweep-units"].split(",").map(Number)) {
      const records = await sweepAt(out, units, { shards: 100, unsharded: true });
      records.forEach(emit);
      bySize.push(records);
    }
    if (bySize.length >= 2) emit(extrapolate(bySize[0]!, bySize[1]!));
    const big = Number(values["sweep-big"]);
    if (big > 0) (await oneShardOf(out, big, 1000)).forEach(emit);
  } finally {
    await Deno.remove(out, { recursive: true }).catch(() => {});
  }
}

if (workloads.includes("study")) {
  const out = "results/.bench-study";
  try {
    for (const r of await studyBench(out, navigator.hardwareConcurrency)) emit(r);
  } finally {
    await Deno.remove(out, { recursive: true }).catch(() => {});
  }
  if (values["compare-peers"] && await jaxImports()) {
    const jax = await jaxStudyPeer(values.peers);
    if (jax) emit(jax);
    else console.error("(JAX lesson-2d peer failed)");
  }
}

if (workloads.includes("large-grid")) {
  const out = "results/.bench-large";
  try {
    emit(await largeGridBench(out, navigator.hardwareConcurrency));
  } finally {
    await Deno.remove(out, { recursive: true }).catch(() => {});
  }
}

for (const batch of batches) {
  for (const [name] of peers) {
    const p = best.get(`${name}/${batch}`);
    if (p === undefined) {
      console.error(`(peer ${name} at batch ${batch} failed)`);
      continue;
    }
    emit({
      workload: "peer",
      peer: name,
      batch,
      samples_per_s: p.samples_per_s,
      test_acc: p.test_acc,
      best_of: repeats,
    });
    for (const backend of usable) {
      const rate = best.get(`${backend}/${batch}`)?.samples_per_s;
      if (rate === undefined) continue;
      const paired = rounds.flatMap((round) => {
        const a = round.get(`${backend}/${batch}`), b = round.get(`${name}/${batch}`);
        return a && b ? [a.samples_per_s / b.samples_per_s] : [];
      });
      emit({
        workload: "compare-peers",
        batch,
        backend,
        samples_per_s: rate,
        peer: name,
        peer_samples_per_s: p.samples_per_s,
        ratio: Number((rate / p.samples_per_s).toFixed(2)),
        round_ratios: paired.map((x) => Number(x.toFixed(2))),
        median_round_ratio: Number(median(paired).toFixed(2)),
      });
    }
  }
}
