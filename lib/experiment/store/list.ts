/**
 * The runs of an experiment under a results folder.
 *
 * @module
 */

/**
 * The run folders of an experiment under a results folder (those with a manifest), oldest
 * first: by the start time in their manifests, then by run id.
 *
 * @param out The results folder.
 * @param experiment The experiment name.
 * @returns Absolute or relative paths of the run folders.
 */
export async function listRuns(out: string, experiment: string): Promise<string[]> {
  const dir = `${out}/${experiment}`;
  const runs: { name: string; started: string }[] = [];
  try {
    for await (const e of Deno.readDir(dir)) {
      if (!e.isDirectory || e.name.startsWith(".")) continue;
      // A folder without a manifest is not a run (e.g. a stray or a run killed at birth).
      const text = await Deno.readTextFile(`${dir}/${e.name}/manifest.json`).catch(() => null);
      if (text === null) continue;
      let started = "";
      try {
        const value = (JSON.parse(text) as { started?: unknown } | null)?.started;
        if (typeof value === "string") started = value;
      } catch { /* an unreadable manifest sorts first; reading the run says what is wrong */ }
      runs.push({ name: e.name, started });
    }
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return [];
    throw e;
  }
  // ISO times with milliseconds compare as text; the run id breaks ties.
  return runs.sort((a, b) =>
    a.started < b.started ? -1 : a.started > b.started ? 1 : a.name < b.name ? -1 : 1
  ).map((r) => `${dir}/${r.name}`);
}
