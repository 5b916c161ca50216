/// <reference lib="dom" />
/**
 * A run in a page: every unit's summary at once (from `run.js`), and a unit's epochs and
 * pictures only when a view draws its cell — loaded from the run's `details/<k>.js`
 * chunks, each once, so what a page reads grows with the cells it shows, not with the run.
 *
 * @module
 */

import type { RunData, UnitResult } from "../../experiment/records.ts";
import type { ComparedRun } from "../../experiment/analysis/compare.ts";
import { unitKey } from "../../experiment/store/manifest.ts";
import {
  chunkOf,
  DETAILS_DIR,
  detailsKey,
  gunzipJson,
  type PayloadUnit,
  payloadUnits,
  runFromPayload,
  type RunPayload,
  unitFromJson,
} from "../payload.ts";
import { loadScript } from "./dom.ts";

/** A run as a page holds it. */
export interface PageRun extends ComparedRun {
  /** Finished units by `<cell id>/<seed>`: summaries (in full for runs reported before). */
  readonly units: ReadonlyMap<string, PayloadUnit>;
  /**
   * The run restricted to some cells, every unit of theirs in full: their chunks are
   * loaded (once) first.
   *
   * @param cellIds The cells.
   * @returns The run with those cells only.
   */
  full(cellIds: Iterable<string>): Promise<RunData>;
}

function detailsRegistry(): Record<string, string | undefined> {
  return ((globalThis as { mlpDetails?: Record<string, string | undefined> }).mlpDetails ??= {});
}

/**
 * The run of a payload.
 *
 * @param payload The payload `run.js` registered.
 * @param dir What to call the run's folder.
 * @param folder The run folder relative to the page, where `details/` is.
 * @returns The run.
 */
export async function pageRun(payload: RunPayload, dir: string, folder: string): Promise<PageRun> {
  const list = await payloadUnits(payload);
  const run = runFromPayload(payload, dir, list);
  const chunks = payload.chunks;
  const full = new Map<string, UnitResult>();
  const position = new Map(list.map((u, i) => [unitKey(u.cellId, u.seed), i]));
  const loading = new Map<number, Promise<void>>();
  const load = (k: number) => {
    let done = loading.get(k);
    if (done === undefined) {
      done = loadChunk(payload.key, folder, k).then((details) => {
        for (const d of details) {
          const key = unitKey(d.cellId, d.seed), summary = run.units.get(key);
          if (summary !== undefined) full.set(key, { ...summary, ...d } as UnitResult);
        }
      });
      loading.set(k, done);
    }
    return done;
  };
  return {
    ...run,
    async full(cellIds) {
      const wanted = new Set(cellIds);
      const cells = payload.manifest.cells.filter((c) => wanted.has(c.id));
      const keys = cells.flatMap((c) => payload.manifest.seeds.map((s) => unitKey(c.id, s)));
      if (chunks !== undefined) {
        const needed = new Set<number>();
        for (const key of keys) {
          const at = position.get(key);
          if (at !== undefined && !full.has(key)) needed.add(chunkOf(chunks, at));
        }
        await Promise.all([...needed].map(load));
      }
      const units = new Map<string, UnitResult>();
      for (const key of keys) {
        const u = chunks === undefined
          ? run.units.get(key) as UnitResult | undefined
          : full.get(key);
        if (u !== undefined) units.set(key, u);
      }
      return { dir, manifest: { ...payload.manifest, cells }, units };
    },
  };
}

/** The details of one chunk: loaded as a script unless the page holds it already. */
async function loadChunk(
  key: string,
  folder: string,
  k: number,
): Promise<(Pick<UnitResult, "cellId" | "seed"> & Partial<UnitResult>)[]> {
  const name = detailsKey(key, k), path = `${folder}/${DETAILS_DIR}/${k}.js`;
  if (detailsRegistry()[name] === undefined) {
    await loadScript(path).catch(() => {
      throw new Error(
        `${path} did not load: the run folder is incomplete (deno task report <run folder> writes it again)`,
      );
    });
  }
  const text = detailsRegistry()[name];
  if (text === undefined) throw new Error(`${path} did not register chunk ${name}`);
  const details = await gunzipJson<(Pick<UnitResult, "cellId" | "seed"> & Partial<UnitResult>)[]>(
    text,
  );
  return details.map(unitFromJson);
}
