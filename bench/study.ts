/**
 * Workload "study": the shipped small-net studies as a user runs them — lesson-2d,
 * nonlinear and the 27-trial random search — through the runner in this process, timed
 * from the plan to the last unit (process start excluded): planning, the units (from the
 * run's start to its last unit), and the final files. With `jax` importable, the JAX peer
 * of lesson-2d's arithmetic (`<peers>/jax_lesson2d.py`: compile, then run) beside it.
 */

import { loadExperiment } from "../lib/experiment/plan/load.ts";
import { planExperiment, runToFolder } from "../mod.ts";

/** The studies timed. */
export const STUDIES = ["lesson-2d", "nonlinear", "search/random"] as const;

/** One study's timings. */
export interface StudyResult {
  workload: "study";
  study: string;
  workers: number;
  units: number;
  /** Expanding and checking the plan. */
  plan_s: number;
  /** From the run's start (its folder ready) to its last unit's end. */
  units_s: number;
  /** From the plan's start to the run's last file written. */
  total_s: number;
  units_per_s: number;
}

/**
 * Times each study once into `out`.
 *
 * @param out A scratch results folder.
 * @param workers Workers per run.
 * @returns One result per study.
 */
export async function studyBench(out: string, workers: number): Promise<StudyResult[]> {
  const results: StudyResult[] = [];
  for (const study of STUDIES) {
    const { definition, source, baseDir } = await loadExperiment(study);
    const t0 = performance.now();
    const plan = await planExperiment(definition, {}, { source, baseDir });
    const planned = performance.now();
    let started = planned, last = planned;
    const run = await runToFolder(plan, {
      out,
      workers,
      source,
      baseDir,
      onEvent: (e) => {
        if (e.type === "start") started = performance.now();
        if (e.type === "unit-done") last = performance.now();
      },
    });
    const end = performance.now();
    const s = (ms: number) => Number((ms / 1000).toFixed(3));
    results.push({
      workload: "study",
      study,
      workers,
      units: run.units.size,
      plan_s: s(planned - t0),
      units_s: s(last - started),
      total_s: s(end - t0),
      units_per_s: Math.round(run.units.size / ((last - started) / 1000)),
    });
  }
  return results;
}

/**
 * The JAX peer of lesson-2d's arithmetic, when `jax` imports: its compile (with the first
 * run) and its run, in seconds.
 *
 * @param peers The peers' folder.
 * @returns Its line, or undefined when JAX is not installed or the peer failed.
 */
export async function jaxStudyPeer(peers: string): Promise<Record<string, unknown> | undefined> {
  const out = await new Deno.Command("python3", {
    args: [`${peers}/jax_lesson2d.py`],
    env: { JAX_PLATFORMS: "cpu" },
    stdout: "piped",
    stderr: "null",
  }).output().catch(() => undefined);
  if (out === undefined || !out.success) return undefined;
  const line = new TextDecoder().decode(out.stdout).trim().split("\n").at(-1)!;
  return { workload: "study-peer", ...JSON.parse(line) };
}
