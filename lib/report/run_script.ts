/**
 * Writing a run's page data: `run.js` (the manifest and every unit's summary) and
 * `details/<k>.js` (the units' epochs and pictures, in chunks the pages load on demand),
 * streamed from the run's journal one unit at a time.
 *
 * @module
 */

import { Buffer } from "node:buffer";
import { AtomicFile } from "../experiment/store/atomic.ts";
import type { StoredRun } from "../experiment/store/read.ts";
import {
  DETAILS_DIR,
  detailsScriptHead,
  runScriptDetails,
  runScriptHead,
  runScriptSummary,
  runScriptTail,
  SCRIPT_STRING_TAIL,
} from "./payload.ts";

/** The JSON text of units' details per chunk file by default, before gzip (a few hundred KB after). */
export const DETAILS_BYTES = 1 << 20;

/**
 * A script file whose one string is gzipped, base64-encoded text, written as it comes: the
 * text goes through gzip, and the compressed bytes, three at a time (four base64
 * characters), into the file.
 */
class GzipScript {
  readonly #file: AtomicFile;
  readonly #writer: WritableStreamDefaultWriter<BufferSource>;
  readonly #encoded: Promise<void>;
  readonly #encoder = new TextEncoder();
  /** Characters of text written so far (before gzip). */
  written = 0;

  private constructor(file: AtomicFile) {
    this.#file = file;
    const gzip = new CompressionStream("gzip");
    this.#writer = gzip.writable.getWriter();
    this.#encoded = (async () => {
      let rest = new Uint8Array(0);
      for await (const chunk of gzip.readable) {
        const all = new Uint8Array(rest.length + chunk.length);
        all.set(rest), all.set(chunk, rest.length);
        const cut = all.length - (all.length % 3);
        await file.write(Buffer.from(all.subarray(0, cut)).toString("base64"));
        rest = all.slice(cut);
      }
      await file.write(Buffer.from(rest).toString("base64"));
    })();
    this.#encoded.catch(() => {}); // awaited in close or abort
  }

  /** Opens `path` (atomically replaced on close) and writes `head` as it is. */
  static async open(path: string, head: string): Promise<GzipScript> {
    const file = await AtomicFile.create(path);
    await file.write(head);
    return new GzipScript(file);
  }

  /** Writes text into the gzipped string. */
  async write(text: string): Promise<void> {
    this.written += text.length;
    await this.#writer.write(this.#encoder.encode(text));
  }

  /** Ends the string, writes `tail` as it is, and puts the file in place. */
  async close(tail: string): Promise<void> {
    await this.#writer.close();
    await this.#encoded;
    await this.#file.write(tail);
    await this.#file.commit();
  }

  /** Gives the file up. */
  async abort(reason: unknown): Promise<void> {
    await this.#writer.abort(reason).catch(() => {});
    await this.#encoded.catch(() => {});
    await this.#file.abort();
  }
}

/**
 * Writes `run.js` and `details/<k>.js`, one unit at a time as the journal streams by:
 * each unit's summary into `run.js`, its epochs and pictures into the current chunk, a new
 * chunk every `chunkBytes` of text. Chunks left from an earlier report of the run
 * beyond the new last one are removed.
 */
export async function writeRunScript(
  dir: string,
  run: StoredRun,
  chunkBytes: number,
): Promise<void> {
  const m = run.manifest, key = `${m.experiment}/${m.runId}`;
  const main = await GzipScript.open(`${dir}/run.js`, `${runScriptHead(key, m)}"gzip":"`);
  const chunks: number[] = [];
  let chunk: GzipScript | undefined;
  try {
    let position = 0;
    for await (const { unit } of run.store.stored()) {
      if (chunk === undefined || chunk.written >= chunkBytes) {
        await chunk?.write("]");
        await chunk?.close(SCRIPT_STRING_TAIL);
        if (chunks.length === 0) await Deno.mkdir(`${dir}/${DETAILS_DIR}`, { recursive: true });
        chunk = await GzipScript.open(
          `${dir}/${DETAILS_DIR}/${chunks.length}.js`,
          detailsScriptHead(key, chunks.length),
        );
        chunks.push(position);
      }
      await main.write((position === 0 ? "[" : ",") + runScriptSummary(unit));
      await chunk.write((chunk.written === 0 ? "[" : ",") + runScriptDetails(unit));
      position++;
    }
    await chunk?.write("]");
    await chunk?.close(SCRIPT_STRING_TAIL);
    chunk = undefined;
    await main.write(position === 0 ? "[]" : "]");
    await main.close(runScriptTail(chunks));
  } catch (e) {
    await chunk?.abort(e);
    await main.abort(e);
    throw e;
  }
  await removeStaleChunks(dir, chunks.length);
}

/** Removes `details/<k>.js` for k ≥ count (and the folder when nothing is left in it). */
async function removeStaleChunks(dir: string, count: number): Promise<void> {
  const folder = `${dir}/${DETAILS_DIR}`;
  let names: string[];
  try {
    names = (await Array.fromAsync(Deno.readDir(folder))).map((e) => e.name);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return;
    throw e;
  }
  for (const name of names) {
    const k = name.match(/^(\d+)\.js$/)?.[1];
    if (k !== undefined && Number(k) >= count) await Deno.remove(`${folder}/${name}`);
  }
  if (count === 0) await Deno.remove(folder).catch(() => {});
}

/** The paths of a run folder's details chunks, in order (none for runs reported before). */
export async function detailChunks(dir: string): Promise<string[]> {
  const folder = `${dir}/${DETAILS_DIR}`;
  const names = await Array.fromAsync(Deno.readDir(folder)).catch((e) => {
    if (e instanceof Deno.errors.NotFound) return [];
    throw e;
  });
  return names.flatMap((e) => /^\d+\.js$/.test(e.name) ? [parseInt(e.name)] : [])
    .sort((x, y) => x - y).map((k) => `${folder}/${k}.js`);
}
