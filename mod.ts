/**
 * A multi-layer-perceptron framework and reproducible experiment runner for Deno.
 *
 * Floors, lowest first: numerics (seeded streams, matrices, kernels), nn (layers,
 * losses, optimisers, networks), data (synthetic sets, MNIST, iris, CSV, splits), train
 * (fit loop, metrics).
 *
 * @example Train the lesson's two-layer network on XOR
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
  type Product,
  productShape,
} from "./lib/numerics/kernels.ts";
export { typescriptKernels } from "./lib/numerics/typescript_kernels.ts";
export { describe, formatProblems, type Problem, ValidationError } from "./lib/problems.ts";

export {
  INIT_KINDS,
  type InitKind,
  LAYER_KINDS,
  type LayerSpec,
  layerSpecProblems,
  type NetworkSpec,
  networkSpecProblems,
  outputWidth,
  validateNetworkSpec,
} from "./lib/nn/spec.ts";
export type { Layer, LayerOptions, Parameter } from "./lib/nn/layer.ts";
export { initialize } from "./lib/nn/init.ts";
export { Dense, type DenseOptions } from "./lib/nn/dense.ts";
export {
  ElementWise,
  Identity,
  LeakyReLU,
  ReLU,
  Sigmoid,
  Softmax,
  Tanh,
} from "./lib/nn/activations.ts";
export {
  BinaryCrossEntropy,
  classify,
  createLoss,
  CrossEntropy,
  Logistic,
  type Loss,
  LOSS_KINDS,
  type LossKind,
  type LossOptions,
  MeanAbsoluteError,
  MeanSquaredError,
  SoftmaxCrossEntropy,
  type Targets,
} from "./lib/nn/losses.ts";
export { addL2Gradient, l2Penalty } from "./lib/nn/regularization.ts";
export {
  Adam,
  createOptimizer,
  Optimizer,
  OPTIMIZER_KINDS,
  type OptimizerSpec,
  optimizerSpecProblems,
  type OptimizerState,
  SGD,
} from "./lib/nn/optimizers.ts";
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
  evaluate,
  fit,
  type FitOptions,
  type FitResult,
  type FitState,
  type FitStatus,
  type Metrics,
  TrainingStopped,
} from "./lib/train/fit.ts";

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
export {
  type ClassificationOptions,
  makeBlobs,
  makeCircles,
  makeClassification,
  makeMoons,
  makeRegression,
  makeSpirals,
  makeXor,
  type RegressionKind,
  type ShapeOptions,
} from "./lib/data/synthetic.ts";
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
export {
  DATASET_KINDS,
  type DatasetSpec,
  datasetSpecProblems,
  loadDataset,
  type LoadedData,
  type LoadOptions,
  validateDatasetSpec,
} from "./lib/data/spec.ts";

export { type Json } from "./lib/experiment/canonical.ts";
export {
  type AnyExperiment,
  type CellParams,
  type DataShape,
  defineExperiment,
  type ExperimentDefinition,
  METRIC_NAMES,
  type MetricName,
  type Params,
  type Resolvable,
  type SplitSpec,
} from "./lib/experiment/define.ts";
export {
  type Cell,
  type CellConfig,
  type Overrides,
  type Plan,
  planExperiment,
  shardCells,
} from "./lib/experiment/plan.ts";
export { formatValue } from "./lib/experiment/json.ts";
export {
  type EpochRow,
  runUnit,
  type UnitOptions,
  type UnitResult,
} from "./lib/experiment/unit.ts";
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
} from "./lib/experiment/stats.ts";
export {
  aggregate,
  type CellAggregate,
  type Curve,
  headline,
  higherIsBetter,
} from "./lib/experiment/aggregate.ts";
export { type Choice, chooseBest } from "./lib/experiment/select.ts";
export {
  type CellComparison,
  compareRuns,
  type MetricComparison,
  type RunComparison,
  type SetupDifference,
} from "./lib/experiment/compare.ts";
export {
  type Manifest,
  readRun,
  type RunData,
  type RunStatus,
  type UnitState,
} from "./lib/experiment/store.ts";
export {
  checkpointPath,
  DTYPE,
  maxWorkers,
  type PreparedRun,
  prepareRun,
  type RunEvent,
  type RunOptions,
  type RunResult,
  runToFolder,
} from "./lib/experiment/runner.ts";
export { IncompleteMergeError, type MergeOptions, mergeRuns } from "./lib/experiment/merge.ts";
export {
  LOCK_FILE,
  type LockHolder,
  lockRun,
  type RunLock,
  RunLockedError,
} from "./lib/experiment/lock.ts";
export { JOURNAL, journalLine, parseJournal } from "./lib/experiment/journal.ts";
export { MAX_CELLS, MAX_UNITS } from "./lib/experiment/plan.ts";
export { type LoadedExperiment, loadExperiment } from "./lib/experiment/load.ts";
export { runExperiment } from "./lib/report/run.ts";
export {
  reportHtml,
  writeComparisonPage,
  writeReport,
  writeResultsIndex,
} from "./lib/report/html.ts";
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
