/** Choosing the best cell: on validation, per data set, never a diverged cell. */
import assert from "node:assert/strict";
import { aggregateFinals, chooseBest, runExperiment } from "../mod.ts";
import { assertBuildMatches, withTempDir } from "./_runs.ts";
import tiny from "./fixtures/experiments/tiny.ts";

Deno.test("the best cell is chosen per data set on validation, never a diverged one; test is reported", async () => {
  await withTempDir(async (out) => {
    const run = await runExperiment(tiny, { out, workers: 0 });
    const cells = aggregateFinals(run);
    // Make the cell with the best test accuracy overall look diverged in one seed.
    const choices = chooseBest(cells, "accuracy");
    assert.equal(choices.length, 2, "moons and spirals are chosen apart");
    for (const choice of choices) {
      assert.equal(choice.by, "validation_accuracy");
      assert.equal(choice.reported, "test_accuracy");
      const best = Math.max(...choice.cells.map((c) => c.finals.validation_accuracy!.mean));
      assert.equal(choice.chosen!.finals.validation_accuracy!.mean, best);
      assert.equal(choice.result, choice.chosen!.finals.test_accuracy);
    }
    const victim = choices[0]!.chosen!;
    const tampered = cells.map((c) => (c === victim ? { ...c, diverged: 1 } : c));
    const again = chooseBest(tampered, "accuracy");
    assert.notEqual(again[0]!.chosen!.cell.id, victim.cell.id);
    assert.equal(again[0]!.excluded, 1);
  });
});

Deno.test("the committed pages script is the bundle of lib/report/page/", () =>
  assertBuildMatches("build:pages"));
