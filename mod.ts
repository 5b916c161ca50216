/**
 * A multi-layer-perceptron framework and a reproducible experiment runner for Deno.
 * Everything is exported from this one module (by URL: `import { … } from
 * "<url>/mod.ts"`; from JSR, `@mlp/lab`). A map, with one runnable example per part:
 *
 * - **Framework** — the lesson's pieces, layer by layer. Numerics: {@link Rng} (seeded
 *   streams derived by name), {@link Matrix}, the {@link Kernels} backends
 *   ({@link kernelsByName}: wasm, typescript, blas). Layers: {@link Dense} and the
 *   activations ({@link Tanh}, {@link ReLU}, {@link Softmax} …), built from JSON specs by
 *   {@link Network.build}. Losses ({@link createLoss}, {@link SoftmaxCrossEntropy} …),
 *   optimisers ({@link createOptimizer}, {@link SGD}, {@link Adam}), L2
 *   ({@link addL2Gradient}), {@link gradCheck}, {@link saveNetwork}/{@link loadNetwork}.
 *   Training: {@link fit} (minibatches, learning-rate schedules ({@link SCHEDULES}), early
 *   stopping, divergence, checkpoints),
 *   {@link evaluate} and the metrics ({@link accuracy}, {@link confusionMatrix},
 *   {@link r2Score} …).
 * - **Data** — generators ({@link makeMoons}, {@link makeSpirals}, {@link makeXor} …),
 *   {@link loadMnist}, {@link loadIris}, {@link loadCsv}; {@link split},
 *   {@link standardizeSplits}, {@link oneHot}; data sets as JSON specs
 *   ({@link DatasetSpec}, {@link loadDataset}).
 * - **Experiments** — {@link defineExperiment} (a grid of named axes, every field a value
 *   or a function of the cell), {@link planExperiment} (cells with stable ids, every
 *   problem at once), {@link runExperiment} (all cells × seeds on workers, into
 *   `results/<experiment>/<run id>/`, with its report) or {@link runToFolder} (without
 *   the report), {@link mergeRuns} for shards, {@link readRun} to load a run back.
 * - **Reports and comparisons** — {@link writeReport} (a run's `index.html`),
 *   {@link compareRuns} (paired and Welch tests with Holm's correction),
 *   {@link comparisonText}, {@link writeComparisonPage}, {@link summaryTable},
 *   {@link chooseBest}, and the statistics behind them ({@link summarize},
 *   {@link pairedTTest}, {@link holm}).
 *
 * @example Framework: the lesson's two-layer network learns XOR
 * ```ts
 * import { fit, Matrix, Network, Rng, SGD, SoftmaxCrossEntropy } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const x = Matrix.fromRows([[0, 0], [0, 1], [1, 0], [1, 1]]);
 * const y = Int32Array.of(0, 1, 1, 0);
 * const rng = Rng.seeded(7);
 * const net = Network.build(
 *   { inputs: 2, layers: [{ kind: "dense", units: 8 }, { kind: "tanh" }, { kind: "dense", units: 2 }] },
 *   { rng: rng.derive("init") },
 * );
 * const result = fit(net, { x, y }, {
 *   loss: new SoftmaxCrossEntropy(),
 *   optimizer: new SGD(net.parameters(), { lr: 0.5, momentum: 0.9 }),
 *   epochs: 300, batchSize: 4, rng: rng.derive("shuffle"),
 * });
 * assert.equal(result.history.at(-1)!.train.accuracy, 1);
 * ```
 *
 * @example Data: moons, split three ways, standardised on the training part
 * ```ts
 * import { makeMoons, Rng, split, standardizeSplits } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const data = makeMoons({ n: 500, noise: 0.2, rng: Rng.seeded(1) });
 * const parts = standardizeSplits(split(data, { validation: 0.2, test: 0.2, rng: Rng.seeded(2) }));
 * assert.equal(parts.train.x.rows + parts.validation!.x.rows + parts.test!.x.rows, 500);
 * ```
 *
 * @example Experiments: a grid of two learning rates × two seeds, run into a folder
 * ```ts
 * import { defineExperiment, readRun, runExperiment } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const out = await Deno.makeTempDir();
 * const xor = defineExperiment({
 *   name: "xor-lr", description: "Two learning rates on XOR",
 *   grid: { lr: [0.1, 0.5] }, seeds: 2,
 *   data: { kind: "xor", n: 80 },
 *   model: (_p, shape) => [{ kind: "dense", units: 8 }, { kind: "tanh" }, { kind: "dense", units: shape.outputs }],
 *   optimizer: (p) => ({ kind: "sgd", lr: p.lr }),
 *   epochs: 5, batchSize: 8,
 * });
 * const run = await runExperiment(xor, { out, workers: 0 });
 * assert.equal(run.status, "completed");
 * assert.equal((await readRun(run.dir)).units.size, 4); // cells × seeds, with index.html beside
 * await Deno.remove(out, { recursive: true });
 * ```
 *
 * @example Reports and comparisons: the same grid at 5 and 20 epochs, compared seed by seed
 * ```ts
 * import { compareRuns, comparisonText, defineExperiment, readRun, runToFolder } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const out = await Deno.makeTempDir();
 * const def = defineExperiment({
 *   name: "xor-epochs", description: "", seeds: 3,
 *   data: { kind: "xor", n: 80 },
 *   model: (_p, shape) => [{ kind: "dense", units: 8 }, { kind: "tanh" }, { kind: "dense", units: shape.outputs }],
 *   optimizer: { kind: "sgd", lr: 0.3 }, epochs: 5, batchSize: 8,
 * });
 * const a = await runToFolder(def, { out, workers: 0 });
 * const b = await runToFolder(def, { out, workers: 0, overrides: { epochs: 20 } });
 * const text = comparisonText(compareRuns(await readRun(a.dir), await readRun(b.dir)));
 * assert.match(text, /paired t \(n=3\)/);
 * await Deno.remove(out, { recursive: true });
 * ```
 *
 * @module
 */

export { derive, Rng, type Uint32Source } from "./lib/numerics/random.ts";
export {
  allocFloats,
  type DType,
  type FloatArray,
  gatherRows,
  Matrix,
} from "./lib/numerics/matrix.ts";
export {
  type ActivationKind,
  checkShapes,
  type Kernels,
  type MlpEpoch,
  type Product,
  productShape,
} from "./lib/numerics/kernels.ts";
export { typescriptKernels } from "./lib/numerics/typescript_kernels.ts";
export {
  describe,
  formatPath,
  formatProblems,
  kindSpecProblems,
  type Path,
  type PathSegment,
  type Problem,
  ValidationError,
} from "./lib/problems.ts";

export * from "./lib/nn/activations/mod.ts";
export {
  type ActivationSpec,
  type DenseSpec,
  INIT_KINDS,
  type InitKind,
  LAYER_KINDS,
  type LayerSpec,
  layerSpecProblems,
  type NetworkSpec,
  networkSpecProblems,
  outputWidth,
  type ParamOf,
  validateNetworkSpec,
} from "./lib/nn/spec.ts";
export type { Layer, LayerOptions, Parameter } from "./lib/nn/layer.ts";
export { initialize } from "./lib/nn/init.ts";
export { Dense, type DenseOptions } from "./lib/nn/dense.ts";
export * from "./lib/nn/losses/mod.ts";
export { addL2Gradient, l2Penalty } from "./lib/nn/regularization.ts";
export * from "./lib/nn/optimizers/mod.ts";
export type { Rule as SettingRule } from "./lib/rules.ts";
export { type BuildOptions, Network } from "./lib/nn/network.ts";
export { loadNetwork, type SavedNetwork, saveNetwork } from "./lib/nn/serialize.ts";
export {
  gradCheck,
  type GradCheckEntry,
  type GradCheckOptions,
  type GradCheckResult,
} from "./lib/nn/grad_check.ts";

export {
  accuracy,
  confusionMatrix,
  logLoss,
  meanAbsoluteError,
  meanSquaredError,
  r2Score,
} from "./lib/train/metrics.ts";
export {
  type EpochRecord,
  fit,
  type FitOptions,
  type FitResult,
  type FitState,
  type FitStatus,
  TrainingStopped,
} from "./lib/train/fit.ts";
export { evaluate, type Metrics } from "./lib/train/evaluate.ts";
export * from "./lib/train/schedules/mod.ts";

export {
  classCounts,
  classificationSet,
  type Dataset,
  defaultNames,
  type LabeledDataset,
  regressionSet,
  takeRows,
  type Task,
} from "./lib/data/dataset.ts";
export * from "./lib/data/kinds/mod.ts";
export { type IdxArray, parseIdx } from "./lib/data/idx.ts";
export {
  loadMnist,
  MNIST_FILES,
  MNIST_PACKAGE,
  mnistDataDir,
  mnistFromIdx,
  type MnistOptions,
  type MnistSets,
} from "./lib/data/mnist.ts";
export { IRIS_FEATURES, IRIS_PACKAGE, loadIris } from "./lib/data/iris.ts";
export { type CsvOptions, loadCsv, parseCsvDataset } from "./lib/data/csv.ts";
export {
  fitStandardizer,
  oneHot,
  split,
  type SplitOptions,
  type Splits,
  standardize,
  type Standardizer,
  standardizeSplits,
} from "./lib/data/preprocess.ts";

export type { Json } from "./lib/experiment/records.ts";
export {
  type AnyExperiment,
  type CellParams,
  type DataShape,
  defineExperiment,
  type ExperimentDefinition,
  type Resolvable,
  type SplitSpec,
} from "./lib/experiment/plan/define.ts";
export { METRIC_NAMES, type MetricName, type Params } from "./lib/experiment/records.ts";
export { planExperiment, shardCells } from "./lib/experiment/plan/plan.ts";
export type { PlanOptions } from "./lib/experiment/plan/cell.ts";
export type { Cell, CellConfig, Overrides, Plan } from "./lib/experiment/records.ts";
export { formatValue } from "./lib/experiment/json.ts";
export {
  drawTrials,
  isDistribution,
  SEARCH_KINDS,
  SOBOL_MAX_DIMS,
  sobolPoints,
} from "./lib/experiment/plan/search.ts";
export {
  plannedEpochs,
  type PlanShape,
  searchBudget,
  trainedEpochs,
} from "./lib/experiment/analysis/budget.ts";
export type { AxisSpec, Distribution, SearchSpec } from "./lib/experiment/records.ts";
export { decisionBoundary } from "./lib/experiment/analysis/boundary.ts";
export type { Boundary } from "./lib/experiment/records.ts";
export type { Diagnostics, Misclassified } from "./lib/experiment/records.ts";
export {
  type RungLink,
  runUnit,
  type StreamDerivation,
  STREAMS,
  type UnitOptions,
  unitStreams,
} from "./lib/experiment/run/unit.ts";
export type {
  EpochRow,
  ModelEntry,
  RunSummary,
  UnitModel,
  UnitResult,
  UnitSummary,
} from "./lib/experiment/records.ts";
export {
  holm,
  INTERVAL_METHOD,
  type MetricRange,
  metricRange,
  pairedTTest,
  studentTQuantile,
  summarize,
  type Summary,
  type TestResult,
  welchTTest,
} from "./lib/experiment/analysis/stats.ts";
export {
  aggregate,
  aggregateFinals,
  type CellAggregate,
  type CellFinals,
  type Curve,
  headline,
  higherIsBetter,
  primaryMetric,
} from "./lib/experiment/analysis/aggregate.ts";
export { type Choice, chooseBest } from "./lib/experiment/analysis/select.ts";
export {
  type BestAgainstBest,
  type CellComparison,
  type ComparedCell,
  type ComparedRun,
  compareRuns,
  type MetricComparison,
  type RunComparison,
  type SetupDifference,
} from "./lib/experiment/analysis/compare.ts";
export { openRun, readRun, type StoredRun } from "./lib/experiment/store/read.ts";
export {
  loadModel,
  type LoadModelOptions,
  type TrainedModel,
} from "./lib/experiment/store/load_model.ts";
export {
  JournalStore,
  memoryStore,
  type PlacedUnit,
  type ScanOptions,
  type UnitSource,
  type UnitStore,
} from "./lib/experiment/store/unit_store.ts";
export type {
  Environment,
  Manifest,
  RunData,
  RunStatus,
  UnitState,
} from "./lib/experiment/records.ts";
export { runToFolder } from "./lib/experiment/run/runner.ts";
export { maxWorkers } from "./lib/experiment/run/prepare.ts";
export type { RunEvent, RunOptions, RunResult } from "./lib/experiment/run/run_options.ts";
export {
  IncompleteMergeError,
  type MergedRun,
  type MergeOptions,
  mergeRuns,
} from "./lib/experiment/store/merge.ts";
export { type LockHolder, RunLockedError } from "./lib/experiment/store/lock.ts";
export {
  type Labels,
  labels,
  readLabels,
  type Relabel,
  relabeled,
  tagProblem,
  writeLabels,
} from "./lib/experiment/store/labels.ts";
export { MAX_CELLS, MAX_UNITS } from "./lib/experiment/plan/plan.ts";
export { type LoadedExperiment, loadExperiment } from "./lib/experiment/plan/load.ts";
export { runExperiment } from "./lib/report/run.ts";
export { reportHtml, writeComparisonPage, writeReport } from "./lib/report/html.ts";
export { type ServeOptions, serveResults } from "./lib/serve/server.ts";
export { type Figure, plotBoundary, plotPoints } from "./lib/report/figures.ts";
export {
  displayable,
  JUPYTER_DISPLAY,
  lineChart,
  type MimeBundle,
  pointsChart,
  type PointsFigure,
  type Series,
} from "./lib/_svg.ts";
export type { Assets } from "./lib/report/shell.ts";
export { writeResultsIndex } from "./lib/report/index_page.ts";
export { type Html, html, raw } from "./lib/report/html_template.ts";
export { summaryTable } from "./lib/report/table.ts";
export { comparisonJson, comparisonText, findRunsToCompare } from "./lib/report/compare.ts";

export { BACKEND_NAMES, type BackendName, defaultKernels } from "./lib/numerics/backends.ts";
export {
  createWasmKernels,
  type WasmOptions,
  wasmSimdAvailable,
} from "./lib/numerics/wasm_kernels.ts";
export { BufferPool } from "./lib/numerics/kernels.ts";
export { kernelsByName } from "./lib/numerics/backends.ts";
export {
  BLAS_LIBRARIES,
  type BlasKernels,
  type BlasOptions,
  loadBlasKernels,
} from "./lib/numerics/blas_kernels.ts";
