/**
 * Where a sharded sweep stands: the shard runs in a folder (a Slurm array's
 * `results/slurm-<job>/`), each done, running, interrupted, failed or missing. Reads each
 * shard's manifest once — small, since a shard lists only its own cells.
 *
 * @module
 */

import { liveWriter, type LockHolder } from "./lock.ts";
import { readManifest } from "./read.ts";
import type { Manifest } from "../records.ts";

/** A shard's state. */
export type ShardState = "done" | "running" | "interrupted" | "failed" | "missing";

/** One shard of the sweep. */
export interface ShardStatus {
  /** The shard's index, 1 … count. */
  readonly index: number;
  /** Its state. */
  readonly state: ShardState;
  /** Its run folder (none for a missing shard). */
  readonly dir?: string;
  /** Units finished of the shard's own. */
  readonly units?: { readonly done: number; readonly of: number };
  /** Who is writing it, for a running shard. */
  readonly holder?: LockHolder;
}

/** A sweep's shards, by experiment. */
export interface SweepStatus {
  /** The experiment. */
  readonly experiment: string;
  /** Shards in the sweep. */
  readonly count: number;
  /** Every shard, by index. */
  readonly shards: readonly ShardStatus[];
  /** The flags of a shard run, for the command that starts a missing one. */
  readonly flags: Manifest["flags"];
  /** The experiment file the shards ran. */
  readonly source: string | null;
}

/**
 * The shard runs below a folder (`<folder>/<experiment>/<run>/`), grouped by experiment.
 * A shard run whose manifest says `running` is running while its writer holds the lock (a
 * writer on this host is checked to be alive); else it was stopped and counts as
 * interrupted. A shard with two runs shows its most finished one.
 *
 * @param folder The sweep's results folder.
 * @returns One status per experiment found.
 */
export async function sweepStatus(folder: string): Promise<SweepStatus[]> {
  const out: SweepStatus[] = [];
  for (const experiment of await folders(folder)) {
    const byIndex = new Map<number, ShardStatus>();
    let count = 0, flags: SweepStatus["flags"] = {}, source: string | null = null;
    for (const run of await folders(`${folder}/${experiment}`)) {
      const dir = `${folder}/${experiment}/${run}`;
      const m = await readManifest(dir).catch(() => undefined);
      if (m?.shard == null) continue;
      count = m.shard.count, flags = m.flags, source = m.source;
      const cells = m.cells.filter((c) => c.included);
      const units = cells.flatMap((c) => Object.values(c.units));
      const holder = m.status === "running" ? await liveWriter(dir) : undefined;
      const status: ShardStatus = {
        index: m.shard.index,
        state: m.status === "completed"
          ? "done"
          : m.status === "failed"
          ? "failed"
          : holder !== undefined
          ? "running"
          : "interrupted",
        dir,
        units: { done: units.filter((u) => u !== "pending").length, of: units.length },
        ...(holder ? { holder } : {}),
      };
      const old = byIndex.get(status.index);
      if (old === undefined || rank(status) > rank(old)) byIndex.set(status.index, status);
    }
    if (count === 0) continue;
    const shards = Array.from(
      { length: count },
      (_, i) => byIndex.get(i + 1) ?? { index: i + 1, state: "missing" as const },
    );
    out.push({ experiment, count, shards, flags, source });
  }
  return out;
}

function rank(s: ShardStatus): number {
  return ["missing", "failed", "interrupted", "running", "done"].indexOf(s.state) * 1e9 +
    (s.units?.done ?? 0);
}

async function folders(dir: string): Promise<string[]> {
  const names: string[] = [];
  try {
    for await (const e of Deno.readDir(dir)) {
      if (e.isDirectory && !e.name.startsWith("_") && !e.name.startsWith(".")) names.push(e.name);
    }
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  return names.sort();
}
