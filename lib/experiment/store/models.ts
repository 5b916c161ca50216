/**
 * The trained models a run keeps. While it runs, every finished unit's final weights are
 * appended to `models.jsonl` (one line a unit, cost constant per unit); when the run (or
 * the merge of its shards) completes, the chosen cell of each data set — or the top k —
 * is known, and those cells' units are written to `models/<cell id>-s<seed>.json` in the
 * saved-network form (`saveNetwork`), each listed in the manifest with its sha256. The log
 * is then removed: a finished run's disk holds only the models it keeps.
 *
 * @module
 */

import { createHash } from "node:crypto";
import { resolve } from "node:path";
import { aggregateFinals, primaryMetric } from "../analysis/aggregate.ts";
import { chooseBest } from "../analysis/select.ts";
import type { Cell, Manifest, ModelEntry, UnitModel, UnitSummary } from "../records.ts";
import { writeTextAtomic } from "./atomic.ts";
import { unitKey } from "./manifest.ts";
import { journalLines } from "./unit_store.ts";

/** The log of every finished unit's final weights, while the run goes. */
export const MODELS_LOG = "models.jsonl";
/** The folder of the models a run keeps. */
export const MODELS_DIR = "models";

/**
 * A unit's line in {@link MODELS_LOG}: its key first, so a reader can skip the lines it
 * does not want without parsing their weights.
 *
 * @param cellId The cell.
 * @param seed The seed.
 * @param model The unit's final weights.
 * @returns The line, newline included.
 */
export function modelLine(cellId: string, seed: number, model: UnitModel): string {
  return `${JSON.stringify({ cellId, seed }).slice(0, -1)},"model":${JSON.stringify(model)}}\n`;
}

/** A unit to keep: its cell, rank among its data set's cells (1: the chosen) and seed. */
export interface KeptUnit {
  readonly cell: Pick<Cell, "id" | "label">;
  readonly group: string;
  readonly rank: number;
  readonly seed: number;
}

/**
 * The units whose models a run keeps: every finished, not diverged seed of the `top` best
 * cells of each data set, ranked as the report chooses (validation, then loss, then plan
 * order), in order of data set, rank and seed.
 *
 * @param run The plan's cells and seeds, the primary metric, the finished units.
 * @param top How many cells per data set (0: none).
 * @returns The units, in order.
 */
export function unitsToKeep(
  run: {
    readonly manifest: Pick<Manifest, "seeds" | "metrics" | "primary"> & {
      readonly cells: readonly Cell[];
    };
    readonly units: ReadonlyMap<string, UnitSummary>;
  },
  top: number,
): KeptUnit[] {
  const metric = primaryMetric(run.manifest);
  const out: KeptUnit[] = [];
  for (const choice of chooseBest(aggregateFinals(run), metric)) {
    let left = choice.cells;
    for (let rank = 1; rank <= top; rank++) {
      const chosen = chooseBest(left, metric)[0]?.chosen;
      if (chosen === undefined) break;
      left = left.filter((c) => c !== chosen);
      for (const unit of chosen.units) {
        if (unit.status === "diverged") continue;
        out.push({ cell: chosen.cell, group: choice.group, rank, seed: unit.seed });
      }
    }
  }
  return out;
}

/** The file a kept model is written to, relative to the run folder. */
export function modelFile(cellId: string, seed: number): string {
  return `${MODELS_DIR}/${cellId}-s${seed}.json`;
}

/** `sha256:<hex>` of a text's UTF-8 bytes. */
export function digestOf(text: string | Uint8Array): string {
  return `sha256:${createHash("sha256").update(text).digest("hex")}`;
}

/**
 * Writes the kept units' models into `dir/models/` from the model logs of `sources` (the
 * run folder itself, or the shards a merge reads), and returns their manifest entries.
 * A unit whose line is missing (a log cut short by a crash) is left out and named in
 * `missing`.
 *
 * @param dir The run folder to write into.
 * @param sources The folders whose `models.jsonl` to read.
 * @param keep The units to keep ({@link unitsToKeep}).
 * @returns The entries, in `keep`'s order, and the units not found.
 */
export async function writeKeptModels(
  dir: string,
  sources: readonly string[],
  keep: readonly KeptUnit[],
): Promise<{ models: ModelEntry[]; missing: string[] }> {
  const wanted = new Map(keep.map((k) => [unitKey(k.cell.id, k.seed), k]));
  const found = new Map<string, ModelEntry>();
  if (wanted.size > 0) await Deno.mkdir(`${dir}/${MODELS_DIR}`, { recursive: true });
  const put = async (k: KeptUnit, text: string) => {
    const file = modelFile(k.cell.id, k.seed);
    await writeTextAtomic(`${dir}/${file}`, text);
    const { cell, group, rank, seed } = k;
    found.set(unitKey(cell.id, seed), {
      cell: cell.id,
      label: cell.label,
      group,
      rank,
      seed,
      file,
      digest: digestOf(text),
    });
  };
  for (const source of sources) {
    if (found.size === wanted.size) break;
    for await (const { cellId, seed, model } of modelLines(`${source}/${MODELS_LOG}`, wanted)) {
      const k = wanted.get(unitKey(cellId, seed))!;
      if (!found.has(unitKey(cellId, seed))) {
        await put(k, JSON.stringify({ ...model.network, ...pick(model) }) + "\n");
      }
    }
  }
  // A completed run among the sources has kept its models already (and removed its log).
  for (const [key, k] of wanted) {
    for (const source of sources) {
      if (found.has(key) || resolve(source) === resolve(dir)) continue;
      const text = await Deno.readTextFile(`${source}/${modelFile(k.cell.id, k.seed)}`)
        .catch(() => undefined);
      if (text !== undefined) await put(k, text);
    }
  }
  const models = keep.map((k) => found.get(unitKey(k.cell.id, k.seed))).filter((e) =>
    e !== undefined
  );
  const missing = [...wanted.keys()].filter((key) => !found.has(key));
  return { models, missing };
}

function pick(model: UnitModel): Pick<UnitModel, "standardize"> {
  return model.standardize ? { standardize: model.standardize } : {};
}

/** The lines of a model log whose unit is wanted, parsed; none when there is no log. */
async function* modelLines(
  path: string,
  wanted: ReadonlyMap<string, unknown>,
): AsyncIterable<{ cellId: string; seed: number; model: UnitModel }> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return;
    throw e;
  }
  for await (const { text, torn } of journalLines(file.readable)) {
    if (torn) break; // a line cut off by a crash: its unit ran again
    const head = /^\{"cellId":("(?:[^"\\]|\\.)*"),"seed":(-?\d+),/.exec(text);
    if (head === null) continue;
    if (!wanted.has(unitKey(JSON.parse(head[1]!), Number(head[2])))) continue;
    yield JSON.parse(text);
  }
}

/**
 * The open model log of a running run: appended to as units finish; a line torn by a crash
 * is cut off when the log is opened again.
 */
export class ModelLog {
  readonly #file: Deno.FsFile;
  readonly path: string;
  private constructor(file: Deno.FsFile, path: string) {
    this.#file = file;
    this.path = path;
  }

  /**
   * Opens (or starts) a run folder's model log for appending.
   *
   * @param dir The run folder.
   * @returns The log.
   */
  static async open(dir: string): Promise<ModelLog> {
    const path = `${dir}/${MODELS_LOG}`;
    const file = await Deno.open(path, { read: true, write: true, create: true });
    try {
      await file.truncate(await wholeLinesLength(file));
      await file.seek(0, Deno.SeekMode.End);
    } catch (e) {
      file.close();
      throw e;
    }
    return new ModelLog(file, path);
  }

  /**
   * Appends a unit's model.
   *
   * @param cellId The cell.
   * @param seed The seed.
   * @param model The weights.
   */
  async append(cellId: string, seed: number, model: UnitModel): Promise<void> {
    const bytes = new TextEncoder().encode(modelLine(cellId, seed, model));
    for (let n = 0; n < bytes.length;) n += await this.#file.write(bytes.subarray(n));
  }

  /** Closes the file. */
  close(): void {
    try {
      this.#file.close();
    } catch { /* closed already */ }
  }
}

/** The length of a file up to and including its last newline (read back from the end). */
async function wholeLinesLength(file: Deno.FsFile): Promise<number> {
  const size = (await file.stat()).size;
  const chunk = new Uint8Array(1 << 16);
  for (let end = size; end > 0;) {
    const start = Math.max(0, end - chunk.length);
    await file.seek(start, Deno.SeekMode.Start);
    let got = 0;
    while (got < end - start) {
      const n = await file.read(chunk.subarray(got, end - start));
      if (n === null) break;
      got += n;
    }
    const at = chunk.subarray(0, got).lastIndexOf(10);
    if (at >= 0) return start + at + 1;
    end = start;
  }
  return 0;
}
