/**
 * `deno task array`: a sweep packed into a Slurm job array — the task count from the flags,
 * each task's share, and an sbatch line that runs the same plan.
 */
import assert from "node:assert/strict";
import { cli, FIXTURES, REPO } from "./_runs.ts";
import { taskCount } from "../lib/cli/commands/array.ts";

const SWEEP = `${REPO}/bench/sweep_experiment.ts`;

Deno.test("the task count follows --tasks or --units-per-task, whole cells, 1,000 at most by default", () => {
  assert.equal(taskCount({ cells: 100_000, units: 1_000_000 }), 1000);
  assert.equal(taskCount({ cells: 100_000, units: 1_000_000, unitsPerTask: 5000 }), 200);
  assert.equal(taskCount({ cells: 12, units: 36, tasks: 50 }), 12, "a task holds a whole cell");
  assert.equal(taskCount({ cells: 12, units: 36, unitsPerTask: 1000 }), 1);
});

Deno.test("deno task array prints each task's share and the sbatch line with the flags as given", async () => {
  const r = await cli(
    ["array", SWEEP, "--set", "a=1,2,3", "--epochs", "2", "--units-per-task", "100"],
    { write: "/nonexistent" },
  );
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /bench-sweep: 30 cells × 10 seeds = 300 units/);
  assert.match(r.stdout, /3 tasks of 10 cells \(100 units\) each/);
  assert.match(
    r.stdout,
    new RegExp(
      `sbatch --array=1-3 --cpus-per-task=1 slurm/experiment.sbatch ${SWEEP} --set a=1,2,3 --epochs 2\\n`,
    ),
  );
  const refused = await cli(["array", `${FIXTURES}/tiny.ts`, "--shard", "1/2"], {
    write: "/nonexistent",
  });
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /--shard: set by slurm\/experiment.sbatch/);
  const both = await cli(["array", "--tasks", "2", "--units-per-task", "3"], {
    write: "/nonexistent",
  });
  assert.equal(both.code, 2);
  assert.match(both.stderr, /--tasks or --units-per-task, not both/);
});
