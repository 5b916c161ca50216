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
 * @param files Files the run reads (its experiment file, data files): those git does not
 * track are named.
 * @returns Versions, platform, cores, git commit when found.
 */
export async function environment(
  kernels: string,
  files: readonly string[] = [],
): Promise<Environment> {
  return {
    deno: Deno.version.deno,
    v8: Deno.version.v8,
    typescript: Deno.version.typescript,
    os: Deno.build.os,
    arch: Deno.build.arch,
    cores: navigator.hardwareConcurrency,
    kernels,
    ...await gitState(files),
  };
}

/** The commit checked out in the current folder or above it, and whether files differ from it. */
async function gitState(
  files: readonly string[],
): Promise<Pick<Environment, "gitCommit" | "gitDirty" | "gitUntracked">> {
  let dir = Deno.cwd();
  for (;;) {
    const head = await Deno.readTextFile(`${dir}/.git/HEAD`).catch(() => undefined);
    if (head !== undefined) {
      const commit = await resolveHead(dir, head).catch(() => null);
      if (commit === null) return { gitCommit: null };
      const state = await trackedFiles(dir).catch(() => undefined);
      if (state === undefined) return { gitCommit: commit };
      const cwd = Deno.cwd();
      const untracked = files.flatMap((f) => {
        const path = f.startsWith("/") ? f : `${cwd}/${f}`;
        const inRepo = path.startsWith(`${dir}/`) ? path.slice(dir.length + 1) : undefined;
        return inRepo !== undefined && !state.tracked.has(inRepo) ? [inRepo] : [];
      });
      return {
        gitCommit: commit,
        gitDirty: state.changed,
        ...(untracked.length ? { gitUntracked: [...new Set(untracked)].sort() } : {}),
      };
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
 * The paths git tracks, and whether one differs from what the index holds for it, read without running
 * git (the runner may not start processes): the index's entries (format 2 or 3) give each
 * path's size and blob hash; a file of another size, or whose `blob <size>\0<bytes>` SHA-1
 * differs, is changed. Staged changes not yet committed are not seen.
 */
async function trackedFiles(root: string): Promise<{ changed: boolean; tracked: Set<string> }> {
  const index = await Deno.readFile(`${root}/.git/index`);
  const view = new DataView(index.buffer, index.byteOffset, index.byteLength);
  const magic = new TextDecoder().decode(index.subarray(0, 4)), version = view.getUint32(4);
  if (magic !== "DIRC" || (version !== 2 && version !== 3)) {
    throw new TypeError("an index this reader does not know");
  }
  const tracked = new Set<string>();
  let changed = false;
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
    tracked.add(path);
    if (changed) continue; // every path is still listed
    const bytes = await Deno.readFile(`${root}/${path}`).catch(() => null);
    if (bytes === null || bytes.length !== size) {
      changed = true;
      continue;
    }
    const blob = createHash("sha1").update(`blob ${size}\0`).update(bytes).digest("hex");
    if (blob !== sha) changed = true;
  }
  return { changed, tracked };
}
