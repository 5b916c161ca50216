// The tree shows the design, and stays that way: imports point down the floors (DESIGN.md),
// the runner's rooms point only where their job needs, no module imports itself round a
// circle, and files and functions stay a size a reader can hold.
import assert from "node:assert/strict";
import { dirname, join, normalize } from "node:path";
import ts from "npm:typescript@5.9.3";
import { REPO } from "./_runs.ts";

/** Every .ts file under a folder, repo-relative. */
function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of Deno.readDirSync(join(REPO, dir))) {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory) out.push(...tsFiles(path));
    else if (e.name.endsWith(".ts") && !e.name.endsWith(".d.ts")) out.push(path);
  }
  return out.sort();
}

const LIB = tsFiles("lib");
/** Generated files and the AssemblyScript source: exempt from the size limits. */
const GENERATED = new Set([
  "lib/numerics/_wasm_module.ts",
  "lib/report/_page_bundle.ts",
  "lib/numerics/wasm/kernels.as.ts",
]);

/** The relative modules a file imports statically (`import`/`export … from`). */
function importsOf(file: string): string[] {
  const text = Deno.readTextFileSync(join(REPO, file));
  const found = new Set<string>();
  for (const m of text.matchAll(/^(?:import|export)\b[^;]*?\bfrom\s+"(\.{1,2}\/[^"]+)"/gms)) {
    found.add(normalize(join(dirname(file), m[1]!)));
  }
  for (const m of text.matchAll(/^import\s+"(\.{1,2}\/[^"]+)"/gm)) {
    found.add(normalize(join(dirname(file), m[1]!)));
  }
  return [...found];
}

const GRAPH = new Map(LIB.map((f) => [f, importsOf(f).filter((t) => t.startsWith("lib/"))]));

Deno.test("every relative import under lib/ names a file that exists", () => {
  const missing = [...GRAPH].flatMap(([f, ts]) =>
    ts.filter((t) => !GRAPH.has(t) && !t.endsWith(".d.ts")).map((t) => `${f} → ${t}`)
  );
  assert.deepEqual(missing, []);
});

/** Every import circle in a graph, each as `a → b → … → a`. */
function circlesIn(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const state = new Map<string, "open" | "done">();
  const circles: string[] = [];
  const visit = (f: string, path: string[]) => {
    if (state.get(f) === "done") return;
    if (state.get(f) === "open") {
      circles.push([...path.slice(path.indexOf(f)), f].join(" → "));
      return;
    }
    state.set(f, "open");
    for (const t of graph.get(f) ?? []) visit(t, [...path, f]);
    state.set(f, "done");
  };
  for (const f of graph.keys()) visit(f, []);
  return circles;
}

Deno.test("the circle finder sees a circle of three and none in a chain", () => {
  assert.deepEqual(circlesIn(new Map([["a", ["b"]], ["b", ["c"]], ["c", ["a"]]])), [
    "a → b → c → a",
  ]);
  assert.deepEqual(circlesIn(new Map([["a", ["b"]], ["b", ["c"]], ["c", []]])), []);
});

Deno.test("no import circle under lib/", () => {
  assert.deepEqual(circlesIn(GRAPH), []);
});

/** DESIGN.md's floors, lowest first; a module imports only its own floor or lower ones. */
const FLOORS = [
  ["lib/problems.ts", "lib/rules.ts", "lib/npm_package.ts", "lib/_"],
  ["lib/numerics/"],
  ["lib/nn/"],
  ["lib/data/"],
  ["lib/train/"],
  ["lib/experiment/"],
  ["lib/report/"],
  ["lib/serve/"],
  ["lib/cli/"],
];
const floorOf = (f: string) =>
  FLOORS.findIndex((prefixes) => prefixes.some((p) => f.startsWith(p)));

/**
 * The one import that points up, on purpose: the activation family keeps its registry (each
 * kind's forward and backward loops) beside its layers in nn/, and the kernels run those
 * loops. The registry imports nothing from nn (only a numerics type), so no circle comes of it.
 */
const UPWARD = new Set([
  "lib/numerics/kernels.ts → lib/nn/activations/registry.ts",
  "lib/numerics/typescript_kernels.ts → lib/nn/activations/registry.ts",
]);

Deno.test("imports point down the floors: numerics, nn, data, train, experiment, report, serve, cli", () => {
  const up = [...GRAPH].flatMap(([f, targets]) =>
    targets.filter((t) => floorOf(t) > floorOf(f)).map((t) => `${f} → ${t}`)
  ).filter((edge) => !UPWARD.has(edge));
  assert.deepEqual(up, []);
  const registry = GRAPH.get("lib/nn/activations/registry.ts")!;
  assert.ok(registry.every((t) => t.startsWith("lib/numerics/")), registry.join(", "));
});

Deno.test("the floors test sees an upward import", () => {
  const up = [["lib/nn/dense.ts", "lib/train/fit.ts"], ["lib/train/fit.ts", "lib/nn/dense.ts"]]
    .filter(([f, t]) => floorOf(t!) > floorOf(f!));
  assert.deepEqual(up, [["lib/nn/dense.ts", "lib/train/fit.ts"]]);
});

/**
 * The runner's rooms (lib/experiment/): which rooms each may import. The shared leaves —
 * records, canonical JSON, thread errors — import no room; planning reads only the leaves;
 * storage and analysis read each other's pure parts; running uses them all; the report's
 * pages read analysis and storage.
 */
const ROOMS: Record<string, readonly string[]> = {
  leaf: ["leaf"],
  plan: ["leaf", "plan"],
  store: ["leaf", "store", "analysis"],
  analysis: ["leaf", "analysis", "store/manifest.ts", "plan/rungs.ts"],
  run: ["leaf", "plan", "store", "analysis", "run"],
  report: ["leaf", "analysis", "store"],
};
const roomOf = (f: string) => {
  const rest = f.slice("lib/experiment/".length);
  return rest.includes("/") ? rest.slice(0, rest.indexOf("/")) : "leaf";
};

Deno.test("the runner's rooms import only the rooms below them; the report reads analysis and store", () => {
  const wrong: string[] = [];
  for (const [f, targets] of GRAPH) {
    const from = f.startsWith("lib/experiment/")
      ? roomOf(f)
      // runExperiment (report/run.ts) is the one report module that drives a run.
      : f.startsWith("lib/report/") && f !== "lib/report/run.ts"
      ? "report"
      : undefined;
    if (from === undefined) continue;
    for (const t of targets.filter((t) => t.startsWith("lib/experiment/"))) {
      const allowed = ROOMS[from]!;
      const rel = t.slice("lib/experiment/".length);
      if (!allowed.includes(roomOf(t)) && !allowed.includes(rel)) wrong.push(`${f} → ${t}`);
    }
  }
  assert.deepEqual(wrong, []);
});

Deno.test("no file in lib/ over 450 lines (generated files and the AssemblyScript kernels aside)", () => {
  const long = LIB.filter((f) => !GENERATED.has(f))
    .map((f) => [f, Deno.readTextFileSync(join(REPO, f)).split("\n").length] as const)
    .filter(([, n]) => n > 450)
    .map(([f, n]) => `${f}: ${n} lines`);
  assert.deepEqual(long, []);
});

/** Every function's length in lines, with a readable name. */
export function functionLengths(file: string): { name: string; lines: number }[] {
  const text = Deno.readTextFileSync(join(REPO, file));
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: { name: string; lines: number }[] = [];
  const line = (pos: number) => source.getLineAndCharacterOfPosition(pos).line;
  const visit = (node: ts.Node, owner: string) => {
    let name = owner;
    if (ts.isFunctionLike(node) && "body" in node && node.body !== undefined) {
      const own = node.name?.getText(source) ??
        (ts.isVariableDeclaration(node.parent) || ts.isPropertyAssignment(node.parent)
          ? node.parent.name.getText(source)
          : ts.isConstructorDeclaration(node)
          ? "constructor"
          : "(anonymous)");
      name = owner ? `${owner}.${own}` : own;
      out.push({
        name: `${file}:${line(node.getStart(source)) + 1} ${name}`,
        lines: line(node.getEnd()) - line(node.getStart(source)) + 1,
      });
    } else if (ts.isClassDeclaration(node) && node.name) name = node.name.getText(source);
    ts.forEachChild(node, (child) => visit(child, name));
  };
  visit(source, "");
  return out;
}

/**
 * The kernels' inner loops: one closure per backend over the shared memory, long because a
 * kernel's hot loops are written out (no calls in the inner loop).
 */
const KERNEL_FACTORIES = new Set(["lib/numerics/wasm_kernels.ts"]);

Deno.test("no function in lib/ or cli.ts over 80 lines (the kernels' inner loops aside)", () => {
  const files = [...LIB, "cli.ts"].filter((f) => !GENERATED.has(f) && !KERNEL_FACTORIES.has(f));
  const long = files.flatMap(functionLengths).filter((f) => f.lines > 80)
    .map((f) => `${f.name}: ${f.lines} lines`);
  assert.deepEqual(long, []);
});

Deno.test("the function measure counts a function's lines, methods by class", () => {
  const lengths = functionLengths("test/architecture_test.ts");
  const self = lengths.find((f) => f.name.endsWith(" functionLengths"));
  assert.ok(self && self.lines > 20 && self.lines < 40, JSON.stringify(self));
});

Deno.test("the report pages' script is self-contained: it imports nothing (no node: module reaches a page)", async () => {
  const { PAGE_SCRIPT } = await import("../lib/report/_page_bundle.ts");
  assert.doesNotMatch(PAGE_SCRIPT, /\bimport\s*[{*\w]|from\s*"node:/);
});
