/**
 * Watching a results folder while runs write in it, for `deno task serve`: its run folders
 * found as they appear, each running run's journal and `live.jsonl` followed a whole line
 * at a time, and what changed told to the pages that listen — a run's progress (units done,
 * diverged and left, an estimate of the time left, its workers) to every page, its finished
 * units and the epochs of its units in progress to the pages of that run, and the index's
 * new rows (`runs.js`) to the index. Reads only; what it holds per run is a few counters
 * and the epochs of the units in progress.
 *
 * @module
 */

import { JOURNAL, parseJournalLine } from "../experiment/store/journal.ts";
import { LIVE, parseLiveLine } from "../experiment/store/live.ts";
import type { EpochRecord } from "../train/fit.ts";
import { unitKey } from "../experiment/store/manifest.ts";
import type { Manifest, UnitResult } from "../experiment/records.ts";
import { type LiveRow, rowOfManifest } from "../report/index_page.ts";
import { LABELS, type Labels, readLabels } from "../experiment/store/labels.ts";
import { runScriptUnit } from "../report/payload.ts";
import { wholeLinesFrom } from "./files.ts";

/** How often the watcher looks at running runs (ms). */
export const TICK_MS = 250;
/** How often it looks for new run folders (ms). */
const DISCOVER_MS = 1000;

/** A page listening: to every run's progress, and to one run's units when `run` is set. */
export interface Listener {
  readonly run?: string;
  send(event: "run" | "units" | "epochs" | "row" | "reset", data: string): void;
}

interface RunState {
  readonly key: string;
  readonly dir: string;
  mtime: number;
  manifest?: Manifest;
  labelsTime: number;
  labels: Labels;
  journalAt: number;
  liveAt: number;
  done: number;
  diverged: number;
  workers: number;
  /** The first progress seen (for the estimate): when, and how many units were done. */
  seen?: { at: number; done: number };
  /** The epochs each unit in progress has told so far. */
  readonly inProgress: Map<string, { cell: string; seed: number; epochs: EpochRecord[] }>;
}

/** Follows a results folder's runs; see the module doc. */
export class RunWatcher {
  readonly #root: string;
  readonly #runs = new Map<string, RunState>();
  readonly #listeners = new Set<Listener>();
  #runsScriptAt = -1;
  #discovered = -Infinity;
  #ticking: Promise<void> = Promise.resolve();

  /** @param root The results folder's real path. */
  constructor(root: string) {
    this.#root = root;
  }

  /**
   * Watches until `signal` aborts: a look every {@link TICK_MS}.
   *
   * @param signal Stops the watching.
   */
  async watch(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      this.#ticking = this.tick();
      await this.#ticking;
      await new Promise((r) => setTimeout(r, TICK_MS));
    }
  }

  /**
   * A page starts listening: it is told every running run's row now, and, for a run's page,
   * that run's finished units so far and the epochs of its units in progress.
   *
   * @param listener The page.
   * @returns What stops it listening.
   */
  async listen(listener: Listener): Promise<() => void> {
    await this.#ticking; // no tick half-way: the page sees each unit once
    this.#listeners.add(listener);
    for (const run of this.#runs.values()) {
      if (run.manifest?.status === "running") listener.send("run", JSON.stringify(this.#row(run)));
    }
    const run = listener.run === undefined ? undefined : this.#runs.get(listener.run);
    if (run !== undefined) await this.#sendUnitsSoFar(run, listener);
    return () => this.#listeners.delete(listener);
  }

  async #sendUnitsSoFar(run: RunState, listener: Listener): Promise<void> {
    // Up to what the watcher has read: later lines reach the page as the watcher reads them.
    const end = run.journalAt;
    for (let at = 0; at < end;) {
      const read = await wholeLinesFrom(`${run.dir}/${JOURNAL}`, at, end - at);
      if (read === undefined || read.next === at) break;
      listener.send("units", unitsData(run.key, read.lines.map((l) => parsed(run.key, l))));
      at = read.next;
    }
    for (const epochs of run.inProgress.values()) {
      listener.send("epochs", JSON.stringify({ key: run.key, ...epochs }));
    }
  }

  /** One look: new run folders (every {@link DISCOVER_MS}), then what changed in each. */
  async tick(): Promise<void> {
    const now = performance.now();
    if (now - this.#discovered >= DISCOVER_MS) {
      this.#discovered = now;
      await this.#discover();
    }
    for (const run of this.#runs.values()) {
      await this.#look(run).catch(() => {}); // a folder being removed: looked at again later
    }
    await this.#followIndex();
  }

  async #discover(): Promise<void> {
    const found = new Set<string>();
    const walk = async (dir: string, key: string, depth: number) => {
      const entries = await Array.fromAsync(Deno.readDir(dir)).catch(() => []);
      for (const e of entries) {
        if (!e.isDirectory || e.name.startsWith(".") || e.name.startsWith("_")) continue;
        const path = `${dir}/${e.name}`, k = key ? `${key}/${e.name}` : e.name;
        if (depth >= 1 && await Deno.stat(`${path}/manifest.json`).then(() => true, () => false)) {
          found.add(k);
          if (!this.#runs.has(k)) this.#runs.set(k, newRun(k, path));
        } else if (depth < 2) await walk(path, k, depth + 1);
      }
    };
    await walk(this.#root, "", 0);
    for (const key of this.#runs.keys()) if (!found.has(key)) this.#runs.delete(key);
  }

  async #look(run: RunState): Promise<void> {
    const info = await Deno.stat(`${run.dir}/manifest.json`);
    const mtime = info.mtime?.getTime() ?? 0;
    let changed = mtime !== run.mtime;
    if (changed) {
      run.mtime = mtime;
      run.manifest = JSON.parse(await Deno.readTextFile(`${run.dir}/manifest.json`)) as Manifest;
    }
    const labelsTime = await Deno.stat(`${run.dir}/${LABELS}`)
      .then((s) => s.mtime?.getTime() ?? 0, () => 0);
    if (labelsTime !== run.labelsTime) {
      run.labelsTime = labelsTime;
      run.labels = await readLabels(run.dir).catch(() => ({ tags: [] }));
      changed = true;
    }
    if (run.manifest === undefined) return;
    const running = run.manifest.status === "running";
    const progressed = running ? await this.#follow(run) : false;
    if (!running && changed) countFromManifest(run, run.manifest); // an ended run: read once
    if (changed || progressed) this.#tell("run", () => JSON.stringify(this.#row(run)));
  }

  /** Reads a running run's new journal lines and live epochs; whether any came. */
  async #follow(run: RunState): Promise<boolean> {
    const path = `${run.dir}/${JOURNAL}`;
    let read = await wholeLinesFrom(path, run.journalAt);
    if (read !== undefined && read.size < run.journalAt) {
      // The journal was started again (a resume cut a torn line, or rebuilt it).
      Object.assign(run, { journalAt: 0, done: 0, diverged: 0 });
      this.#tell("reset", () => JSON.stringify({ key: run.key }), run.key);
      read = await wholeLinesFrom(path, 0);
    }
    let progressed = false;
    while (read !== undefined && read.lines.length > 0) {
      const units = read.lines.map((l) => parsed(run.key, l));
      for (const u of units) {
        run.done++;
        if (u.status === "diverged") run.diverged++;
        run.inProgress.delete(unitKey(u.cellId, u.seed));
      }
      run.journalAt = read.next;
      this.#tell("units", () => unitsData(run.key, units), run.key);
      progressed = true;
      read = await wholeLinesFrom(path, run.journalAt);
    }
    run.seen ??= { at: performance.now(), done: run.done };
    await this.#followLive(run);
    return progressed;
  }

  async #followLive(run: RunState): Promise<void> {
    const read = await wholeLinesFrom(`${run.dir}/${LIVE}`, run.liveAt);
    if (read === undefined) return;
    if (read.size < run.liveAt) {
      run.liveAt = 0; // a new log (the run resumed): read from its start next time
      return;
    }
    for (const line of read.lines) {
      const said = parseLiveLine(line);
      if (said === undefined) continue;
      if ("workers" in said) {
        run.workers = said.workers;
        continue;
      }
      const key = unitKey(said.cell, said.seed);
      let unit = run.inProgress.get(key);
      if (unit === undefined) run.inProgress.set(key, unit = { ...said, epochs: [] });
      unit.epochs.push(...said.epochs);
      this.#tell("epochs", () => JSON.stringify({ key: run.key, ...said }), run.key);
    }
    run.liveAt = read.next;
  }

  /** New rows of the results folder's `runs.js` (rows written once the server started). */
  async #followIndex(): Promise<void> {
    const path = `${this.#root}/runs.js`;
    if (this.#runsScriptAt < 0) {
      this.#runsScriptAt = await Deno.stat(path).then((s) => s.size, () => 0);
      return;
    }
    const read = await wholeLinesFrom(path, this.#runsScriptAt);
    if (read === undefined) return;
    if (read.size < this.#runsScriptAt) this.#runsScriptAt = 0; // rebuilt
    for (const line of read.lines) {
      const json = line.slice(line.indexOf(".push(") + 6, line.lastIndexOf(");"));
      this.#tell("row", () => json);
    }
    this.#runsScriptAt = read.next;
  }

  /** Tells the pages that listen (all, or those of one run); the data is made only for them. */
  #tell(event: Parameters<Listener["send"]>[0], data: () => string, run?: string): void {
    let text: string | undefined;
    for (const l of this.#listeners) {
      if (run === undefined || l.run === run) l.send(event, text ??= data());
    }
  }

  #row(run: RunState): LiveRow {
    const m = run.manifest!;
    const total = m.cells.filter((c) => c.included).length * m.seeds.length;
    const left = total - run.done, seen = run.seen;
    const rate = seen && run.done > seen.done
      ? (run.done - seen.done) / ((performance.now() - seen.at) / 1000)
      : 0;
    return {
      key: run.key,
      ...rowOfManifest(m, run.done, run.labels),
      chosen: [],
      live: {
        done: run.done,
        diverged: run.diverged,
        total,
        workers: run.workers,
        ...(rate > 0 && m.status === "running" ? { eta: left / rate } : {}),
      },
    };
  }
}

function parsed(key: string, line: string): UnitResult {
  return parseJournalLine(line, `${key}/${JOURNAL}`);
}

/** The data of a `units` event: the units as `run.js` holds them. */
function unitsData(key: string, units: readonly UnitResult[]): string {
  return `{"key":${JSON.stringify(key)},"units":[${units.map(runScriptUnit).join(",")}]}`;
}

function newRun(key: string, dir: string): RunState {
  return {
    key,
    dir,
    mtime: -1,
    labelsTime: -1,
    labels: { tags: [] },
    journalAt: 0,
    liveAt: 0,
    done: 0,
    diverged: 0,
    workers: 1,
    inProgress: new Map(),
  };
}

/** An ended run's counts, from its manifest's unit states. */
function countFromManifest(run: RunState, m: Manifest): void {
  let done = 0, diverged = 0;
  for (const c of m.cells) {
    for (const state of Object.values(c.units)) {
      if (state === "pending") continue;
      done++;
      if (state === "diverged") diverged++;
    }
  }
  Object.assign(run, { done, diverged });
}
