import assert from "node:assert/strict";
import { derive, Rng } from "../mod.ts";

Deno.test("mulberry32 matches the peers' portable reference outputs", () => {
  // First outputs of mulberry32(42), as computed by ../shared/peers/common.py.
  const r = Rng.mulberry32(42);
  const got = Array.from({ length: 3 }, () => r.nextUint32());
  assert.deepEqual(got, [2581720956, 1925393290, 3661312704]);
});

Deno.test("xoshiro128** streams are reproducible and depend on seed and path", () => {
  const draw = (rng: Rng) => Array.from({ length: 8 }, () => rng.nextUint32());
  assert.deepEqual(draw(derive(1, "a")), draw(derive(1, "a")));
  assert.notDeepEqual(draw(derive(1, "a")), draw(derive(2, "a")));
  assert.notDeepEqual(draw(derive(1, "a")), draw(derive(1, "b")));
  assert.notDeepEqual(draw(derive(1, "a", "b")), draw(derive(1, "ab")));
  assert.deepEqual(draw(Rng.seeded(1).derive("x", "y")), draw(derive(1, "x", "y")));
  assert.equal(derive(9, "cell", "init").id, "9/cell/init");
});

Deno.test("a sub-stream does not shift when its parent draws", () => {
  const parent = Rng.seeded(3);
  const before = parent.derive("init").uniform();
  for (let i = 0; i < 10; i++) parent.uniform();
  assert.equal(parent.derive("init").uniform(), before);
});

Deno.test("uniform, normal and int draws have the right distribution", () => {
  const rng = Rng.seeded(11);
  const n = 200_000;
  let su = 0, sn = 0, sn2 = 0;
  const counts = new Array(5).fill(0);
  for (let i = 0; i < n; i++) {
    const u = rng.uniform();
    assert.ok(u >= 0 && u < 1);
    su += u;
    const z = rng.normal(2, 3);
    sn += z;
    sn2 += z * z;
    counts[rng.int(5)]++;
  }
  assert.ok(Math.abs(su / n - 0.5) < 0.005);
  const mean = sn / n, variance = sn2 / n - mean * mean;
  assert.ok(Math.abs(mean - 2) < 0.03, `mean ${mean}`);
  assert.ok(Math.abs(variance - 9) < 0.15, `variance ${variance}`);
  for (const c of counts) assert.ok(Math.abs(c / n - 0.2) < 0.005);
});

Deno.test("permutation is a permutation and follows the peers' Fisher–Yates recipe", () => {
  const p = Rng.seeded(5).permutation(1000);
  assert.deepEqual(Array.from(p).sort((a, b) => a - b), Array.from({ length: 1000 }, (_, i) => i));
  // With mulberry32(42 + 1) the peers' permutation of 60000 starts like this (common.py).
  const peers = Rng.mulberry32(43).permutation(60000);
  assert.deepEqual(Array.from(peers.subarray(0, 5)), PEERS_PERM_HEAD);
});

Deno.test("bad seeds and bounds are refused with the value named", () => {
  assert.throws(() => Rng.seeded(-1), /got -1/);
  assert.throws(() => Rng.seeded(1.5), RangeError);
  assert.throws(() => Rng.mulberry32(2 ** 32), RangeError);
  assert.throws(() => Rng.seeded(1).int(0), /below 0/);
});

// Filled from ../shared/peers/common.py permutation(60000, 42)[:5].
const PEERS_PERM_HEAD = [14324, 14041, 44309, 53585, 28701];
