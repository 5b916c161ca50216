/**
 * Joining the run folders of shards (or of any runs of the same experiment definition)
 * into one run, streaming: memory holds the units' summaries, never their epochs; and
 * incrementally: a merged run can be added to as more shards finish.
 *
 * @module
 */

import { AtomicFile, explainWriteError, writeTextAtomic } from "./atomic.ts";
import { JOURNAL } from "./journal.ts";
import { lockRun } from "./lock.ts";
import { environment } from "./provenance.ts";
import { makeRunId } from "./run_id.ts";
import { INTERVAL_METHOD } from "../analysis/stats.ts";
import type { Manifest, Plan, RunStatus, RunSummary, UnitState, UnitSummary } from "../records.ts";
import { openRun, readManifest, type StoredRun } from "./read.ts";
import { planOf, unitKey } from "./manifest.ts";
import { JournalStore } from "./unit_store.ts";
import { CompactJournal, compactJournal } from "./compact.ts";
import { writeRun } from "./views.ts";
import { checkMergeable } from "./merge_check.ts";
import { unitsToKeep, writeKeptModels } from "./models.ts";

/** Options of {@link mergeRuns}. */
export interface MergeOptions {
  /** The results folder. @default {"results"} */
  readonly out?: string;
  /** Merge even when units are missing (the merged run says `interrupted`). */
  readonly allowIncomplete?: boolean;
  /**
   * A merged run to add to: the runs it already holds whose journals have not grown since
   * are not read again, and the units of the others are added to it in place.
   */
  readonly into?: string;
}

/** Thrown when the runs to merge do not hold every unit. */
export class IncompleteMergeError extends Error {
  /**
   * The error for a merge that lacks units.
   *
   * @param message What is missing and what to do.
   */
  constructor(message: string) {
    super(message);
    this.name = "IncompleteMergeError";
  }
}

/** The merged run: its folder, manifest, status and finished units' summaries. */
export type MergedRun = RunSummary & { readonly dir: string; readonly status: RunStatus };

/**
 * What a merged run has read of each run it holds (`merged.json` in its folder): a run
 * whose manifest still says it was last updated then is not read again by an incremental
 * merge (a run rewrites its manifest whenever its units change).
 */
interface MergedSource {
  readonly dir: string;
  readonly runId: string;
  readonly updated: string;
}

/** The file in a merged run's folder that lists what it has read of each run. */
const SOURCES = "merged.json";

/**
 * Merges runs into a new run folder under `out/<experiment>/` (or, with `into`, adds them
 * to a merged run). Every run must have the same experiment, definition hash (cells, seeds
 * and data) and numerics (backend and float type); runs that are themselves merges are
 * refused. Unless `allowIncomplete`, every unit of the plan must be finished in one of
 * them: otherwise nothing is written and the error names the missing shards and units.
 * The merged run holds the union of their finished units; its views are ordered as an
 * unsharded run's would be.
 *
 * The inputs are streamed: each run's journal is read through once for its units'
 * summaries and where each line is, and its lines are copied into the merged journal as
 * they are, so memory holds summaries, never every unit's epochs.
 *
 * @param dirs The run folders.
 * @param options The results folder; whether an incomplete set may be merged; a merged
 * run to add to.
 * @returns The merged run.
 */
export async function mergeRuns(
  dirs: readonly string[],
  options: MergeOptions = {},
): Promise<MergedRun> {
  if (dirs.length === 0) throw new TypeError("Cannot merge: no run folders given");
  const into = options.into === undefined ? undefined : await openMerged(options.into);
  const { runs, skipped } = await openInputs(dirs, into?.sources ?? []);
  if (runs.length === 0 && into) {
    return {
      dir: into.run.dir,
      manifest: into.run.manifest,
      units: into.run.store.summaries,
      status: into.run.manifest.status,
    };
  }
  const first = runs[0]!;
  checkMergeable(runs);
  if (into && into.run.manifest.definitionHash !== first.manifest.definitionHash) {
    throw new TypeError(
      `Cannot merge into ${into.run.dir}: it merges another definition (${into.run.manifest.definitionHash}, not ${first.manifest.definitionHash})`,
    );
  }
  const plan = await wholePlan(first);
  const owner = new Map<string, StoredRun>();
  for (const run of [...(into ? [into.run] : []), ...runs]) {
    for (const key of run.store.summaries.keys()) if (!owner.has(key)) owner.set(key, run);
  }
  const status = mergedStatus(plan, owner, runs, options.allowIncomplete === true);
  const started = new Date();
  const dir = into?.run.dir ??
    `${options.out ?? "results"}/${plan.experiment}/${
      makeRunId(started, `${plan.definitionHash}|merge|${dirs.join("|")}`)
    }`;
  if (into === undefined) {
    try {
      await Deno.mkdir(dir, { recursive: true });
    } catch (e) {
      throw explainWriteError(e, dir);
    }
  }
  const lock = await lockRun(dir, `merge of ${plan.experiment}`);
  try {
    const store = await writeMergedJournal(dir, plan, owner, into?.run);
    const ids = [...(into?.run.manifest.mergedFrom ?? []), ...runs.map((r) => r.manifest.runId)];
    const sourceDirs = [...new Set([...(into?.sources.map((s) => s.dir) ?? []), ...dirs])];
    const head = await mergedManifest(first.manifest, {
      dir,
      status,
      started,
      plan,
      units: store.summaries,
      from: {
        ids: [...new Set(ids)],
        dirs: sourceDirs,
        started: [
          ...(into ? [into.run.manifest.started] : []),
          ...runs.map((r) => r.manifest.started),
        ],
      },
    });
    const manifest = await withKeptModels(head, { dir, sourceDirs, plan, store });
    await writeRun(dir, manifest, plan, store);
    if (status === "completed") await compactJournal(dir).catch(() => {}); // only smaller
    const read = runs.map((r) => ({
      dir: r.dir,
      runId: r.manifest.runId,
      updated: r.manifest.updated,
    }));
    const merged = new Map(
      [...(into?.sources ?? []), ...skipped, ...read].map((s) => [s.runId, s]),
    );
    await writeTextAtomic(
      `${dir}/${SOURCES}`,
      JSON.stringify([...merged.values()], null, 2) + "\n",
    );
    return { dir, manifest, units: store.summaries, status };
  } finally {
    lock.release();
  }
}

/**
 * The runs to read: each given folder opened (its journal scanned), except those a merged
 * run being added to has read already and that have ended and not been updated since.
 */
async function openInputs(
  dirs: readonly string[],
  known: readonly MergedSource[],
): Promise<{ runs: StoredRun[]; skipped: MergedSource[] }> {
  const byId = new Map(known.map((s) => [s.runId, s]));
  const runs: StoredRun[] = [];
  const skipped: MergedSource[] = [];
  for (const dir of dirs) {
    const manifest = await readManifest(dir);
    const seen = byId.get(manifest.runId);
    // A running run may have journalled units since its manifest was written: read again.
    const unchanged = seen?.updated === manifest.updated && manifest.status !== "running";
    if (seen && unchanged) skipped.push({ ...seen, dir });
    else runs.push(await openRun(dir));
  }
  return { runs, skipped };
}

/**
 * `completed` when every unit of the plan has a run that holds it; else `interrupted` when
 * an incomplete merge is allowed, and an {@link IncompleteMergeError} naming what is
 * missing when it is not.
 */
function mergedStatus(
  plan: Plan,
  owner: ReadonlyMap<string, StoredRun>,
  runs: readonly StoredRun[],
  allowIncomplete: boolean,
): RunStatus {
  const missing = plan.cells.flatMap((c) =>
    plan.seeds.filter((s) => !owner.has(unitKey(c.id, s))).map((s) => ({ cell: c, seed: s }))
  );
  if (missing.length > 0 && !allowIncomplete) {
    throw new IncompleteMergeError(
      `Cannot merge: ${missing.length} of ${
        plan.cells.length * plan.seeds.length
      } units are in none of these runs${missingShards(runs)}; first missing: ${
        missing.slice(0, 3).map((m) => `${m.cell.label} seed ${m.seed}`).join(", ")
      }. Resume the unfinished runs (deno task experiment --resume <run folder>), or pass --allow-incomplete`,
    );
  }
  return missing.length === 0 ? "completed" : "interrupted";
}

/** A merged run to add to, and what it has read of each run it holds. */
async function openMerged(dir: string): Promise<{ run: StoredRun; sources: MergedSource[] }> {
  const run = await openRun(dir);
  if (run.manifest.mergedFrom === undefined) {
    throw new TypeError(
      `Cannot merge into ${dir}: it is not a merged run (deno task merge makes one)`,
    );
  }
  const sources = await Deno.readTextFile(`${dir}/${SOURCES}`).then(
    (text) => JSON.parse(text) as MergedSource[],
    () => [] as MergedSource[], // a merge made before merged.json: every run is read again
  );
  return { run, sources };
}

/**
 * The merged journal: each unit's line copied as it is from the run that has it (the
 * first given), run by run. A new merged run's journal is written to a temporary file and
 * put in place at once; a merged run added to gets the new lines appended (a torn last
 * line, if this is killed, is dropped on the next read).
 */
async function writeMergedJournal(
  dir: string,
  plan: Plan,
  owner: ReadonlyMap<string, StoredRun>,
  into: StoredRun | undefined,
): Promise<JournalStore> {
  const path = `${dir}/${JOURNAL}`;
  const store = into?.journal?.store ?? new JournalStore(path, plan.seeds[0]);
  let offset = into?.journal?.validLength ?? 0;
  if (into?.journal) await Deno.truncate(path, offset);
  const out = into?.journal
    ? new AppendFile(await Deno.open(path, { write: true, append: true }))
    : await AtomicFile.create(path);
  try {
    for (const run of new Set(owner.values())) {
      if (run === into && into.journal) continue; // its lines are in the journal already
      for await (const { key, text, length } of ownLines(run, plan, owner)) {
        await out.write(text);
        store.add(run.store.summaries.get(key)!, offset, length);
        offset += length;
      }
    }
  } catch (e) {
    await out.abort();
    throw e;
  }
  await out.commit();
  return store;
}

/** Appends text to an open file, as {@link AtomicFile} writes a new one. */
class AppendFile {
  readonly #file: Deno.FsFile;
  readonly #encoder = new TextEncoder();
  constructor(file: Deno.FsFile) {
    this.#file = file;
  }
  async write(text: string): Promise<void> {
    const bytes = this.#encoder.encode(text);
    for (let n = 0; n < bytes.length;) n += await this.#file.write(bytes.subarray(n));
  }
  commit(): Promise<void> {
    this.#file.close();
    return Promise.resolve();
  }
  abort(): Promise<void> {
    return this.commit();
  }
}

/**
 * The journal lines of the units a run is the merge's source of: from a plain journal, read
 * where they are (plan order, neighbours at once); from a compacted journal or a run from
 * before the journal, in the order stored.
 */
async function* ownLines(
  run: StoredRun,
  plan: Plan,
  owner: ReadonlyMap<string, StoredRun>,
): AsyncIterable<{ key: string; text: string; length: number }> {
  if (run.journal) {
    const cells = plan.cells.filter((c) =>
      plan.seeds.some((s) => owner.get(unitKey(c.id, s)) === run)
    );
    const decoder = new TextDecoder();
    for await (
      const { cell, seed, bytes } of run.journal.store.lines({ cells, seeds: plan.seeds })
    ) {
      const key = unitKey(cell.id, seed);
      if (owner.get(key) === run) yield { key, text: decoder.decode(bytes), length: bytes.length };
    }
    return;
  }
  const encoder = new TextEncoder();
  const lines = run.store instanceof CompactJournal
    ? run.store.keyedLines()
    : mapAsync(run.store.stored(), ({ line, unit }) => ({
      key: unitKey(unit.cellId, unit.seed),
      line,
    }));
  for await (const { key, line } of lines) {
    if (owner.get(key) === run) yield { key, text: line, length: encoder.encode(line).length };
  }
}

async function* mapAsync<T, U>(items: AsyncIterable<T>, f: (item: T) => U): AsyncIterable<U> {
  for await (const item of items) yield f(item);
}

/**
 * The whole plan of the runs merged: from the plan file a shard's manifest points to (a
 * shard lists only its own cells), else from the manifest itself (an unsharded run, or a
 * shard made before plan files, which listed every cell).
 */
async function wholePlan(run: { dir: string; manifest: Manifest }): Promise<Plan> {
  const ref = run.manifest.plan;
  if (ref === undefined) return planOf(run.manifest);
  const path = `${run.dir}/${ref.file}`;
  let plan: Plan;
  try {
    plan = JSON.parse(await Deno.readTextFile(path)) as Plan;
  } catch (e) {
    throw new TypeError(
      `Cannot merge: the plan of ${run.dir} is not readable at ${path} (${
        (e as Error).message
      }); every shard of an array writes it there`,
    );
  }
  if (plan.definitionHash !== run.manifest.definitionHash || plan.cells?.length !== ref.cells) {
    throw new TypeError(
      `Cannot merge: ${path} is not the plan of ${run.dir} (definition ${plan.definitionHash}, ${plan.cells?.length} cells; the run says ${run.manifest.definitionHash}, ${ref.cells})`,
    );
  }
  return plan;
}

/** The merged run's manifest: the first run's, with every cell included and its units' states. */
async function mergedManifest(
  first: Manifest,
  at: {
    dir: string;
    status: RunStatus;
    started: Date;
    plan: Plan;
    units: ReadonlyMap<string, UnitSummary>;
    from: { ids: readonly string[]; dirs: readonly string[]; started: readonly string[] };
  },
): Promise<Manifest> {
  const { dir, status, started, plan, units, from } = at;
  const { plan: _shardPlan, mergedFrom: _from, resumed: _resumed, ...base } = first;
  const now = started.toISOString();
  return {
    ...base,
    runId: dir.split("/").at(-1)!,
    status,
    intervals: INTERVAL_METHOD,
    shard: null,
    mergedFrom: from.ids,
    flags: { merge: from.dirs },
    environment: await environment(first.environment.kernels),
    started: [...from.started].sort()[0]!,
    updated: now,
    ended: now,
    cells: plan.cells.map(({ id, index, label, params, config }) => ({
      id,
      index,
      label,
      params,
      config,
      included: true,
      units: Object.fromEntries(
        plan.seeds.map((
          s,
        ): [string, UnitState] => [String(s), units.get(unitKey(id, s))?.status ?? "pending"]),
      ),
    })),
  };
}

/**
 * A completed merge keeps the models of its best cells — known only now that every cell is
 * here — from the shards' model logs.
 */
async function withKeptModels(
  manifest: Manifest,
  at: { dir: string; sourceDirs: readonly string[]; plan: Plan; store: JournalStore },
): Promise<Manifest> {
  const top = manifest.models?.top ?? 0;
  if (manifest.status !== "completed" || top === 0) return manifest;
  const keep = unitsToKeep(
    { manifest: { ...manifest, cells: at.plan.cells }, units: at.store.summaries },
    top,
  );
  const { models } = await writeKeptModels(at.dir, at.sourceDirs, keep);
  return { ...manifest, models: { top, files: models } };
}

/** ` (shards 2/4 and 3/4 are missing)` when shard runs are merged and some are absent. */
function missingShards(runs: readonly { dir: string; manifest: Manifest }[]): string {
  const shards = runs.map((r) => r.manifest.shard).filter((s) => s !== null);
  if (shards.length === 0) return "";
  const count = shards[0]!.count;
  const have = new Set(shards.map((s) => s.index));
  const absent = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !have.has(i));
  const unfinished = runs.filter((r) => r.manifest.status !== "completed").map((r) =>
    `${
      r.manifest.shard ? `${r.manifest.shard.index}/${r.manifest.shard.count}` : "run"
    } (${r.dir}, ${r.manifest.status})`
  );
  const parts = [
    ...(absent.length
      ? [
        `shard${absent.length > 1 ? "s" : ""} ${
          absent.map((i) => `${i}/${count}`).join(", ")
        } not given`,
      ]
      : []),
    ...(unfinished.length ? [`unfinished: ${unfinished.join(", ")}`] : []),
  ];
  return parts.length ? ` (${parts.join("; ")})` : "";
}
