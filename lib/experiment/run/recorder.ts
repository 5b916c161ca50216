/**
 * The recorder: the only writer of a run folder while a run is going. It holds the
 * folder's lock, appends each finished unit to the journal (constant cost per unit), and
 * rewrites the views — `cells.csv`, `epochs.csv`, `summary.csv`, the per-unit JSON files
 * and `manifest.json` — on a timer and at the end. The timer's period grows with the time a
 * rewrite takes, so rewriting never costs more than a tenth of the run however large the
 * grid. A crash at any point leaves a consistent folder: the journal says what is done, and
 * `--resume` rebuilds the views from it.
 *
 * @module
 */

import {
  AtomicFile,
  explainWriteError,
  TEMP_PREFIX,
  writeTextAtomicSync,
} from "../store/atomic.ts";
import { JOURNAL, journalLine } from "../store/journal.ts";
import { lockRun, type RunLock } from "../store/lock.ts";
import type {
  Cell,
  Manifest,
  Plan,
  RunStatus,
  UnitResult,
  UnitState,
  UnitSummary,
} from "../records.ts";
import type { StoredRun } from "../store/read.ts";
import { JournalStore } from "../store/unit_store.ts";
import { unitKey } from "../store/manifest.ts";
import { compactJournal } from "../store/compact.ts";
import { LiveLog } from "../store/live.ts";
import { type Labels, readLabels, relabeled, writeLabels } from "../store/labels.ts";
import { type ManifestLike, writeRun } from "../store/views.ts";
import { ModelLog, MODELS_LOG, unitsToKeep, writeKeptModels } from "../store/models.ts";

/** The manifest without what the recorder fills in. */
export type ManifestBase = Omit<Manifest, "status" | "updated" | "ended" | "cells" | "error">;

/** Views are rewritten at most this often (ms), and less often when rewriting is slow. */
const MIN_REFRESH_MS = 2000;
/** A rewrite may take at most this share of the time between rewrites. */
const REFRESH_SHARE = 0.1;

/** Options of {@link Recorder.open}. */
export interface RecorderOptions {
  /** The folder is new: made here, and removed again if not even a manifest fits in it. */
  readonly create: boolean;
  /** The run being resumed: its finished units (a torn journal line is cut off). */
  readonly previous?: StoredRun;
  /** What the writer is doing, named to a second writer that is refused. */
  readonly command: string;
  /**
   * The end a completed run keeps when it is resumed with nothing left to run (its views
   * rewritten): its duration stays the time it took.
   */
  readonly ended?: string;
  /** The units trained at once (told to watchers in `live.jsonl`). @default {1} */
  readonly workers?: number;
  /** Tags to add to the run's, and a note to give it (`labels.json`). */
  readonly labels?: { readonly tags?: readonly string[]; readonly note?: string };
}

/** The writer of one run folder; see the module doc. */
export class Recorder {
  readonly dir: string;
  #plan: Plan;
  readonly #base: ManifestBase;
  #ended: string | undefined;
  readonly #included: Set<string>;
  #store: JournalStore;
  readonly #lock: RunLock;
  #journal: Deno.FsFile | undefined;
  #journalLength: number;
  #chain: Promise<void> = Promise.resolve();
  #nextRefresh = 0;
  #refreshQueued = false;
  #live: LiveLog | undefined;
  #models: ModelLog | undefined;
  #kept: Manifest["models"];

  private constructor(
    dir: string,
    plan: Plan,
    base: ManifestBase,
    included: ReadonlySet<string>,
    store: JournalStore,
    lock: RunLock,
    journalLength: number,
  ) {
    this.dir = dir;
    this.#plan = plan;
    this.#base = base;
    this.#included = new Set(included);
    this.#store = store;
    this.#lock = lock;
    this.#journalLength = journalLength;
  }

  /**
   * Opens a run folder for writing: takes its lock, cuts a torn journal line, clears
   * leftover temporary files and writes a `running` manifest and the views.
   *
   * @param dir The run folder.
   * @param plan The plan (all cells; `included` says which this run runs).
   * @param base The manifest's fixed part.
   * @param included Ids of the cells this run (or shard) runs.
   * @param options New or resumed, finished units, the lock's description.
   * @returns The recorder.
   */
  static async open(
    dir: string,
    plan: Plan,
    base: ManifestBase,
    included: ReadonlySet<string>,
    options: RecorderOptions,
  ): Promise<Recorder> {
    if (options.create) {
      try {
        await Deno.mkdir(dir, { recursive: true });
      } catch (e) {
        throw explainWriteError(e, dir);
      }
    }
    let lock: RunLock;
    try {
      lock = await lockRun(dir, options.command);
    } catch (e) {
      if (options.create) await Deno.remove(dir, { recursive: true }).catch(() => {});
      throw e instanceof Error && e.name === "RunLockedError" ? e : explainWriteError(e, dir);
    }
    const path = `${dir}/${JOURNAL}`;
    const journal = options.previous?.journal;
    const recorder = new Recorder(
      dir,
      plan,
      base,
      included,
      journal?.store ?? new JournalStore(path, plan.seeds[0]),
      lock,
      journal?.validLength ?? 0,
    );
    recorder.#ended = options.ended;
    try {
      for (const folder of [dir, `${dir}/checkpoints`]) {
        const entries = await Array.fromAsync(Deno.readDir(folder)).catch(() => []);
        for (const entry of entries) {
          if (entry.name.startsWith(TEMP_PREFIX)) await Deno.remove(`${folder}/${entry.name}`);
        }
      }
      if (journal) await Deno.truncate(path, recorder.#journalLength);
      else if (options.previous) await recorder.#startJournal(options.previous);
      recorder.#journal = await Deno.open(path, { write: true, create: true, append: true });
      if ((base.models?.top ?? 0) > 0) recorder.#models = await ModelLog.open(dir);
      await recorder.#writeViews("running");
      if (options.labels?.tags?.length || options.labels?.note !== undefined) {
        const had = await readLabels(dir).catch((): Labels => ({ tags: [] }));
        const { tags: add = [], note } = options.labels;
        await writeLabels(dir, relabeled(had, { add, ...(note === undefined ? {} : { note }) }));
      }
      recorder.#live = LiveLog.open(dir, options.workers ?? 1);
    } catch (e) {
      recorder.#journal?.close();
      recorder.#models?.close();
      lock.release();
      // A new folder that cannot even hold its manifest is removed: no empty run is left.
      if (options.create) await Deno.remove(dir, { recursive: true }).catch(() => {});
      throw explainWriteError(e, dir);
    }
    recorder.#nextRefresh = performance.now() + MIN_REFRESH_MS;
    return recorder;
  }

  /**
   * A run with no plain journal — its journal compacted (it completed), or from before the
   * journal (units read from the CSVs) — starts one with its units.
   */
  async #startJournal(previous: StoredRun): Promise<void> {
    const file = await AtomicFile.create(`${this.dir}/${JOURNAL}`);
    const encoder = new TextEncoder();
    try {
      for await (const { line, unit } of previous.store.stored()) {
        const length = encoder.encode(line).length;
        this.#store.add(unit, this.#journalLength, length);
        this.#journalLength += length;
        await file.write(line);
      }
    } catch (e) {
      await file.abort();
      throw e;
    }
    await file.commit();
  }

  /** The finished units so far, summed up (whole units are in the journal). */
  get units(): ReadonlyMap<string, UnitSummary> {
    return this.#store.summaries;
  }

  /** The finished units so far. */
  get store(): JournalStore {
    return this.#store;
  }

  /** The plan, with any cells added since the run began. */
  get plan(): Plan {
    return this.#plan;
  }

  /**
   * Adds cells decided during the run (a halving search's next rung); cells already in the
   * plan (a resumed run re-deciding a rung) are not added twice.
   *
   * @param cells The new cells (their `index` is set here).
   * @returns The cells as added (with their indices), in order.
   */
  addCells(cells: readonly Omit<Cell, "index">[]): Cell[] {
    const known = new Map(this.#plan.cells.map((c) => [c.id, c]));
    const added: Cell[] = [];
    let index = this.#plan.cells.length;
    const out = cells.map((c) => {
      const old = known.get(c.id);
      if (old) return old;
      const cell = { ...c, index: index++ };
      added.push(cell);
      return cell;
    });
    this.#plan = { ...this.#plan, cells: [...this.#plan.cells, ...added] };
    for (const c of out) this.#included.add(c.id);
    return out;
  }

  /**
   * What watchers see of the units in progress (`live.jsonl`): each unit's start and epochs.
   * Never part of the results.
   */
  get live(): Pick<LiveLog, "started" | "epoch"> | undefined {
    return this.#live;
  }

  /** The lock's stale holder this run took over from, if any. */
  get staleHolder(): RunLock["staleHolder"] {
    return this.#lock.staleHolder;
  }

  /**
   * The manifest for a status.
   *
   * @param status The run's status.
   * @param error The cause of a failure.
   * @returns The manifest.
   */
  manifest(status: RunStatus, error?: string): Manifest {
    return { ...this.#manifestLike(status, error), cells: [...this.#cells()] };
  }

  /** The manifest with its cells made one at a time as it is written. */
  #manifestLike(status: RunStatus, error?: string): ManifestLike {
    const now = new Date().toISOString();
    return {
      ...this.#base,
      ...(this.#kept ? { models: this.#kept } : {}),
      status,
      ...(error === undefined ? {} : { error }),
      updated: now,
      ended: status === "running" ? null : status === "completed" ? this.#ended ?? now : now,
      cells: { [Symbol.iterator]: () => this.#cells() },
    };
  }

  /** The manifest's cells: a shard lists its own (its manifest grows with its share). */
  *#cells(): Generator<Manifest["cells"][number]> {
    const { seeds } = this.#plan;
    for (const c of this.#plan.cells) {
      if (this.#base.plan !== undefined && !this.#included.has(c.id)) continue;
      yield {
        id: c.id,
        index: c.index,
        label: c.label,
        params: c.params,
        config: c.config,
        included: this.#included.has(c.id),
        units: Object.fromEntries(
          seeds.map((s): [string, UnitState] => [
            String(s),
            this.#store.summaries.get(unitKey(c.id, s))?.status ?? "pending",
          ]),
        ),
      };
    }
  }

  /**
   * Records a finished unit: appended to the journal before this resolves; the views
   * follow on the timer. A failed append is cut back off the journal, and rethrown.
   *
   * @param unit The unit.
   */
  record(unit: UnitResult): Promise<void> {
    const bytes = new TextEncoder().encode(journalLine(unit));
    const append = this.#chain.then(async () => {
      const file = this.#journal!;
      if (unit.model && this.#models) {
        // Before the journal: a unit in the journal has its model in the log.
        await this.#models.append(unit.cellId, unit.seed, unit.model).catch((e) => {
          throw explainWriteError(e, this.#models!.path);
        });
      }
      try {
        for (let n = 0; n < bytes.length;) n += await file.write(bytes.subarray(n));
      } catch (e) {
        await Deno.truncate(`${this.dir}/${JOURNAL}`, this.#journalLength).catch(() => {});
        throw explainWriteError(e, `${this.dir}/${JOURNAL}`);
      }
      this.#store.add(unit, this.#journalLength, bytes.length);
      this.#journalLength += bytes.length;
      this.#live?.ended(unit.cellId, unit.seed);
    });
    this.#chain = append.catch(() => {});
    if (!this.#refreshQueued && performance.now() >= this.#nextRefresh) {
      this.#refreshQueued = true;
      this.#chain = this.#chain.then(async () => {
        this.#refreshQueued = false;
        await this.#writeViews("running").catch(() => {}); // the journal has it; retried later
      });
    }
    return append;
  }

  async #writeViews(status: RunStatus, error?: string): Promise<void> {
    const started = performance.now();
    await writeRun(this.dir, this.#manifestLike(status, error), this.#plan, this.#store);
    const took = performance.now() - started;
    this.#nextRefresh = performance.now() + Math.max(MIN_REFRESH_MS, took / REFRESH_SHARE);
  }

  /**
   * Writes the final views and manifest and releases the folder. When the views cannot be
   * written (a full disk), the manifest alone is tried, so the status and its cause are
   * kept whenever there is room for them. A completed run's journal is compacted (gzipped;
   * left plain if that fails — it is only smaller).
   *
   * @param status The final status.
   * @param error The cause of a failure.
   */
  async finish(status: RunStatus, error?: string): Promise<void> {
    await this.#chain;
    try {
      if (status === "completed") await this.#keepModels();
      await this.#writeViews(status, error);
      if (status === "completed") {
        this.#models?.close();
        if (this.#kept) await Deno.remove(`${this.dir}/${MODELS_LOG}`).catch(() => {});
        this.#journal?.close();
        this.#journal = undefined;
        await compactJournal(this.dir).catch(() => {});
      }
    } catch (e) {
      // The files could not all be written (a full disk): the run is not complete, whatever
      // its units did. --resume finds every unit in the journal and writes them again.
      const manifest = `${this.dir}/manifest.json`;
      const why = `writing the run's files failed: ${
        (e as Error).message
      } (--resume ${this.dir} writes them again)`;
      const text = JSON.stringify(
        this.manifest(status === "completed" ? "failed" : status, error ?? why),
      ) + "\n";
      await Deno.writeTextFile(manifest, text).catch(() => {});
      throw e;
    } finally {
      this.#live?.close();
      this.#models?.close();
      this.#journal?.close();
      this.#journal = undefined;
      this.#lock.release();
    }
  }

  /**
   * A completed run keeps the models of its best cells (a shard keeps its log for the
   * merge, which alone sees every cell); a run resumed after that keeps what it kept.
   */
  async #keepModels(): Promise<void> {
    const top = this.#base.models?.top ?? 0;
    if (top === 0 || this.#base.plan !== undefined) return;
    const log = await Deno.stat(`${this.dir}/${MODELS_LOG}`).then(() => true, () => false);
    if (!log && (this.#base.models?.files.length ?? 0) > 0) return;
    const keep = unitsToKeep({ manifest: this.#plan, units: this.units }, top);
    const { models } = await writeKeptModels(this.dir, [this.dir], keep);
    this.#kept = { top, files: models };
  }

  /**
   * For a quit-at-once: marks the run interrupted, synchronously, and releases the folder.
   * The journal already holds every finished unit; `--resume` rebuilds the views.
   */
  abandonSync(): void {
    this.#models?.close();
    try {
      writeTextAtomicSync(
        `${this.dir}/manifest.json`,
        JSON.stringify(this.manifest("interrupted"), null, 2) + "\n",
      );
    } catch { /* the manifest says running; the journal is still whole */ }
    this.#live?.close();
    this.#journal?.close();
    this.#journal = undefined;
    this.#lock.release();
  }
}
