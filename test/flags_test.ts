/**
 * The experiment command's flag table drives its surface: every row is in the usage text
 * and the parse options, every override lands in the manifest's order, and a flag added as
 * one row works end to end — `--batch-size`, run as a user would.
 */
import assert from "node:assert/strict";
import { FLAGS, flagSpec, flagsUsage, readFlags } from "../lib/cli/experiment_flags.ts";
import { USAGE } from "../lib/cli/commands/experiment.ts";
import { cli, FIXTURES, onlyRun, withTempDir } from "./_runs.ts";

Deno.test("every row of the flag table is in the usage text and the parse options", () => {
  const spec = flagSpec();
  for (const flag of FLAGS) {
    assert.ok(USAGE.includes(`  --${flag.name}`), `usage names --${flag.name}`);
    assert.equal(spec[flag.name]?.type, flag.value ? "string" : "boolean", flag.name);
  }
  assert.ok(USAGE.endsWith(flagsUsage()));
  assert.match(USAGE, /--batch-size <n>\s+examples per minibatch for every cell/);
});

Deno.test("every override flag lands in the overrides, in the order manifests record them", () => {
  const values: Record<string, string | boolean | string[]> = {};
  for (const flag of FLAGS) {
    if (!("overrides" in flag.into)) continue;
    values[flag.name] = flag.value === undefined
      ? true
      : flag.multiple
      ? ["lr=0.1"]
      : flag.name === "seeds"
      ? "3"
      : "2";
  }
  const read = readFlags(values);
  assert.deepEqual(Object.keys(read.overrides), [
    "set",
    "epochs",
    "batchSize",
    "seeds",
    "quick",
    "trials",
    "searchSeed",
  ]);
  assert.equal(read.refusedOnResume.length, Object.keys(values).length);
});

Deno.test("--batch-size: every cell trains with it, resume refuses it, a bad value is named", async () => {
  await withTempDir(async (tmp) => {
    const tiny = `${FIXTURES}/tiny.ts`;
    const run = await cli(
      ["experiment", tiny, "--out", tmp, "--batch-size", "7", "--seeds", "1", "--quiet"],
      { write: tmp },
    );
    assert.equal(run.code, 0, run.stderr);
    const dir = await onlyRun(tmp, "tiny");
    const manifest = JSON.parse(await Deno.readTextFile(`${dir}/manifest.json`));
    assert.equal(manifest.overrides.batchSize, 7);
    assert.deepEqual(
      [
        ...new Set(
          manifest.cells.map((c: { config: { batchSize: number } }) => c.config.batchSize),
        ),
      ],
      [7],
    );
    const again = await cli(["experiment", tiny, "--resume", dir, "--batch-size", "8"], {
      write: tmp,
    });
    assert.equal(again.code, 2);
    assert.match(
      again.stderr,
      /--resume reuses the flags of the run it finishes: drop --batch-size/,
    );
    const bad = await cli(["experiment", tiny, "--out", tmp, "--batch-size", "0"], { write: tmp });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--batch-size: expected an integer ≥ 1, got "0"/);
  });
});

Deno.test("a flag given twice is an error, not the last one silently (a repeatable flag is fine)", async () => {
  await withTempDir(async (tmp) => {
    const tiny = `${FIXTURES}/tiny.ts`;
    const twice = await cli(
      ["experiment", tiny, "--out", tmp, "--workers", "1", "--workers", "2"],
      {
        write: tmp,
      },
    );
    assert.equal(twice.code, 2);
    assert.match(twice.stderr, /--workers given twice \("1" and "2"\); give it once/);
    assert.deepEqual(Array.from(Deno.readDirSync(tmp)), [], "nothing was written");
    const quiet = await cli(["experiment", tiny, "--out", tmp, "--quiet", "--quiet"], {
      write: tmp,
    });
    assert.equal(quiet.code, 2);
    assert.match(quiet.stderr, /--quiet given twice; give it once/);
    const sets = await cli([
      "experiment",
      tiny,
      "--out",
      tmp,
      "--seeds",
      "1",
      "--set",
      "lr=0.05",
      "--set",
      "hidden=0",
      "--quiet",
    ], { write: tmp });
    assert.equal(sets.code, 0, sets.stderr);
  });
});
