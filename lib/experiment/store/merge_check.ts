/**
 * What runs must share to be merged: none a merge itself, and one experiment, definition,
 * numerics (backend and float type) and derivation of random streams.
 *
 * @module
 */

import type { Manifest } from "../records.ts";

/** Refuses runs that are merges, or of another experiment, definition, numerics or streams. */
export function checkMergeable(runs: readonly { dir: string; manifest: Manifest }[]): void {
  const first = runs[0]!;
  const numerics = (r: { manifest: Manifest }) =>
    `${r.manifest.numerics?.backend ?? r.manifest.environment.kernels}/${
      r.manifest.numerics?.dtype ?? "float32"
    }`;
  for (const run of runs) {
    if (run.manifest.mergedFrom !== undefined) {
      throw new TypeError(
        `Cannot merge ${run.dir}: it is itself a merged run (of ${
          run.manifest.mergedFrom.join(", ")
        }); merge the shard runs only`,
      );
    }
    if (run.manifest.experiment !== first.manifest.experiment) {
      throw new TypeError(
        `Cannot merge ${run.dir} (experiment "${run.manifest.experiment}") with ${first.dir} ("${first.manifest.experiment}")`,
      );
    }
    if (run.manifest.definitionHash !== first.manifest.definitionHash) {
      throw new TypeError(
        `Cannot merge ${run.dir} with ${first.dir}: different definitions (${run.manifest.definitionHash} vs ${first.manifest.definitionHash}); were they run with the same flags, code and data?`,
      );
    }
    if (numerics(run) !== numerics(first)) {
      throw new TypeError(
        `Cannot merge ${run.dir} (backend/dtype ${numerics(run)}) with ${first.dir} (${
          numerics(first)
        }): their numbers are not computed the same way`,
      );
    }
    const streams = (r: { manifest: Manifest }) => r.manifest.streams ?? "cell";
    if (streams(run) !== streams(first)) {
      throw new TypeError(
        `Cannot merge ${run.dir} (random streams from the ${
          streams(run)
        }) with ${first.dir} (from the ${
          streams(first)
        }): one was made before common random numbers; rerun it`,
      );
    }
  }
}
