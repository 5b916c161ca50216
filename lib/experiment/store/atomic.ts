/**
 * Atomic file writes: write a temporary file next to the target, then rename it over
 * the target, so a crash never leaves a half-written file.
 *
 * @module
 */

/** Prefix of temporary files; a resumed run removes leftovers. */
export const TEMP_PREFIX = ".tmp-";

/**
 * Writes text to `path` atomically.
 *
 * @example
 * ```ts
 * import { writeTextAtomic } from "./atomic.ts";
 * import assert from "node:assert/strict";
 *
 * const dir = await Deno.makeTempDir();
 * await writeTextAtomic(`${dir}/a.txt`, "hello");
 * assert.equal(await Deno.readTextFile(`${dir}/a.txt`), "hello");
 * assert.deepEqual(Array.from(Deno.readDirSync(dir), (e) => e.name), ["a.txt"]);
 * await Deno.remove(dir, { recursive: true });
 * ```
 *
 * @param path The target file.
 * @param text Its new contents.
 */
export async function writeTextAtomic(path: string, text: string): Promise<void> {
  await writeBytesAtomic(path, new TextEncoder().encode(text));
}

/**
 * Writes bytes to `path` atomically.
 *
 * @param path The target file.
 * @param bytes Its new contents.
 */
export async function writeBytesAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const slash = path.lastIndexOf("/");
  const dir = slash >= 0 ? path.slice(0, slash + 1) : "";
  const temp = `${dir}${TEMP_PREFIX}${path.slice(slash + 1)}-${Deno.pid}`;
  try {
    await Deno.writeFile(temp, bytes);
    await Deno.rename(temp, path);
  } catch (e) {
    await Deno.remove(temp).catch(() => {});
    throw explainWriteError(e, path);
  }
}

/**
 * Writes text to `path` atomically and synchronously — for the moments an `await` is not
 * possible (a checkpoint inside a training loop, a manifest before a process quits).
 *
 * @param path The target file.
 * @param text Its new contents.
 */
export function writeTextAtomicSync(path: string, text: string): void {
  const slash = path.lastIndexOf("/");
  const temp = `${path.slice(0, slash + 1)}${TEMP_PREFIX}${path.slice(slash + 1)}-${Deno.pid}`;
  try {
    Deno.writeTextFileSync(temp, text);
    Deno.renameSync(temp, path);
  } catch (e) {
    try {
      Deno.removeSync(temp);
    } catch { /* never written */ }
    throw explainWriteError(e, path);
  }
}

/**
 * Turns a permission or missing-folder error into a message that says what to do.
 *
 * @param e The error.
 * @param path What was being written.
 * @returns The error to throw.
 */
export function explainWriteError(e: unknown, path: string): unknown {
  if (e instanceof Deno.errors.NotCapable && /read access/.test(e.message)) {
    // A run reads its own folder back (its lock, resume, the report): write alone is not enough.
    return new Deno.errors.PermissionDenied(
      `Cannot write ${path}: Deno may write but not read there, and a run reads its own folder back (run with --allow-read=<that folder> as well as --allow-write)`,
    );
  }
  if (e instanceof Deno.errors.NotCapable) {
    return new Deno.errors.PermissionDenied(
      `Cannot write ${path}: Deno has no write permission there (run with --allow-write=<that folder>)`,
    );
  }
  if (e instanceof Deno.errors.PermissionDenied) {
    return new Deno.errors.PermissionDenied(`Cannot write ${path}: the folder is not writable`);
  }
  if (e instanceof Deno.errors.NotFound) {
    return new Deno.errors.NotFound(`Cannot write ${path}: the folder does not exist`);
  }
  if (e instanceof Error) {
    const wrapped = new Error(`Cannot write ${path}: ${e.message}`);
    wrapped.name = e.name;
    return wrapped;
  }
  return e;
}

/** Bytes an {@link AtomicFile} gathers before it writes them out. */
const BUFFER_BYTES = 1 << 20;

/**
 * A file written piece by piece and put in place atomically: the pieces go to a temporary
 * file beside the target, which {@link AtomicFile.commit} renames over it. A file too
 * large to build as one string in memory (a 10⁵-unit run's views) is written this way.
 *
 * @example
 * ```ts
 * import { AtomicFile } from "./atomic.ts";
 * import assert from "node:assert/strict";
 *
 * const dir = await Deno.makeTempDir();
 * const file = await AtomicFile.create(`${dir}/a.csv`);
 * await file.write("x\n");
 * await file.write("1\n");
 * await file.commit();
 * assert.equal(await Deno.readTextFile(`${dir}/a.csv`), "x\n1\n");
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export class AtomicFile {
  readonly path: string;
  readonly #temp: string;
  readonly #file: Deno.FsFile;
  readonly #encoder = new TextEncoder();
  #pieces: string[] = [];
  #pending = 0;

  private constructor(path: string, temp: string, file: Deno.FsFile) {
    this.path = path;
    this.#temp = temp;
    this.#file = file;
  }

  /**
   * Starts writing `path` (its temporary file, created here).
   *
   * @param path The target file.
   * @returns The writer.
   */
  static async create(path: string): Promise<AtomicFile> {
    const slash = path.lastIndexOf("/");
    const temp = `${path.slice(0, slash + 1)}${TEMP_PREFIX}${path.slice(slash + 1)}-${Deno.pid}`;
    try {
      return new AtomicFile(
        path,
        temp,
        await Deno.open(temp, { write: true, create: true, truncate: true }),
      );
    } catch (e) {
      throw explainWriteError(e, path);
    }
  }

  /**
   * Adds text to the file.
   *
   * @param text The next piece.
   */
  async write(text: string): Promise<void> {
    this.#pieces.push(text);
    this.#pending += text.length;
    if (this.#pending >= BUFFER_BYTES) await this.#flush();
  }

  async #flush(): Promise<void> {
    const bytes = this.#encoder.encode(this.#pieces.join(""));
    this.#pieces = [];
    this.#pending = 0;
    try {
      for (let n = 0; n < bytes.length;) n += await this.#file.write(bytes.subarray(n));
    } catch (e) {
      await this.abort();
      throw explainWriteError(e, this.path);
    }
  }

  /** Writes what is left and puts the file in place. */
  async commit(): Promise<void> {
    await this.#flush();
    this.#file.close();
    try {
      await Deno.rename(this.#temp, this.path);
    } catch (e) {
      await Deno.remove(this.#temp).catch(() => {});
      throw explainWriteError(e, this.path);
    }
  }

  /** Drops the temporary file: the target is left as it was. */
  async abort(): Promise<void> {
    try {
      this.#file.close();
    } catch { /* closed already */ }
    await Deno.remove(this.#temp).catch(() => {});
  }
}
