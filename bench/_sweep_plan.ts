/** Plans the sweep experiment at a size (`<a count>`) and prints its cells: the plan stage alone. */
import { loadExperiment, planExperiment } from "../mod.ts";

const [file, count] = Deno.args;
const { definition, source, baseDir } = await loadExperiment(file!);
const a = Array.from({ length: Number(count) }, (_, i) => i + 1);
const plan = await planExperiment(definition, { set: { a } }, { source, baseDir });
console.log(plan.cells.length * plan.seeds.length);
