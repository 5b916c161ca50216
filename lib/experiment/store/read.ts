/**
 * Reading a run folder back: its manifest (checked field by field) and every finished unit,
 * from the journal (checked line by line) or, for runs made before it, from the CSVs.
 *
 * @module
 */

import { ValidationError } from "../../problems.ts";
import { JOURNAL, parseJournal } from "./journal.ts";
import type { Manifest, RunData, UnitResult } from "../records.ts";
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
  const value = await readJson(manifestPath, "the run's manifest");
  const problems = manifestProblems(value);
  if (problems.length > 0) throw new ValidationError(`run manifest ${manifestPath}`, problems);
  return value as Manifest;
}

/** A run folder read for writing: also where its journal's valid part ends. */
export interface RunForWriting {
  readonly run: RunData;
  readonly journalLength: number;
}

/**
 * Reads a run folder back: its manifest (checked field by field) and every finished unit —
 * from the journal (checked line by line), or for runs made before the journal existed,
 * from `cells.csv` and `epochs.csv` (checked cell by cell). Every error names the file,
 * and the line where there is one.
 *
 * @param dir The run folder.
 * @returns The run.
 */
export async function readRun(dir: string): Promise<RunData> {
  return (await readRunForWriting(dir)).run;
}

/**
 * {@link readRun}, also telling where the journal's valid part ends (a torn last line,
 * left by a kill mid-write, is not part of it).
 *
 * @param dir The run folder.
 * @returns The run and the journal's valid length in bytes.
 */
export async function readRunForWriting(dir: string): Promise<RunForWriting> {
  const manifest = await readManifest(dir);
  const plan = planOf(manifest);
  const cellIds = new Set(plan.cells.map((c) => c.id));
  const journalPath = `${dir}/${JOURNAL}`;
  const journal = await Deno.readTextFile(journalPath).catch((e) => {
    if (e instanceof Deno.errors.NotFound) return undefined;
    throw e;
  });
  if (journal !== undefined) {
    const read = parseJournal(
      journal,
      journalPath,
      (u) =>
        !cellIds.has(u.cellId)
          ? `cell ${u.cellId} is not in the manifest`
          : !plan.seeds.includes(u.seed)
          ? `seed ${u.seed} is not one of the run's seeds`
          : undefined,
    );
    const firstSeed = plan.seeds[0];
    const units = new Map<string, UnitResult>();
    for (const u of read.units) {
      // Only the first seed keeps its decision boundary (as an unjournalled run did).
      const { boundary, ...rest } = u;
      units.set(unitKey(u.cellId, u.seed), u.seed === firstSeed && boundary ? u : rest);
    }
    return { run: { dir, manifest, units }, journalLength: read.validLength };
  }
  return { run: { dir, manifest, units: await readUnitsFromCsv(dir, manifest) }, journalLength: 0 };
}

/** A number read from a CSV cell; "" is absent, anything else not a number is an error. */
