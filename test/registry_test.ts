/**
 * One home per kind: every family's kinds come from its registry, every kind is documented
 * (its entry's doc, a README row), and CONTRIBUTING.md's checklist names at most two source
 * files per family — the ones that hold the registry.
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

const README = Deno.readTextFileSync(`${REPO}/README.md`);
const CONTRIBUTING = Deno.readTextFileSync(`${REPO}/CONTRIBUTING.md`);

const FAMILIES = [
  { name: "An activation", registry: "ACTIVATIONS", kinds: ACTIVATION_KINDS, table: ACTIVATIONS },
  { name: "A loss", registry: "LOSSES", kinds: LOSS_KINDS, table: LOSSES },
  { name: "An optimiser", registry: "OPTIMIZERS", kinds: OPTIMIZER_KINDS, table: OPTIMIZERS },
  {
    name: "A learning-rate schedule",
    registry: "SCHEDULES",
    kinds: SCHEDULE_KINDS,
    table: SCHEDULES,
  },
  { name: "A data set kind", registry: "DATASETS", kinds: DATASET_KINDS, table: DATASETS },
] as const;

for (const family of FAMILIES) {
  Deno.test(`${family.registry}: the kind list is the registry's, and every kind is documented`, () => {
    assert.deepEqual([...family.kinds], Object.keys(family.table));
    for (const kind of family.kinds) {
      assert.ok(README.includes(`\`${kind}\``), `README names ${kind}`);
      const entry = (family.table as Record<string, { doc?: string }>)[kind]!;
      if (family.registry !== "DATASETS") assert.ok(entry.doc && entry.doc.length > 3, kind);
    }
  });

  Deno.test(`CONTRIBUTING.md: "${family.name}" names at most two source files, which hold ${family.registry}`, () => {
    const start = CONTRIBUTING.indexOf(`### ${family.name}\n`);
    assert.ok(start >= 0, `a section "${family.name}"`);
    const end = CONTRIBUTING.indexOf("\n### ", start + 1);
    const section = CONTRIBUTING.slice(start, end < 0 ? undefined : end);
    // The numbered steps before "Tests:" are the source files to touch.
    const steps = section.split(/\n\d\. /).slice(1).filter((s) => !s.startsWith("Tests"));
    const files = [...new Set(steps.map((s) => s.match(/^`(lib\/[^`]+)`/)?.[1]))];
    assert.ok(files.every((f) => f !== undefined), `every step starts with its file: ${steps}`);
    assert.ok(files.length >= 1 && files.length <= 2, `${files.join(", ")}`);
    const sources = files.map((f) => Deno.readTextFileSync(`${REPO}/${f}`)).join("\n");
    assert.match(sources, new RegExp(`export const ${family.registry}\\b`));
  });
}

Deno.test("layer kinds: dense, every activation, softmax", () => {
  assert.deepEqual([...LAYER_KINDS], ["dense", ...ACTIVATION_KINDS, "softmax"]);
});
