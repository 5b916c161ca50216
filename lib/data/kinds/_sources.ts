/**
 * What a data set's results depend on beyond its spec: file digests and package versions,
 * and where its files are.
 *
 * @module
 */

import { createHash } from "node:crypto";
import { npmPackageVersion } from "../../npm_package.ts";
import { readBytes } from "../_files.ts";
import { mnistDataDir, type MnistOptions } from "../mnist.ts";
import type { LoadOptions } from "./kind.ts";

export async function sha256(path: string, purpose: string): Promise<string> {
  const bytes = await readBytes(path, purpose);
  return `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
}

export async function packageVersion(pkg: { name: string; range: string }): Promise<string> {
  return `npm:${pkg.name}@${await npmPackageVersion(pkg.name, pkg.range)}`;
}

export function csvPath(spec: { readonly path: string }, baseDir: string | undefined): string {
  return spec.path.startsWith("/") || baseDir === undefined
    ? spec.path
    : `${baseDir.replace(/\/$/, "")}/${spec.path}`;
}

export function mnistDir(spec: MnistOptions, options: Omit<LoadOptions, "rng">): Promise<string> {
  const given = options.dataDir ?? spec.dataDir;
  return given === undefined ? mnistDataDir() : Promise.resolve(given.replace(/\/?$/, "/"));
}
