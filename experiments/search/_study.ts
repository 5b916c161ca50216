/**
 * The search study's second table (docs/studies.md): random search, successive halving,
 * Hyperband and TPE at about the same epoch budget (27 × 27 = 729), each repeated 10 times —
 * repetition r with training seed r and search seed r — then each search's ★ cell (best
 * validation accuracy) and its test accuracy: mean and 95% interval over the repetitions, and
 * the paired difference from random search (same r). Prints the table and every run's folder.
 *
 *   deno run --allow-read --allow-write=results --allow-run=deno experiments/search/_study.ts
 *
 * @module
 */

import { aggregateFinals } from "../../lib/experiment/analysis/aggregate.ts";
import { pairedTTest, readRun, searchBudget, summarize, trainedEpochs } from "../../mod.ts";
import { chooseBest } from "../../mod.ts";

const METHODS = ["random-short", "halving-even-short", "hyperband-short", "tpe-short"];
const REPETITIONS = Number(Deno.args[0] ?? 10);
const OUT = Deno.args[1] ?? "results/search-study";

interface Row {
  method: string;
  r: number;
  dir: string;
  validation: number;
  test: number;
  epochs: number;
  label: string;
}

const rows: Row[] = [];
for (let r = 1; r <= REPETITIONS; r++) {
  for (const method of METHODS) {
    const out = await new Deno.Command("deno", {
      args: [
        "task",
        "--quiet",
        "experiment",
        `search/${method}`,
        "--seeds",
        `${r}..${r}`,
        "--search-seed",
        String(r),
        "--workers",
        "2",
        "--quiet",
        "--out",
        OUT,
      ],
      stdout: "piped",
      stderr: "inherit",
    }).output();
    const text = new TextDecoder().decode(out.stdout);
    if (out.code !== 0) throw new Error(`search/${method} r=${r} failed:\n${text}`);
    const dir = text.match(/Run folder: (.*)/)![1]!;
    const run = await readRun(dir);
    const choice = chooseBest(aggregateFinals(run), "accuracy")[0]!;
    const chosen = choice.chosen!;
    rows.push({
      method,
      r,
      dir,
      validation: chosen.finals.validation_accuracy!.mean,
      test: chosen.finals.test_accuracy!.mean,
      epochs: searchBudget(run.manifest, [...run.units.values()].map(trainedEpochs))!.spent,
      label: chosen.cell.label,
    });
    console.error(`${method} r=${r}: ${dir} ★ ${chosen.cell.label}`);
  }
}

const f = (x: number) => x.toFixed(4);
const signed = (x: number) => (x >= 0 ? "+" : "−") + Math.abs(x).toFixed(4);
const of = (method: string) => rows.filter((row) => row.method === method);
console.log(
  "| search | epochs | best validation accuracy | its test accuracy | validation − random | test − random |",
);
console.log("| --- | --- | --- | --- | --- | --- |");
for (const method of METHODS) {
  const mine = of(method), base = of("random-short");
  const v = summarize(mine.map((x) => x.validation)), t = summarize(mine.map((x) => x.test));
  const epochs = [...new Set(mine.map((x) => x.epochs))].join(", ");
  const diff = (key: "validation" | "test") => {
    if (method === "random-short") return "";
    const d = pairedTTest(base.map((x) => x[key]), mine.map((x) => x[key]));
    return `${signed(d.difference)} [${signed(d.ciLow)}, ${signed(d.ciHigh)}], p ${d.p.toFixed(3)}`;
  };
  console.log(
    `| ${method.replace("-short", "")} | ${epochs} | ${f(v.mean)} [${f(v.ciLow)}, ${
      f(v.ciHigh)
    }] | ${f(t.mean)} [${f(t.ciLow)}, ${f(t.ciHigh)}] | ${diff("validation")} | ${diff("test")} |`,
  );
}
console.log("\nEvery run (r, folder, ★ cell, validation / test accuracy):\n");
for (const row of rows) {
  console.log(
    `- ${row.method} r=${row.r}: \`${row.dir.split("/").at(-1)}\` — ${row.label}: ${
      f(row.validation)
    } / ${f(row.test)}`,
  );
}
