/**
 * The sweep benchmark's workload runs end to end at a small size (the figures themselves are
 * the benchmark's business, not a test's), and its extrapolation follows the model it prints.
 */
import assert from "node:assert/strict";
import { extrapolate, sweepAt } from "../bench/sweep.ts";
import { REPO } from "./_runs.ts";

Deno.test("sweep workload: plan, every shard, merge, report — each stage measured", async () => {
  const out = `${REPO}/results/.test-sweep-${crypto.randomUUID().slice(0, 8)}`;
  try {
    const records = await sweepAt(out, 200, { shards: 2, unsharded: false });
    assert.deepEqual(records.map((r) => r.stage), ["plan", "shards", "merge", "report"]);
    const shards = records[1]!, merge = records[2]!;
    assert.ok((shards.mean_shard_mb as number) > 0 && (shards.array_mb as number) > 0);
    assert.ok((shards.first_cpu_s as number) > 0 && (shards.max_peak_mb as number) > 0);
    assert.ok((merge.bytes_per_unit as number) > 100, JSON.stringify(merge));
  } finally {
    await Deno.remove(out, { recursive: true }).catch(() => {});
  }
});

Deno.test("sweep extrapolation: a shard from its own share, merge as a power law read at 10⁶ units", () => {
  const at = (units: number, mb: number, s: number, ms: number, mp: number) => [
    { stage: "shards", units, shards: 100, mean_shard_mb: mb, mean_seconds: s },
    { stage: "merge", units, seconds: ms, peak_mb: mp },
  ];
  const e = extrapolate(at(10_000, 1, 2, 3, 100), at(100_000, 10, 2, 30, 1000));
  // A 1,000-unit shard costs what it cost at 10⁵ over 100; the array holds 1,000 of them.
  assert.equal(e.shard_mb, 10);
  assert.equal(e.array_mb_1e6, 10_000);
  assert.deepEqual(e.merge_peak_mb, { k: 1, at_1e6: 10000 });
});
