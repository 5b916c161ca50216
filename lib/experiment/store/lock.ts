/**
 * One writer per run folder: a lock file (`writer.lock`) held with an operating-system
 * lock for as long as a process writes the run. The kernel drops the lock when its holder
 * dies, however it dies, so a lock left by a killed run is stale by construction and is
 * taken over; the file's text (pid, host, start, command) names a live holder to whoever
 * is refused.
 *
 * @module
 */

/** The lock file's name in a run folder. */
export const LOCK_FILE = "writer.lock";

/** Who holds a run folder. */
export interface LockHolder {
  /** The holder's process id. */
  readonly pid: number;
  /** The holder's host name. */
  readonly host: string;
  /** When it took the lock (ISO 8601). */
  readonly started: string;
  /** What it is doing, e.g. `run of lesson-2d`. */
  readonly command: string;
}

/** Thrown when another process writes the run folder. */
export class RunLockedError extends Error {
  /** The holder, as its lock file says (undefined when unreadable). */
  readonly holder: LockHolder | undefined;
  /**
   * The error for a run folder another process writes.
   *
   * @param dir The run folder.
   * @param holder Its holder.
   */
  constructor(dir: string, holder: LockHolder | undefined) {
    super(
      `Cannot write ${dir}: another process is writing it (${
        holder
          ? `pid ${holder.pid} on ${holder.host}, since ${holder.started}: ${holder.command}`
          : `see ${dir}/${LOCK_FILE}`
      }). Wait for it to end, or stop it first.`,
    );
    this.name = "RunLockedError";
    this.holder = holder;
  }
}

/** A held lock. */
export interface RunLock {
  /** The stale holder this lock was taken over from, if any. */
  readonly staleHolder: LockHolder | undefined;
  /** Releases the lock and removes the lock file. */
  release(): void;
}

/** This machine's name, read without needing `--allow-sys`. */
export function hostName(): string {
  for (const path of ["/etc/hostname", "/proc/sys/kernel/hostname"]) {
    try {
      const name = Deno.readTextFileSync(path).trim();
      if (name) return name;
    } catch { /* not Linux, or not readable: try the next */ }
  }
  return "unknown host";
}

function readHolder(text: string): LockHolder | undefined {
  try {
    const h = JSON.parse(text);
    return typeof h?.pid === "number" && typeof h?.host === "string" ? h as LockHolder : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Takes the run folder's lock, or throws {@link RunLockedError} naming the holder.
 *
 * @example
 * ```ts
 * import { lockRun } from "./lock.ts";
 * import assert from "node:assert/strict";
 *
 * const dir = await Deno.makeTempDir();
 * const lock = await lockRun(dir, "first");
 * // A second process is refused; in this process, a second handle on the file shows it.
 * const again = await Deno.open(`${dir}/writer.lock`, { read: true, write: true });
 * assert.equal(await again.tryLock(true), false);
 * again.close();
 * lock.release();
 * await Deno.remove(dir, { recursive: true });
 * ```
 *
 * @param dir The run folder (it must exist).
 * @param command What the holder is doing, for the refusal message.
 * @returns The held lock.
 */
export async function lockRun(dir: string, command: string): Promise<RunLock> {
  const path = `${dir}/${LOCK_FILE}`;
  const file = await Deno.open(path, { read: true, write: true, create: true });
  if (!(await file.tryLock(true))) {
    const holder = readHolder(await Deno.readTextFile(path).catch(() => ""));
    file.close();
    throw new RunLockedError(dir, holder);
  }
  const staleHolder = readHolder(await Deno.readTextFile(path).catch(() => ""));
  const me: LockHolder = {
    pid: Deno.pid,
    host: hostName(),
    started: new Date().toISOString(),
    command,
  };
  await file.truncate(0);
  const bytes = new TextEncoder().encode(`${JSON.stringify(me)}\n`);
  for (let n = 0; n < bytes.length;) n += await file.write(bytes.subarray(n));
  let released = false;
  return {
    staleHolder,
    release() {
      if (released) return;
      released = true;
      try {
        Deno.removeSync(path);
      } catch { /* already gone, or the disk refuses: the OS lock goes with the handle */ }
      file.close();
    },
  };
}

/**
 * Who is writing a run folder now, if anyone: the lock file's holder while a process holds
 * the OS lock on it (a shared lock is refused meanwhile). A holder on another host is taken
 * as alive — its lock may not be visible from here. A lock file left by a killed writer is
 * no writer.
 *
 * @param dir The run folder.
 * @returns The holder, or undefined when nobody writes the folder.
 */
export async function liveWriter(dir: string): Promise<LockHolder | undefined> {
  const path = `${dir}/${LOCK_FILE}`;
  const holder = readHolder(await Deno.readTextFile(path).catch(() => ""));
  if (holder === undefined) return undefined;
  if (holder.host !== hostName()) return holder;
  const file = await Deno.open(path, { read: true }).catch(() => undefined);
  if (file === undefined) return undefined;
  try {
    const free = await file.tryLock(false);
    if (free) await file.unlock();
    return free ? undefined : holder;
  } finally {
    file.close();
  }
}
