/** The axes' effects on the chosen metric, and their importance (main-effect share of variance). */
import assert from "node:assert/strict";
import { summarize } from "../mod.ts";
import { axisEffects } from "../lib/report/page/views/effects.ts";

const cell = (a: number, b: string, value: number, index: number) => ({
  cell: { id: `${a}${b}`, index, label: `a=${a} b=${b}`, params: { a, b }, config: { epochs: 1 } },
  units: [],
  diverged: 0,
  finals: { validation_accuracy: summarize([value, value]) },
  curves: {},
  maxAbsWeight: [],
});

Deno.test("an axis that moves the metric ranks first; an axis that does not explains nothing", () => {
  const cells = [
    cell(1, "x", 0.5, 0),
    cell(1, "y", 0.5, 1),
    cell(2, "x", 0.9, 2),
    cell(2, "y", 0.9, 3),
  ];
  const effects = axisEffects(cells as never, ["b", "a"], "validation_accuracy");
  assert.deepEqual(effects.map((e) => e.axis), ["a", "b"]);
  assert.equal(effects[0]!.share, 1);
  assert.equal(effects[1]!.share, 0);
  assert.deepEqual(effects[0]!.levels.map((l) => [l.value, l.summary.mean]), [["1", 0.5], [
    "2",
    0.9,
  ]]);
});

Deno.test("a numeric axis with many values is shown in four bins of its values, none split", () => {
  const cells = Array.from(
    { length: 20 },
    (_, i) => cell(i % 10, i < 10 ? "x" : "y", i % 10 / 10, i),
  );
  const [a] = axisEffects(cells as never, ["a"], "validation_accuracy");
  // Bins as even as the values allow; a bin of one value is named by it alone.
  assert.deepEqual(a!.levels.map((l) => l.value), ["0–2", "3–4", "5–7", "8–9"]);
  assert.deepEqual(a!.levels.map((l) => l.summary.n), [6, 4, 6, 4]);
  const seven = Array.from({ length: 7 }, (_, i) => cell(i, "x", i / 10, i));
  const [b] = axisEffects(seven as never, ["a"], "validation_accuracy");
  assert.deepEqual(b!.levels.map((l) => l.value), ["0–1", "2–3", "4", "5–6"]);
});
