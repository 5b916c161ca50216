/**
 * One home per kind: every family's kinds come from its registry, every kind is documented
 * (its entry's doc, a row in docs/framework.md), and CONTRIBUTING.md's checklist for adding a kind touches
 * only the family's folder — never the root mod.ts, which re-exports the folder whole.
 */
import assert from "node:assert/strict";
import {
  ACTIVATION_KINDS,
  ACTIVATIONS,
  DATASET_KINDS,
  DATASETS,
  LAYER_KINDS,
  LOSS_KINDS,
  LOSSES,
  OPTIMIZER_KINDS,
  OPTIMIZERS,
  SCHEDULE_KINDS,
  SCHEDULES,
} from "../mod.ts";
import { REPO } from "./_runs.ts";

const FRAMEWORK_DOC = Deno.readTextFileSync(`${REPO}/docs/framework.md`);
const CONTRIBUTING = Deno.readTextFileSync(`${REPO}/CONTRIBUTING.md`);

const FAMILIES = [
  {
    name: "An activation",
    folder: "lib/nn/activations",
    registry: "ACTIVATIONS",
    kinds: ACTIVATION_KINDS,
    table: ACTIVATIONS,
  },
  {
    name: "A loss",
    folder: "lib/nn/losses",
    registry: "LOSSES",
    kinds: LOSS_KINDS,
    table: LOSSES,
  },
  {
    name: "An optimiser",
    folder: "lib/nn/optimizers",
    registry: "OPTIMIZERS",
    kinds: OPTIMIZER_KINDS,
    table: OPTIMIZERS,
  },
  {
    name: "A learning-rate schedule",
    folder: "lib/train/schedules",
    registry: "SCHEDULES",
    kinds: SCHEDULE_KINDS,
    table: SCHEDULES,
  },
  {
    name: "A data set kind",
    folder: "lib/data/kinds",
    registry: "DATASETS",
    kinds: DATASET_KINDS,
    table: DATASETS,
  },
] as const;

for (const family of FAMILIES) {
  Deno.test(`${family.registry}: the kind list is the registry's, and every kind is documented`, () => {
    assert.deepEqual([...family.kinds], Object.keys(family.table));
    for (const kind of family.kinds) {
      assert.ok(FRAMEWORK_DOC.includes(`\`${kind}\``), `docs/framework.md names ${kind}`);
      const entry = (family.table as Record<string, { doc?: string }>)[kind]!;
      if (family.registry !== "DATASETS") assert.ok(entry.doc && entry.doc.length > 3, kind);
    }
  });

  Deno.test(`CONTRIBUTING.md: "${family.name}" touches only its family's folder, which holds ${family.registry}`, () => {
    const start = CONTRIBUTING.indexOf(`### ${family.name}\n`);
    assert.ok(start >= 0, `a section "${family.name}"`);
    const end = CONTRIBUTING.indexOf("\n### ", start + 1);
    const section = CONTRIBUTING.slice(start, end < 0 ? undefined : end);
    // The numbered steps before "Tests:" name the source files to touch.
    const steps = section.split(/\n\d\. /).slice(1).filter((s) => !s.startsWith("Tests"));
    const files = [
      ...new Set(steps.flatMap((s) => [...s.matchAll(/`(lib\/[^`]+)`/g)].map((m) => m[1]!))),
    ]
      .filter((f) => !f.endsWith("kernels.as.ts")); // an optional speed-up, not a step
    const folder = `${family.folder}/`;
    assert.ok(files.length >= 1, `${family.name}: the files to touch`);
    for (const f of files) assert.ok(f.startsWith(folder), `${f} is in ${folder}`);
    assert.ok(!section.includes("`mod.ts`"), "the root mod.ts is never edited");
    const registry = Deno.readTextFileSync(`${REPO}/${family.folder}/registry.ts`);
    assert.match(registry, new RegExp(`export const ${family.registry}\\b`));
    const root = Deno.readTextFileSync(`${REPO}/mod.ts`);
    assert.ok(
      root.includes(`export * from "./${family.folder}/mod.ts";`),
      "root re-exports the folder",
    );
  });
}

Deno.test("layer kinds: dense, every activation, softmax", () => {
  assert.deepEqual([...LAYER_KINDS], ["dense", ...ACTIVATION_KINDS, "softmax"]);
});
