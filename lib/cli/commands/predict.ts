/**
 * `deno task predict`: a kept model's predictions — class and probabilities, or values —
 * on the unit's own test (validation, training) part, on a CSV file or on a data spec,
 * written as a CSV under `results/predictions/`.
 *
 * @module
 */

// @ts-types="../../_csv_parse.d.ts"
import { parse } from "npm:csv-parse@7.0.3/sync";
// @ts-types="../../_csv_stringify.d.ts"
import { stringify } from "npm:csv-stringify@6.9.0/sync";
import { basename } from "node:path";
import { loadDataset } from "../../data/kinds/mod.ts";
import type { Dataset, LabeledDataset } from "../../data/dataset.ts";
import { Matrix } from "../../numerics/matrix.ts";
import { Rng } from "../../numerics/random.ts";
import { createLoss } from "../../nn/losses/mod.ts";
import { classify } from "../../nn/losses/registry.ts";
import { summarize } from "../../experiment/analysis/stats.ts";
import { stableHash } from "../../experiment/canonical.ts";
import { loadModel, type TrainedModel } from "../../experiment/store/load_model.ts";
import { readManifest } from "../../experiment/store/read.ts";
import { writeTextAtomic } from "../../experiment/store/atomic.ts";
import type { DatasetSpec } from "../../data/kinds/mod.ts";
import { prepare } from "../../experiment/run/unit.ts";
import type { Io } from "../progress.ts";
import { EXIT, parseCommand, UsageError } from "../usage.ts";

/** The command's usage text. */
export const USAGE: string =
  `Usage: deno task predict <run folder> <data> [--cell <id or label>] [--seed <n>] [--out <file>]

Predicts with a model the run kept (its chosen cell's, unless --cell names another kept
cell; every kept seed, unless --seed picks one) and writes one CSV row per example and seed:
seed, row, the true label (when the data has it), the predicted class and each class's
probability — or, for regression, the targets and the predicted values.

<data> is one of:
  test, validation, train   the part of each seed's split the unit held out (or trained on)
  <file>.csv                a header row with the model's feature columns (and the label's)
  '{"kind":"moons",…}'      a data spec, generated as the experiment generates its data

  --cell <id or label>  a kept cell (default: the chosen cell of the run's first data set)
  --seed <n>            one seed (default: every seed kept for the cell)
  --out <file>          where to write (default: results/predictions/<run id>-<cell>-<data>.csv)`;

/**
 * Runs the command.
 *
 * @param args Its arguments.
 * @param io Where to write.
 * @returns The exit code.
 */
export async function predictCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommand(USAGE, args, {
    cell: { type: "string" },
    seed: { type: "string" },
    out: { type: "string" },
  });
  if (values.help) return io.out(`${USAGE}\n`), EXIT.ok;
  const [run, input, ...rest] = positionals;
  if (run === undefined || input === undefined || rest.length > 0) {
    throw new UsageError(`expected a run folder and the data to predict on\n\n${USAGE}`);
  }
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (seed !== undefined && !Number.isInteger(seed)) {
    throw new UsageError(`--seed: expected a whole number, got "${values.seed}"`);
  }
  const cell = values.cell as string | undefined;
  const first = await loadModel(run, { ...(cell ? { cell } : {}), ...(seed ? { seed } : {}) });
  const manifest = await readManifest(run);
  const seeds = seed !== undefined ? [seed] : (manifest.models?.files ?? [])
    .filter((f) => f.cell === first.entry.cell).map((f) => f.seed);
  const rows: (string | number)[][] = [];
  const scores: number[] = [];
  let header: string[] = [];
  for (const s of seeds) {
    const model = s === first.entry.seed
      ? first
      : await loadModel(run, { cell: first.entry.cell, seed: s });
    const data = await dataFor(model, input, run);
    const out = predictions(model, data, s);
    header = out.header;
    rows.push(...out.rows);
    if (out.score !== undefined) scores.push(out.score);
  }
  const name = input.endsWith(".csv")
    ? basename(input, ".csv")
    : /^\w+$/.test(input)
    ? input
    : "spec";
  const path = (values.out as string | undefined) ??
    `results/predictions/${manifest.runId}-${first.entry.cell}-${name}.csv`;
  await Deno.mkdir(path.slice(0, Math.max(0, path.lastIndexOf("/"))) || ".", { recursive: true });
  await writeTextAtomic(path, stringify([header, ...rows]));
  const metric = header.includes("predicted") ? "accuracy" : "mse";
  const mean = scores.length > 0 ? ` · ${metric} ${summarize(scores).mean}` : "";
  io.out(
    `${path}: ${rows.length} rows — ${first.entry.label}, seed${seeds.length > 1 ? "s" : ""} ${
      seeds.join(", ")
    }${mean}${scores.length > 1 ? ` (mean of ${scores.join(", ")})` : ""}\n`,
  );
  return EXIT.ok;
}

/** The data a seed's model predicts on, as the network takes it (standardised if it was). */
async function dataFor(
  model: TrainedModel,
  input: string,
  run: string,
): Promise<{ x: Matrix; y: Dataset["y"] | undefined }> {
  const { config } = model;
  const seed = model.entry.seed;
  if (input === "test" || input === "validation" || input === "train") {
    const parts = await prepare(config, seed, {});
    const part = parts[input];
    if (part === undefined) {
      throw new UsageError(`${run}: the units of ${model.entry.label} have no ${input} part`);
    }
    return part;
  }
  const reference = (await prepare(config, seed, {})).train;
  const raw = input.endsWith(".csv")
    ? await csvData(input, reference, config.data)
    : await specData(input, seed);
  return { x: model.inputs(raw.x), y: raw.y };
}

async function specData(text: string, seed: number): Promise<{ x: Matrix; y: Dataset["y"] }> {
  let spec: DatasetSpec;
  try {
    spec = JSON.parse(text);
  } catch {
    throw new UsageError(
      `<data>: expected test, validation, train, a .csv file or a JSON data spec, got "${text}"`,
    );
  }
  const loaded = await loadDataset(spec, {
    rng: Rng.seeded(seed).derive("data", stableHash(spec)),
  });
  return loaded.data;
}

/** A CSV's features, in the model's feature order, and its labels when it has them. */
async function csvData(
  file: string,
  reference: LabeledDataset,
  spec: DatasetSpec,
): Promise<{ x: Matrix; y: Dataset["y"] | undefined }> {
  const text = await Deno.readTextFile(file).catch((e) => {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
    throw new Deno.errors.NotFound(`Cannot read ${file}: no such file`);
  });
  const records = parse(text, { columns: true, skip_empty_lines: true, trim: true }) as Record<
    string,
    string
  >[];
  const names = reference.featureNames;
  const columns = Object.keys(records[0] ?? {});
  const missing = names.filter((n) => !columns.includes(n));
  if (missing.length > 0) {
    throw new UsageError(
      `${file}: no column ${missing.join(", ")}; the model takes the features ${names.join(", ")}`,
    );
  }
  const x = new Matrix(records.length, names.length);
  records.forEach((r, i) =>
    names.forEach((n, j) => {
      const v = Number(r[n]);
      if (r[n] === "" || !Number.isFinite(v)) {
        throw new UsageError(
          `${file}, line ${i + 2}, column ${n}: expected a number, got "${r[n]}"`,
        );
      }
      x.set(i, j, v);
    })
  );
  const target = (spec as { target?: string }).target ?? "label";
  if (!columns.includes(target) || reference.classNames === undefined) return { x, y: undefined };
  const classes = reference.classNames;
  const y = Int32Array.from(records, (r, i) => {
    const k = classes.indexOf(r[target]!);
    if (k < 0) {
      throw new UsageError(
        `${file}, line ${i + 2}, column ${target}: unknown class "${r[target]}"; expected one of ${
          classes.join(", ")
        }`,
      );
    }
    return k;
  });
  return { x, y };
}

/** One seed's rows, and its accuracy (or mean squared error) where the data has targets. */
function predictions(
  model: TrainedModel,
  data: { x: Matrix; y: Dataset["y"] | undefined },
  seed: number,
): { header: string[]; rows: (string | number)[][]; score?: number } {
  const { network, config } = model;
  const loss = createLoss(config.loss);
  const out = network.predict(data.x);
  const regression = loss.task === "regression" && config.targets !== "onehot";
  if (regression) {
    const k = out.cols, y = data.y instanceof Matrix ? data.y : undefined;
    const header = [
      "seed",
      "row",
      ...(y ? range(k).map((j) => `target_${j}`) : []),
      ...range(k).map((j) => `predicted_${j}`),
    ];
    let sq = 0;
    const rows = range(out.rows).map((i) => {
      const yi = y ? range(k).map((j) => y.get(i, j)) : [];
      range(k).forEach((j) => y && (sq += (out.get(i, j) - y.get(i, j)) ** 2));
      return [seed, i, ...yi, ...range(k).map((j) => out.get(i, j))];
    });
    return { header, rows, ...(y ? { score: sq / (out.rows * k) } : {}) };
  }
  const classes = new Int32Array(out.rows);
  classify(loss, out, classes);
  const p = probabilities(out, config.loss);
  const labels = data.y instanceof Int32Array ? data.y : undefined;
  const header = [
    "seed",
    "row",
    ...(labels ? ["label"] : []),
    "predicted",
    ...range(p[0]?.length ?? 0).map((j) => `p_${j}`),
  ];
  let hits = 0;
  const rows = range(out.rows).map((i) => {
    if (labels && labels[i] === classes[i]) hits++;
    return [seed, i, ...(labels ? [labels[i]!] : []), classes[i]!, ...p[i]!];
  });
  return { header, rows, ...(labels ? { score: hits / out.rows } : {}) };
}

/** Each row's class probabilities: the output itself, unless the loss took logits. */
function probabilities(out: Matrix, loss: string): number[][] {
  return range(out.rows).map((i) => {
    const row = range(out.cols).map((j) => out.get(i, j));
    if (loss === "logistic") return [1 - sigmoid(row[0]!), sigmoid(row[0]!)];
    if (out.cols === 1) return [1 - row[0]!, row[0]!];
    if (loss !== "softmax_cross_entropy") return row;
    const max = Math.max(...row), e = row.map((v) => Math.exp(v - max));
    const sum = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / sum);
  });
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
