/**
 * mod.ts must work when imported by URL from a folder with no deno.json: everything it
 * reaches imports by relative path, `node:` or full `npm:` specifiers.
 */
import assert from "node:assert/strict";

const MOD_URL = new URL("../mod.ts", import.meta.url).href;

Deno.test("mod.ts imports through a file:// URL with --no-config and no permissions and trains a tiny network", async () => {
  const dir = await Deno.makeTempDir({ prefix: "mlp-import-" });
  try {
    const script = `
import { evaluate, fit, Matrix, Network, Rng, SGD, SoftmaxCrossEntropy } from "${MOD_URL}";
const x = Matrix.fromRows([[0, 0], [0, 1], [1, 0], [1, 1]]);
const y = Int32Array.of(0, 1, 1, 0);
const rng = Rng.seeded(7);
const net = Network.build(
  { inputs: 2, layers: [{ kind: "dense", units: 8 }, { kind: "tanh" }, { kind: "dense", units: 2 }] },
  { rng: rng.derive("init") },
);
const loss = new SoftmaxCrossEntropy();
fit(net, { x, y }, { loss, optimizer: new SGD(net.parameters(), { lr: 0.5, momentum: 0.9 }), epochs: 300, batchSize: 4, rng: rng.derive("shuffle") });
console.log(JSON.stringify(evaluate(net, loss, { x, y })));
`;
    await Deno.writeTextFile(`${dir}/main.ts`, script);
    const out = await new Deno.Command(Deno.execPath(), {
      // No permissions at all: importing and training need none (the wasm backend then
      // works on one thread instead of asking to read its helper's module).
      args: ["run", "--no-config", "--no-lock", "--no-prompt", "main.ts"],
      cwd: dir,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stderr = new TextDecoder().decode(out.stderr);
    assert.equal(out.code, 0, stderr);
    const metrics = JSON.parse(new TextDecoder().decode(out.stdout));
    assert.equal(metrics.accuracy, 1);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
