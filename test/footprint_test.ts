/**
 * The first hour: on a fresh copy of the project with an empty Deno cache, the main job
 * (`deno task experiment`, lesson-2d) fetches only the npm packages it uses — not the
 * browser driver of the tests or the WebAssembly compiler of the build.
 */
import assert from "node:assert/strict";
import { REPO, withTempDir } from "./_runs.ts";

function bytesUnder(dir: string): number {
  let total = 0;
  for (const e of Deno.readDirSync(dir)) {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory) total += bytesUnder(path);
    else if (e.isFile) total += Deno.statSync(path).size;
  }
  return total;
}

Deno.test("deno task experiment on an empty DENO_DIR fetches ≤ 30 MB: csv-parse, csv-stringify and plotly only", async () => {
  await withTempDir(async (tmp) => {
    const project = `${tmp}/project`;
    await Deno.mkdir(project);
    const copy = await new Deno.Command("bash", {
      args: [
        "-c",
        `tar --exclude=./.git --exclude=./results --exclude=./test-results -cf - . | (cd "${project}" && tar -xf -)`,
      ],
      cwd: REPO,
    }).output();
    assert.equal(copy.code, 0);
    const run = await new Deno.Command(Deno.execPath(), {
      args: ["task", "--quiet", "experiment", "--quiet"],
      cwd: project,
      env: { DENO_DIR: `${tmp}/deno-dir` },
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(run.code, 0, new TextDecoder().decode(run.stderr));
    const registry = `${tmp}/deno-dir/npm/registry.npmjs.org`;
    assert.deepEqual(
      Array.from(Deno.readDirSync(registry), (e) => e.name).sort(),
      ["csv-parse", "csv-stringify", "plotly.js-dist-min"],
    );
    const mb = bytesUnder(`${tmp}/deno-dir`) / 1e6;
    assert.ok(mb <= 30, `${mb.toFixed(1)} MB in DENO_DIR`);
  });
});
