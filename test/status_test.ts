/** `deno task status`: a sharded sweep's shards, each done, running, interrupted or missing, with what to run next. */
import assert from "node:assert/strict";
import { hostName } from "../lib/experiment/store/lock.ts";
import { cli, FIXTURES, withTempDir } from "./_runs.ts";

Deno.test("status names each shard's state and the command that finishes it", async () => {
  await withTempDir(async (tmp) => {
    const array = `${tmp}/slurm-7`;
    const dirs: string[] = [];
    for (const shard of ["1/4", "2/4", "3/4"]) {
      const r = await cli(
        [
          "experiment",
          `${FIXTURES}/tiny.ts`,
          "--out",
          array,
          "--shard",
          shard,
          "--epochs",
          "2",
          "--quiet",
        ],
        { write: tmp },
      );
      assert.equal(r.code, 0, r.stderr);
      const name = Array.from(Deno.readDirSync(`${array}/tiny`), (e) => e.name)
        .find((n) => !dirs.some((d) => d.endsWith(n)))!;
      dirs.push(`${array}/tiny/${name}`);
    }
    const edit = (dir: string, status: string) => {
      const m = JSON.parse(Deno.readTextFileSync(`${dir}/manifest.json`));
      Deno.writeTextFileSync(`${dir}/manifest.json`, JSON.stringify({ ...m, status }, null, 2));
    };
    edit(dirs[1]!, "interrupted");
    // Shard 3 says running: while its writer holds the lock it is running, else it stopped.
    edit(dirs[2]!, "running");
    const lock = { pid: Deno.pid, host: hostName(), started: "", command: "run of tiny" };
    Deno.writeTextFileSync(`${dirs[2]}/writer.lock`, JSON.stringify(lock));
    const held = await Deno.open(`${dirs[2]}/writer.lock`, { read: true, write: true });
    await held.lock(true);
    const r = await cli(["status", array], { write: tmp });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /tiny, 4 shards/);
    assert.match(r.stdout, /done\s+1\s+\(1\)/);
    assert.match(r.stdout, /running\s+1\s+\(3\)/);
    assert.match(r.stdout, /interrupted\s+1\s+\(2\)/);
    assert.match(r.stdout, /missing\s+1\s+\(4\)/);
    assert.ok(r.stdout.includes(`sbatch --array=2 slurm/experiment.sbatch --resume ${dirs[1]}`));
    assert.match(
      r.stdout,
      /deno task experiment .*tiny\.ts --shard <i>\/4 --out .*slurm-7 --epochs 2/,
    );
    // The writer gone (killed: its lock file left, its OS lock released), shard 3 counts as
    // interrupted.
    held.close();
    const again = await cli(["status", array], { write: tmp });
    assert.match(again.stdout, /interrupted\s+2\s+\(2-3\)/);
  });
});
