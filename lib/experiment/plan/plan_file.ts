/**
 * A sharded sweep's whole plan, written once per results folder as
 * `<results>/_plans/<definition hash>.json`: every shard's manifest points to it (and lists
 * only its own cells), and merge reads it.
 *
 * @module
 */

import type { Plan } from "../records.ts";

/**
 * Where a shard run finds its whole plan, relative to the run folder
 * (`<results>/<experiment>/<run id>`).
 *
 * @param plan The plan.
 * @returns The path, relative to the run folder.
 */
export function planFileOf(plan: Pick<Plan, "definitionHash">): string {
  return `../../_plans/${plan.definitionHash}.json`;
}

/**
 * Writes a sweep's whole plan into a results folder, unless it is there already (shards
 * of one array share it; each writes it to a temporary file renamed into place, so a race
 * leaves one whole copy).
 *
 * @param out The results folder.
 * @param plan The whole plan.
 * @returns Its path relative to a run folder of `out` (what a shard's manifest says).
 */
export async function writePlanFile(out: string, plan: Plan): Promise<string> {
  const file = planFileOf(plan);
  const path = `${out}/${file.slice("../../".length)}`;
  if (await Deno.stat(path).then(() => true, () => false)) return file;
  const folder = path.slice(0, path.lastIndexOf("/"));
  await Deno.mkdir(folder, { recursive: true });
  const temp = `${folder}/.tmp-${plan.definitionHash}.json-${Deno.pid}`;
  try {
    // Cells a thousand at a time: the text of 10⁵ cells is never one string in memory.
    const { cells, ...rest } = plan;
    using file = await Deno.open(temp, { write: true, create: true, truncate: true });
    const encoder = new TextEncoder();
    const write = async (text: string) => {
      const bytes = encoder.encode(text);
      for (let n = 0; n < bytes.length;) n += await file.write(bytes.subarray(n));
    };
    await write(
      `${JSON.stringify(rest).slice(0, -1)}${Object.keys(rest).length ? "," : ""}"cells":[`,
    );
    for (let i = 0; i < cells.length; i += 1000) {
      const text = cells.slice(i, i + 1000).map((c) => JSON.stringify(c)).join(",");
      await write(i === 0 ? text : `,${text}`);
    }
    await write("]}");
    await Deno.rename(temp, path);
  } catch (e) {
    await Deno.remove(temp).catch(() => {});
    throw e;
  }
  return file;
}
