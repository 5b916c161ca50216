/**
 * Finding and importing experiment files: `experiments/<name>.ts` by name, or any path.
 *
 * @module
 */

import { pathToFileURL } from "node:url";
import type { AnyExperiment } from "./define.ts";
import { didYouMean } from "../../suggest.ts";

/** An imported experiment and where it came from. */
export interface LoadedExperiment {
  /** The experiment (the file's default export). */
  readonly definition: AnyExperiment;
  /** The file's path as given or found. */
  readonly source: string;
  /** The file's folder (relative data paths resolve against it). */
  readonly baseDir: string;
}

function absolute(path: string): string {
  return path.startsWith("/") ? path : `${Deno.cwd()}/${path}`;
}

/**
 * Imports an experiment by name (`lesson-2d` → `<dir>/lesson-2d.ts`) or by path (with or
 * without `.ts`: `./experiments/lesson-2d`).
 *
 * @param nameOrPath A name or a `.ts` path.
 * @param options `dir`: where names are looked up. @default {"experiments"}
 * @returns The definition, its file and folder.
 */
export async function loadExperiment(
  nameOrPath: string,
  options: { readonly dir?: string } = {},
): Promise<LoadedExperiment> {
  const dir = options.dir ?? "experiments";
  // A name is a file under `dir` without `.ts` (`sine-reg`, `search/grid`); a path may leave
  // out `.ts` (`./experiments/sine-reg`). A name with a slash is tried as a path first.
  const candidates = /\.[cm]?[jt]s$/.test(nameOrPath)
    ? [nameOrPath]
    : nameOrPath.includes("/")
    ? [`${nameOrPath}.ts`, `${dir}/${nameOrPath}.ts`]
    : [`${dir}/${nameOrPath}.ts`];
  // The first candidate that exists; any error but a missing file (a read not permitted, say)
  // is the user's to see.
  let source: string | undefined;
  for (const candidate of candidates) {
    try {
      await Deno.stat(absolute(candidate));
      source = candidate;
      break;
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
  }
  if (source === undefined) {
    const names = await listExperimentFiles(dir).catch(() => []);
    const known = names.map((n) => n.replace(/\.ts$/, ""));
    throw new Deno.errors.NotFound(
      `Cannot find experiment "${nameOrPath}"${didYouMean(nameOrPath, known)}: no file ${
        candidates.join(" or ")
      }${known.length ? `; the experiments are ${known.join(", ")}` : ""}`,
    );
  }
  const path = absolute(source);
  // A link to a file outside the project would be imported with the project's read
  // permission: name the real file instead (reading it then asks for its own permission).
  const real = await Deno.realPath(path);
  if (real !== path && !real.startsWith(`${Deno.cwd()}/`)) {
    throw new TypeError(
      `Cannot import the experiment ${source}: it is a symbolic link to ${real}, outside this project; name that file to run it`,
    );
  }
  let mod: { default?: unknown };
  try {
    mod = await import(pathToFileURL(path).href);
  } catch (e) {
    // A syntax error, a failed import or a throw at the top of the file: name the file.
    const message = (e instanceof Error ? e.message : String(e)).split("\n")[0];
    throw new TypeError(`Cannot import the experiment ${source}: ${message}`);
  }
  if (mod.default === undefined || typeof mod.default !== "object") {
    throw new TypeError(
      `Cannot use ${source}: it has no default export (export default defineExperiment({...}))`,
    );
  }
  return {
    definition: mod.default as AnyExperiment,
    source,
    baseDir: path.replace(/\/[^/]*$/, ""),
  };
}

/**
 * The experiment files in a folder and its subfolders, sorted; names starting with `_`
 * (shared helpers) are left out.
 *
 * @param dir The folder.
 * @returns Paths relative to `dir` ending in `.ts`, e.g. `lesson-2d.ts`, `search/grid.ts`.
 */
export async function listExperimentFiles(dir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const e of Deno.readDir(dir)) {
    if (e.name.startsWith("_")) continue;
    if (e.isFile && e.name.endsWith(".ts")) names.push(e.name);
    if (e.isDirectory) {
      names.push(...(await listExperimentFiles(`${dir}/${e.name}`)).map((n) => `${e.name}/${n}`));
    }
  }
  const stem = (n: string) => n.replace(/\.ts$/, "");
  return names.sort((a, b) => (stem(a) < stem(b) ? -1 : stem(a) > stem(b) ? 1 : 0));
}
