/**
 * The tasks' least privilege, said to the user: an `--out` folder the task may not write is
 * refused before any work, a refused read names the exact command that grants it, and a
 * run's manifest never makes the task import code from outside the project.
 *
 * @module
 */

import { grantedBlasPath } from "../numerics/blas_paths.ts";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { UsageError } from "./usage.ts";

/**
 * The experiment file a run's manifest names, if the user could have named it: a file
 * inside the current folder, not a URL or a path outside it (a manifest is data, and
 * importing what it says would run any code it points to).
 */
export function nameableSource(
  manifest: { source: string | null; experiment: string },
  dir: string,
): string {
  const source = manifest.source ?? manifest.experiment;
  const inside = (path: string) => resolve(path).startsWith(`${Deno.cwd()}/`);
  if (/^[a-z][a-z0-9+.-]*:/i.test(source) || !inside(source)) {
    throw new UsageError(
      `${dir}/manifest.json names the experiment ${
        JSON.stringify(source)
      }, outside this project; name the experiment file yourself: deno task experiment <file> --resume ${dir}`,
    );
  }
  return source;
}

/**
 * Refuses, before any work, an `--out` folder this process may not write, printing the
 * command that would work.
 */
export function checkWritable(out: string, args: readonly string[]): void {
  if (Deno.permissions.querySync({ name: "write", path: out }).state === "granted") return;
  throw new UsageError(
    `--out ${out}: the experiment task may write only in results/. Run it with write access to that folder:\n  ${
      taskCommand("experiment", args, { write: out })
    }`,
  );
}

/**
 * The `deno run` command behind a task, with the task's permissions widened: more folders
 * to read, another folder to write.
 */
export function taskCommand(
  command: string,
  args: readonly string[],
  more: { readonly read?: readonly string[]; readonly write?: string },
): string {
  // Deno's cache holds the npm packages: the folder above npm/ of one already loaded.
  let cache = "";
  try {
    cache = createRequire(import.meta.url).resolve("csv-parse/sync").split("/npm/")[0]!;
  } catch { /* not resolvable: the command still names the folders */ }
  const quoted = args.map((
    a,
  ) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`));
  const write = more.write ?? (command === "experiment" ? "results" : undefined);
  // A run reads its own folder back (resume, the report), so a folder written is read too.
  const reads = [
    ".",
    ...(cache ? [cache] : []),
    "/etc/hostname",
    ...(more.read ?? []),
    ...(more.write ? [more.write] : []),
  ].join(",");
  // The BLAS backend calls OpenBLAS: FFI for that library alone, as the task grants it.
  const blas = args.some((a, i) =>
    a === "--backend=blas" || (a === "--backend" && args[i + 1] === "blas")
  );
  return `deno run --no-remote --allow-read=${reads}${write ? ` --allow-write=${write}` : ""}${
    blas ? ` --allow-ffi=${grantedBlasPath()}` : ""
  } cli.ts ${command} ${quoted.join(" ")}`;
}

/**
 * When reads outside what the task allows were refused (an experiment or data file outside
 * the project), the exact command that grants them.
 */
export function readAccessHint(command: string, args: readonly string[], message: string): string {
  const paths = [
    ...message.matchAll(/Requires read access to "([^"]+)"/g),
    ...message.matchAll(/Cannot read .*? at (\S+?):? no read permission/g),
  ].map((m) => m[1]!);
  if (paths.length === 0 || (command !== "experiment" && command !== "list")) return "";
  const folders = [...new Set(paths.map((p) => dirname(resolve(p))))];
  return `The ${command} task reads only this project and Deno's cache. To let it read ${
    folders.join(", ")
  }, run:\n  ${taskCommand(command, args, { read: folders })}\n`;
}
