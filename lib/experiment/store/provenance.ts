/**
 * Where a run was made, for its manifest: Deno, V8 and TypeScript versions, platform,
 * cores, the kernel backend, and the git commit with a flag for uncommitted changes.
 *
 * @module
 */

import { createHash } from "node:crypto";
import type { Environment } from "../records.ts";

/**
 * The environment of this process, for the manifest.
 *
 * @param kernels The kernel backend's name.
 * @returns Versions, platform, cores, git commit when found.
 */
export async function environment(kernels: string): Promise<Environment> {
  return {
    deno: Deno.version.deno,
    v8: Deno.version.v8,
    typescript: Deno.version.typescript,
    os: Deno.build.os,
    arch: Deno.build.arch,
    cores: navigator.hardwareConcurrency,
    kernels,
    ...await gitState(),
  };
}

/** The commit checked out in the current folder or above it, and whether files differ from it. */
async function gitState(): Promise<{ gitCommit: string | null; gitDirty?: boolean }> {
  let dir = Deno.cwd();
  for (;;) {
    const head = await Deno.readTextFile(`${dir}/.git/HEAD`).catch(() => undefined);
    if (head !== undefined) {
      const commit = await resolveHead(dir, head).catch(() => null);
      if (commit === null) return { gitCommit: null };
      const dirty = await trackedFilesChanged(dir).catch(() => undefined);
      return { gitCommit: commit, ...(dirty === undefined ? {} : { gitDirty: dirty }) };
    }
    const parent = dir.replace(/\/[^/]*$/, "");
    if (parent === dir || parent === "") return { gitCommit: null };
    dir = parent;
  }
}

async function resolveHead(dir: string, head: string): Promise<string | null> {
  const ref = head.match(/^ref: (.+)$/m)?.[1];
  if (ref === undefined) return head.trim();
  const loose = await Deno.readTextFile(`${dir}/.git/${ref}`).catch(() => undefined);
  if (loose !== undefined) return loose.trim();
  const packed = await Deno.readTextFile(`${dir}/.git/packed-refs`).catch(() => "");
  return packed.match(new RegExp(`^([0-9a-f]{40}) ${ref}$`, "m"))?.[1] ?? null;
}

/**
 * Whether a file git tracks differs from what the index holds for it, read without running
 * git (the runner may not start processes): the index's entries (format 2 or 3) give each
 * path's size and blob hash; a file of another size, or whose `blob <size>\0<bytes>` SHA-1
 * differs, is changed. Staged changes not yet committed are not seen.
 */
async function trackedFilesChanged(root: string): Promise<boolean> {
  const index = await Deno.readFile(`${root}/.git/index`);
  const view = new DataView(index.buffer, index.byteOffset, index.byteLength);
  const magic = new TextDecoder().decode(index.subarray(0, 4)), version = view.getUint32(4);
  if (magic !== "DIRC" || (version !== 2 && version !== 3)) return false;
  const count = view.getUint32(8), decoder = new TextDecoder();
  let at = 12;
  for (let e = 0; e < count; e++) {
    const size = view.getUint32(at + 36);
    const sha = [...index.subarray(at + 40, at + 60)].map((b) => b.toString(16).padStart(2, "0"))
      .join("");
    const flags = view.getUint16(at + 60);
    const extended = version === 3 && (flags & 0x4000) !== 0;
    const nameStart = at + 62 + (extended ? 2 : 0);
    const nameEnd = index.indexOf(0, nameStart);
    const path = decoder.decode(index.subarray(nameStart, nameEnd));
    at += Math.ceil((nameEnd - at + 1) / 8) * 8; // entries are NUL-padded to 8 bytes
    const bytes = await Deno.readFile(`${root}/${path}`).catch(() => null);
    if (bytes === null || bytes.length !== size) return true;
    const blob = createHash("sha1").update(`blob ${size}\0`).update(bytes).digest("hex");
    if (blob !== sha) return true;
  }
  return false;
}
