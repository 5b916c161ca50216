/// <reference lib="dom" />
/**
 * Runs you can find again: tags and a note given at the start (`--tag`, `--note`) and changed
 * later (`deno task tag`), shown on the run's page and the results index, and the index's
 * filters by experiment, status, tag and text — run as a user does, the pages in Chromium.
 */
import assert from "node:assert/strict";
import { openFile, withBrowser } from "./_browser.ts";
import { cli, FIXTURES, withTempDir } from "./_runs.ts";

async function runs(out: string, experiment: string): Promise<string[]> {
  const names = await Array.fromAsync(Deno.readDir(`${out}/${experiment}`));
  return names.filter((e) => e.isDirectory).map((e) => `${out}/${experiment}/${e.name}`).sort();
}

Deno.test("--tag and --note at the start, deno task tag later: stored beside the results, shown on the page and the index, which filters by tag, status, experiment and text", async () => {
  await withTempDir(async (out) => {
    const first = await cli([
      "experiment",
      `${FIXTURES}/tiny.ts`,
      "--out",
      out,
      "--quiet",
      "--tag",
      "first,small",
      "--note",
      "learning rates, quick look",
    ], { write: out });
    assert.equal(first.code, 0, first.stderr);
    const second = await cli(["experiment", `${FIXTURES}/tiny.ts`, "--out", out, "--quiet"], {
      write: out,
    });
    assert.equal(second.code, 0, second.stderr);
    const other = await cli(["experiment", `${FIXTURES}/diverging.ts`, "--out", out, "--quiet"], {
      write: out,
    });
    assert.equal(other.code, 0, other.stderr);
    const [a, b] = await runs(out, "tiny");
    assert.deepEqual(JSON.parse(await Deno.readTextFile(`${a}/labels.json`)), {
      tags: ["first", "small"],
      note: "learning rates, quick look",
    });
    const before = await Deno.readTextFile(`${b}/cells.csv`);
    const tagged = await cli(["tag", b!, "baseline", "--note", "the one to beat"], { write: out });
    assert.equal(tagged.code, 0, tagged.stderr);
    assert.match(tagged.stdout, /: baseline — the one to beat\n$/);
    assert.equal(await Deno.readTextFile(`${b}/cells.csv`), before); // results untouched
    await withBrowser(async (browser) => {
      const page = await openFile(browser, `${b}/index.html`);
      assert.match(
        await page.page.$eval("p.labels", (e) => e.textContent ?? ""),
        /baseline.*the one to beat/s,
      );
      const index = await openFile(browser, `${out}/index.html`);
      const shown = () =>
        index.page.$$eval("#run-list tbody tr a", (links) => links.map((l) => l.textContent));
      const id = (dir: string) => dir.split("/").at(-1)!;
      assert.equal((await shown()).length, 3);
      await index.page.select("select[name=tag]", "baseline");
      assert.deepEqual(await shown(), [id(b!)]);
      assert.match(
        await index.page.$eval("#run-list", (e) => e.textContent ?? ""),
        /baseline.*the one to beat/s,
      );
      assert.match(index.page.url(), /#tag=baseline$/);
      await index.page.select("select[name=tag]", "");
      await index.page.type("input[name=q]", "quick look");
      assert.deepEqual(await shown(), [id(a!)]);
      await index.page.$eval("input[name=q]", (e) => ((e as HTMLInputElement).value = ""));
      await index.page.$eval("input[name=q]", (e) => e.dispatchEvent(new Event("input")));
      await index.page.select("select[name=experiment]", "diverging");
      assert.equal((await shown()).length, 1);
      assert.equal(await index.page.$eval("#runs-shown", (e) => e.textContent), "1 of 3 runs");
      await index.page.select("select[name=experiment]", "");
      await index.page.select("select[name=status]", "completed");
      assert.equal(await index.page.$eval("#runs-shown", (e) => e.textContent), "3 runs");
      assert.deepEqual(index.errors, []);
      // A filtered index's address opens filtered.
      const linked = await openFile(browser, `${out}/index.html`, "#tag=first");
      assert.deepEqual(
        await linked.page.$$eval("#run-list tbody tr a", (l) => l.map((x) => x.textContent)),
        [id(a!)],
      );
    });
    // Removing a tag and the note.
    const removed = await cli(["tag", b!, "--remove", "baseline", "--clear-note"], { write: out });
    assert.equal(removed.code, 0, removed.stderr);
    assert.match(removed.stdout, /: no tags\n$/);
  });
});

Deno.test("deno task tag refuses a bad tag, --note with --clear-note, and a folder that is not a run, naming each", async () => {
  await withTempDir(async (out) => {
    const run = await cli(["experiment", `${FIXTURES}/tiny.ts`, "--out", out, "--quiet"], {
      write: out,
    });
    assert.equal(run.code, 0, run.stderr);
    const [dir] = await runs(out, "tiny");
    const bad = await cli(["tag", dir!, "good", "bad tag!"], { write: out });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /expected a tag of letters, digits.*got "bad tag!"/);
    const both = await cli(["tag", dir!, "--note", "x", "--clear-note"], { write: out });
    assert.equal(both.code, 2);
    assert.match(both.stderr, /--note and --clear-note: give one of them/);
    const notRun = await cli(["tag", out, "x"], { write: out });
    assert.equal(notRun.code, 1);
    assert.match(notRun.stderr, /manifest\.json/);
    const flag = await cli(["experiment", `${FIXTURES}/tiny.ts`, "--out", out, "--tag", "a b"], {
      write: out,
    });
    assert.equal(flag.code, 2);
    assert.match(flag.stderr, /--tag: expected a tag of letters/);
    await assert.rejects(Deno.stat(`${dir}/labels.json`), Deno.errors.NotFound);
  });
});
