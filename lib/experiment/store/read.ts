/**
 * Reading a run folder back: its manifest (checked field by field) and every finished unit,
 * from the journal (checked line by line) or, for runs made before it, from the CSVs.
 *
 * @module
 */

import { ValidationError } from "../../problems.ts";
import { JOURNAL } from "./journal.ts";
import { JournalStore, memoryStore, type UnitSource } from "./unit_store.ts";
import { CompactJournal, JOURNAL_GZ } from "./compact.ts";
import { decidedDuringRun, type Manifest, type RunData, type UnitResult } from "../records.ts";
import { planOf, unitKey } from "./manifest.ts";
import { manifestProblems } from "./validate.ts";
import { readJson } from "./_files.ts";
import { readUnitsFromCsv } from "./legacy_csv.ts";

/**
 * A run's manifest, checked field by field (a {@link ValidationError} naming the file).
 *
 * @param dir The run folder.
 * @returns The manifest.
 */
export async function readManifest(dir: string): Promise<Manifest> {
  const manifestPath = `${dir}/manifest.json`;
  const kind = await Deno.stat(dir).then((s) => (s.isDirectory ? "folder" : "file"), () => "none");
  if (kind === "file") {
    throw new TypeError(
      `Cannot read ${dir} as a run: it is a file; give a run folder (results/<experiment>/<run id>)`,
    );
  }
  const value = await readJson(manifestPath, "the run's manifest");
  const problems = manifestProblems(value);
  if (problems.length > 0) throw new ValidationError(`run manifest ${manifestPath}`, problems);
  return value as Manifest;
}

/** A run folder opened without reading every unit into memory. */
export interface StoredRun {
  /** The run folder. */
  readonly dir: string;
  /** Its manifest, checked. */
  readonly manifest: Manifest;
  /** Its finished units: summaries in memory, whole units streamed from the journal. */
  readonly store: UnitSource;
  /**
   * The plain journal, when the run has one (a completed run's is compacted; runs from
   * before the journal have only CSVs).
   */
  readonly journal?: {
    /** The journal's units. */
    readonly store: JournalStore;
    /** Bytes up to the end of its last whole line (a torn last line is not counted). */
    readonly validLength: number;
  };
}

/**
 * Opens a run folder: its manifest (checked field by field) and its finished units' summaries,
 * from the journal (checked line by line, a torn last line left out) or, for runs made before
 * the journal existed, from `cells.csv` and `epochs.csv` (checked cell by cell). Only the
 * summaries stay in memory; whole units are read back one at a time from the store. Every
 * error names the file, and the line where there is one.
 *
 * @param dir The run folder.
 * @returns The run.
 */
export async function openRun(dir: string): Promise<StoredRun> {
  const manifest = await readManifest(dir);
  const plan = planOf(manifest);
  const cellIds = new Set(plan.cells.map((c) => c.id));
  // A halving, Hyperband or TPE search decides later cells as it goes: a run killed between
  // a unit's journal line and the manifest that lists its cell holds units of cells the
  // manifest does not name yet. Resuming decides that step again (the same cells, from the
  // same results) and finds them; readers see only the cells the manifest lists.
  const decidedLater = decidedDuringRun(manifest.search);
  const options = {
    firstSeed: plan.seeds[0],
    check: (u: UnitResult) =>
      !cellIds.has(u.cellId) && !decidedLater
        ? `cell ${u.cellId} is not in the manifest`
        : !plan.seeds.includes(u.seed)
        ? `seed ${u.seed} is not one of the run's seeds`
        : undefined,
  };
  if (await exists(`${dir}/${JOURNAL}`)) {
    const { store, validLength } = await JournalStore.scan(`${dir}/${JOURNAL}`, options);
    return { dir, manifest, store, journal: { store, validLength } };
  }
  if (await exists(`${dir}/${JOURNAL_GZ}`)) {
    return { dir, manifest, store: await CompactJournal.scan(`${dir}/${JOURNAL_GZ}`, options) };
  }
  return { dir, manifest, store: memoryStore(await readUnitsFromCsv(dir, manifest)) };
}

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, (e) => {
    if (e instanceof Deno.errors.NotFound) return false;
    throw e;
  });
}

/**
 * Reads a run folder back whole: its manifest and every finished unit in memory (see
 * {@link openRun}, which keeps only their summaries).
 *
 * @param dir The run folder.
 * @returns The run.
 */
export async function readRun(dir: string): Promise<RunData> {
  const { manifest, store } = await openRun(dir);
  const units = new Map<string, UnitResult>();
  for await (const { unit } of store.stored()) {
    units.set(unitKey(unit.cellId, unit.seed), unit);
  }
  return { dir, manifest, units };
}
