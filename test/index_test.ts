/**
 * The results index at scale: recording a run costs the same however many runs the folder
 * holds — one appended row, no sibling read — and a rebuild from the run folders drops the
 * runs that are gone.
 */
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { writeResultsIndex } from "../mod.ts";
import type { IndexRow } from "../lib/report/index_page.ts";
import { indexSections } from "../lib/report/page/views/index_view.ts";
import { cli, FIXTURES, onlyRun, REPO, withTempDir } from "./_runs.ts";

const denoCache = createRequire(import.meta.url).resolve("csv-parse/sync").split("/npm/")[0]!;

function rows(text: string): IndexRow[] {
  const scope = { mlpIndex: undefined as IndexRow[] | undefined };
  new Function("globalThis", text)(scope);
  return scope.mlpIndex ?? [];
}

Deno.test("a run is recorded in the results index without reading any sibling run", async () => {
  await withTempDir(async (tmp) => {
    const first = await cli([
      "experiment",
      `${FIXTURES}/tiny.ts`,
      "--out",
      `${tmp}/other`,
      "--quiet",
    ], {
      write: tmp,
    });
    assert.equal(first.code, 0, first.stderr);
    // The second run may not read the sibling run: recording it must not need to.
    await Deno.mkdir(`${tmp}/out`);
    await Deno.rename(`${tmp}/other/tiny`, `${tmp}/out/sibling`);
    await Deno.copyFile(`${tmp}/other/runs.js`, `${tmp}/out/runs.js`).catch(() => {});
    const out = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        `--allow-read=${REPO},${denoCache},/etc/hostname,${tmp}/out`,
        `--deny-read=${tmp}/out/sibling`,
        `--allow-write=${tmp}/out`,
        `${REPO}/cli.ts`,
        "experiment",
        `${FIXTURES}/tiny.ts`,
        "--out",
        `${tmp}/out`,
        "--quiet",
      ],
      cwd: REPO,
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    const recorded = rows(await Deno.readTextFile(`${tmp}/out/runs.js`));
    assert.equal(recorded.length, 2, "one row appended to the one already there");
    const run = await onlyRun(`${tmp}/out`, "tiny");
    assert.equal(recorded[1]!.id, run.split("/").at(-1));
    assert.equal(recorded[1]!.status, "completed");
    assert.match(await Deno.readTextFile(`${tmp}/out/index.html`), /<script src="runs.js">/);
  });
});

Deno.test("the index keeps the last row of a run recorded twice, newest runs first", () => {
  const row = (
    experiment: string,
    id: string,
    status: string,
  ) => ({ experiment, id, status, started: id } as unknown as IndexRow);
  const sections = indexSections([
    row("b", "20261201-1", "interrupted"),
    row("a", "20261201-2", "completed"),
    row("b", "20261202-1", "completed"),
    row("b", "20261201-1", "completed"),
  ]);
  assert.deepEqual(sections.map(([e, runs]) => [e, runs.map((r) => `${r.id} ${r.status}`)]), [
    ["a", ["20261201-2 completed"]],
    ["b", ["20261202-1 completed", "20261201-1 completed"]],
  ]);
});

Deno.test("writeResultsIndex rebuilds runs.js from the run folders: a deleted run drops out", async () => {
  await withTempDir(async (tmp) => {
    for (let i = 0; i < 2; i++) {
      const r = await cli([
        "experiment",
        `${FIXTURES}/tiny.ts`,
        "--out",
        tmp,
        "--seeds",
        "1",
        "--quiet",
      ], {
        write: tmp,
      });
      assert.equal(r.code, 0, r.stderr);
    }
    const before = rows(await Deno.readTextFile(`${tmp}/runs.js`));
    assert.equal(before.length, 2);
    await Deno.remove(`${tmp}/tiny/${before[0]!.id}`, { recursive: true });
    await writeResultsIndex(tmp);
    const after = rows(await Deno.readTextFile(`${tmp}/runs.js`));
    assert.deepEqual(after.map((r) => r.id), [before[1]!.id]);
  });
});
