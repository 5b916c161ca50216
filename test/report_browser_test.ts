/// <reference lib="dom" />
/**
 * The pages as a user sees them: opened from file:// in headless Chromium at 1366×768,
 * with the console and the network watched, the table sorted and filtered by clicks.
 */
import assert from "node:assert/strict";
import { defineExperiment, loadExperiment, runExperiment, writeReport } from "../mod.ts";
import tiny from "./fixtures/experiments/tiny.ts";
import { openFile, withBrowser } from "./_browser.ts";
import { cli, REPO, withTempDir } from "./_runs.ts";

const HOSTILE = `<img src=x onerror="globalThis.pwned=1">`;

const hostile = defineExperiment({
  name: "hostile",
  description: `A label that is markup: ${HOSTILE}`,
  grid: { variant: [HOSTILE, "plain"], lr: [0.01, 0.1, 1] },
  seeds: 2,
  data: { kind: "xor", n: 80 },
  model: (_p, s) => [{ kind: "dense", units: 6 }, { kind: "tanh" }, {
    kind: "dense",
    units: s.outputs,
  }],
  optimizer: (p) => ({ kind: "sgd", lr: p.lr }),
  epochs: 4,
  batchSize: 8,
});

Deno.test("report: figures, parallel coordinates, a sortable and filterable table, settings — no console error, no network", async () => {
  await withTempDir(async (out) => {
    const run = await runExperiment(tiny, { out, workers: 0 });
    await withBrowser(async (browser) => {
      const { page, errors, requests } = await openFile(browser, `${run.dir}/index.html`);
      assert.deepEqual(errors, []);
      assert.deepEqual(requests, []);
      const count = (selector: string) => page.$$eval(selector, (e) => e.length);
      // 2 grid views (one per data set), parallel coordinates, 8 curves, 2 confusion
      // matrices, 8 decision boundaries.
      assert.equal(await count(".js-plotly-plot"), 2 + 1 + 8 + 2 + 8);
      assert.equal(await count("#parcoords .js-plotly-plot"), 1);
      assert.match(
        await page.$eval("#primary", (e) => e.textContent ?? ""),
        /^Primary metric: accuracy \(the experiment's primary field; by default its first metric\)/,
      );
      // Where the chosen cells' trained models are, and the command that uses them.
      const folder = `results/tiny/${run.dir.split("/").at(-1)}`;
      assert.equal(
        await page.$eval("#models-kept", (e) => e.textContent),
        `Trained models kept: 4 (the weights of 2 cells, every seed) in models/, each listed with its sha256 in manifest.json. deno task predict ${folder} test writes their predictions on each seed's test part; loadModel("${folder}") loads one in code.`,
      );
      // The grid view's x axis is labelled at the grid's own values, and only there.
      assert.deepEqual(
        await page.$eval(
          "#grid .js-plotly-plot",
          (e) => [...e.querySelectorAll(".xtick text")].map((t) => t.textContent),
        ),
        ["0", "8"],
      );
      assert.equal(await count("#settings-table tbody tr"), 8);
      assert.match(
        await page.$eval("#settings-table", (t) => t.textContent ?? ""),
        /sgd\(lr=0\.05,momentum=0\.5\)/,
      );
      assert.equal(await count("#cells tbody tr"), 8);
      assert.equal(await count("#cells tbody td:first-child:not(:empty)"), 2, "one ★ per data set");
      // Sort by lr (column 5: ★, cell, data, hidden, lr), then the other way.
      const lrs = () =>
        page.$$eval("#cells tbody tr", (rows) => rows.map((r) => r.children[4]!.textContent));
      await page.click("#cells thead th:nth-child(5)");
      assert.deepEqual(await lrs(), [...Array(4).fill("0.05"), ...Array(4).fill("0.3")]);
      await page.click("#cells thead th:nth-child(5)");
      assert.deepEqual(await lrs(), [...Array(4).fill("0.3"), ...Array(4).fill("0.05")]);
      await page.type("#filter", "spirals hidden=8");
      const shown = await page.$$eval(
        "#cells tbody tr",
        (rows) =>
          rows.filter((r) => !(r as HTMLElement).hidden).map((r) => r.children[1]!.textContent),
      );
      assert.equal(shown.length, 2);
      assert.ok(shown.every((l) => /spirals.*hidden=8/.test(l ?? "")), shown.join());
      // The filter filters the curves too: the two cells the table shows.
      await page.waitForFunction(() =>
        document.querySelectorAll("#curves .js-plotly-plot").length === 2
      );
      // Switching the curves to accuracy redraws every small multiple shown.
      await page.select("#curve-metric", "accuracy");
      assert.equal(await count("#curves .js-plotly-plot"), 2);
      // One y scale for every small multiple, when asked.
      const ranges = () =>
        page.$$eval(
          "#curves .js-plotly-plot",
          (e) =>
            e.map((x) =>
              JSON.stringify(
                (x as unknown as { layout: { yaxis: { range: number[] } } }).layout
                  .yaxis.range,
              )
            ),
        );
      assert.equal(new Set(await ranges()).size, 2, "each plot scaled to its own values");
      await page.click("#curve-shared");
      await page.waitForFunction(() =>
        new Set(
          [...document.querySelectorAll("#curves .js-plotly-plot")].map((x) =>
            JSON.stringify(
              (x as unknown as { layout: { yaxis: { range: number[] } } }).layout.yaxis.range,
            )
          ),
        ).size === 1
      );
      assert.deepEqual(errors, []);
    });
  });
});

Deno.test("report: a cell label that is markup stays text", async () => {
  await withTempDir(async (out) => {
    const run = await runExperiment(hostile, { out, workers: 0 });
    await withBrowser(async (browser) => {
      const { page, errors, requests } = await openFile(browser, `${run.dir}/index.html`);
      assert.deepEqual(errors, []);
      assert.deepEqual(requests, []);
      assert.equal(await page.evaluate(() => (globalThis as { pwned?: number }).pwned), undefined);
      assert.equal(await page.$$eval("img", (e) => e.length), 0);
      const text = await page.evaluate(() => document.body.textContent ?? "");
      assert.ok(text.includes(HOSTILE), "the label is shown as the text it is");
    });
  });
});

Deno.test("compare page and results/index.html: every run listed, any two compared, in the browser", async () => {
  await withTempDir(async (out) => {
    const dirs: string[] = [];
    for (const epochs of [2, 6, 6]) {
      dirs.push((await runExperiment(tiny, { out, workers: 0, overrides: { epochs } })).dir);
    }
    await runExperiment(hostile, { out, workers: 0 });
    const r = await cli(["compare", dirs[0]!, dirs[1]!], { write: out });
    assert.equal(r.code, 0, r.stderr);
    const comparePage = r.stdout.match(/Comparison page: (.*)/)![1]!;
    await withBrowser(async (browser) => {
      const opened = await openFile(browser, comparePage);
      assert.deepEqual(opened.errors, []);
      assert.deepEqual(opened.requests, []);
      const verdict = await opened.page.$eval("#verdict", (e) => e.textContent ?? "");
      assert.equal(verdict, r.stdout.trimEnd().split("\n").at(-3));
      assert.equal(await opened.page.$$eval("#cells tbody tr", (e) => e.length), 8);
      assert.match(
        await opened.page.$eval("#setup", (e) => e.textContent ?? ""),
        /overrides\{"epochs":2\}\{"epochs":6\}/,
      );
      assert.equal(await opened.page.$$eval(".js-plotly-plot", (e) => e.length), 8);

      const index = await openFile(browser, `${out}/index.html`);
      assert.deepEqual(index.errors, []);
      assert.deepEqual(index.requests, []);
      // The index draws no figure: plotly is never loaded there.
      assert.ok(index.files.some((f) => /pages-/.test(f)), index.files.join("\n"));
      assert.ok(!index.files.some((f) => /plotly/.test(f)), index.files.join("\n"));
      assert.equal(await index.page.$$eval(".js-plotly-plot", (e) => e.length), 0);
      assert.equal(await index.page.$$eval("#tiny table.runs tbody tr", (e) => e.length), 3);
      assert.equal(await index.page.$$eval("#hostile table.runs tbody tr", (e) => e.length), 1);
      const links = await index.page.$$eval(
        "table.runs a",
        (a) => a.map((x) => x.getAttribute("href")),
      );
      assert.equal(links.length, 4);
      // Compare the two 6-epoch runs: same configuration, same seeds ⇒ identical.
      const ids = dirs.map((d) => `tiny/${d.split("/").at(-1)}`);
      await index.page.select("#tiny select[name=a]", ids[1]!);
      await index.page.select("#tiny select[name=b]", ids[2]!);
      await Promise.all([
        index.page.waitForNavigation(),
        index.page.click("#tiny button[type=submit]"),
      ]);
      await index.page.waitForSelector("#verdict");
      assert.match(
        await index.page.$eval("#verdict", (e) => e.textContent ?? ""),
        /^0 of 8 cells differ .*8 identical per seed$/,
      );
      assert.deepEqual(index.errors, []);
      assert.deepEqual(index.requests, []);
      // Any two runs, of different experiments: compared best against best.
      const any = await openFile(browser, `${out}/index.html`);
      const hostileId = `hostile/${
        (await any.page.$eval("#hostile table.runs a", (a) => a.textContent)) ?? ""
      }`;
      await any.page.select("#compare-any select[name=a]", ids[0]!);
      await any.page.select("#compare-any select[name=b]", hostileId);
      await Promise.all([
        any.page.waitForNavigation(),
        any.page.click("#compare-any button[type=submit]"),
      ]);
      await any.page.waitForSelector("#verdict");
      assert.match(
        await any.page.$eval("#verdict", (e) => e.textContent ?? ""),
        /^No cell is in both runs: best against best — A's ★ .* vs B's ★ /,
      );
      assert.deepEqual(any.errors, []);
      // A new hash on the comparison page compares the runs it names.
      await Promise.all([
        any.page.waitForNavigation(),
        any.page.evaluate((h) => location.hash = h, `#a=${ids[1]}&b=${ids[2]}`),
      ]);
      await any.page.waitForSelector("body[data-drawn]");
      assert.match(
        await any.page.$eval("#verdict", (e) => e.textContent ?? ""),
        /^0 of 8 cells differ .*8 identical per seed$/,
      );
      // Three runs ticked on the index, side by side: the first ticked is the baseline.
      const many = await openFile(browser, `${out}/index.html`);
      for (const id of [ids[0]!, ids[1]!, hostileId]) {
        await many.page.click(`input.pick[value="${id}"]`);
      }
      await Promise.all([
        many.page.waitForNavigation(),
        many.page.click("#compare-picked button[type=submit]"),
      ]);
      await many.page.waitForSelector("body[data-drawn]");
      const rows = await many.page.$$eval(
        "#many tbody tr",
        (rs) => rs.map((r) => [...r.children].map((c) => c.textContent ?? "")),
      );
      assert.deepEqual(
        rows.map((r) => r[1]),
        [ids[0]!, ids[1]!, hostileId].map((i) => i.replace("/", " / ")),
      );
      assert.equal(rows[0]![5], "baseline");
      assert.match(rows[1]![6]!, /^paired t \(n=2\)$/, "same data, shared seeds: paired");
      assert.match(rows[2]![6]!, /^Welch t/, "other data: Welch");
      assert.match(
        await many.page.$eval("#verdict", (e) => e.textContent ?? ""),
        /^\d of 2 runs' best cells differ from run .* in test accuracy \(best against best, Holm-corrected α = 0\.05\); 0 cells in every run$/,
      );
      assert.equal(await many.page.$$eval(".js-plotly-plot", (e) => e.length), 1);
      assert.deepEqual(many.errors, []);
      assert.deepEqual(many.requests, []);
      // The CLI compares three runs or more the same way, and names the page that draws them.
      const three = await cli(["compare", dirs[0]!, dirs[1]!, dirs[2]!], { write: out });
      assert.equal(three.code, 0, three.stderr);
      const lines = three.stdout.trimEnd().split("\n");
      assert.match(lines.at(-3)!, /^\d of 2 runs' best cells differ .* 8 cells in every run$/);
      const [, page, hash] = lines.at(-1)!.match(/^Open in a browser: (.*)(#runs=.*)$/)!;
      const drawn = await openFile(browser, page!, hash!);
      assert.equal(await drawn.page.$eval("#verdict", (e) => e.textContent ?? ""), lines.at(-3));
      assert.equal(await drawn.page.$$eval("#common tbody tr", (e) => e.length), 8);
      assert.deepEqual(drawn.errors, []);
    });
  });
});

Deno.test("report on MNIST: the chosen cell's confusion matrix and a strip of misclassified digits", async () => {
  await withTempDir(async (out) => {
    const { definition } = await loadExperiment(`${REPO}/experiments/mnist-lab.ts`);
    const run = await runExperiment(definition, {
      out,
      workers: 0,
      overrides: { epochs: 1, seeds: 1 },
    });
    await withBrowser(async (browser) => {
      const { page, errors, requests } = await openFile(browser, `${run.dir}/index.html`);
      assert.deepEqual(errors, []);
      assert.deepEqual(requests, []);
      assert.equal(await page.$$eval("#classification .js-plotly-plot", (e) => e.length), 1);
      assert.equal(await page.$$eval("canvas.digit", (e) => e.length), 16);
      // Each caption says true → predicted, and they differ.
      const captions = await page.$$eval("figcaption", (e) => e.map((x) => x.textContent ?? ""));
      assert.ok(captions.every((c) => /^(\d) → (?!\1)\d$/.test(c)), captions.join());
    });
  });
});

Deno.test("report of a random search: every trial drawn, no console error, no network", async () => {
  await withTempDir(async (out) => {
    const run = await runExperiment(
      defineExperiment({
        name: "searched",
        description: "a random search",
        grid: { lr: { logUniform: [0.01, 0.5] }, hidden: { int: [2, 12] }, act: ["tanh", "relu"] },
        search: { kind: "random", trials: 6 },
        seeds: 2,
        data: { kind: "moons", n: 80 },
        model: (p, s) => [{ kind: "dense", units: p.hidden }, { kind: p.act as "tanh" }, {
          kind: "dense",
          units: s.outputs,
        }],
        optimizer: (p) => ({ kind: "adam", lr: p.lr }),
        epochs: 3,
        batchSize: 8,
      }),
      { out, workers: 0 },
    );
    await withBrowser(async (browser) => {
      const { page, errors, requests } = await openFile(browser, `${run.dir}/index.html`);
      assert.deepEqual(errors, []);
      assert.deepEqual(requests, []);
      // The trials' drawn values carry 17 digits in the files; nothing on the page shows more
      // than 6 significant digits (the table, the overview, the settings, every figure's text).
      const long = await page.evaluate(() => {
        const texts: string[] = [];
        for (
          const root of document.querySelectorAll("#best, #top, #table, #settings, .js-plotly-plot")
        ) {
          const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
          while (walk.nextNode()) {
            // A command or a path (the kept models' run folder) is not a number shown.
            if (walk.currentNode.parentElement?.closest("code")) continue;
            texts.push(walk.currentNode.textContent ?? "");
          }
        }
        return texts.flatMap((t) => t.match(/\d*\.\d+|\d+/g) ?? [])
          .filter((n) => n.replace(".", "").replace(/^0+/, "").replace(/0+$/, "").length > 6);
      });
      assert.deepEqual(long, []);
      assert.equal(await page.$$eval("#parcoords .js-plotly-plot", (e) => e.length), 1);
      // The search: its budget, and the best so far against the epochs spent.
      assert.equal(await page.$$eval("#search .js-plotly-plot", (e) => e.length), 1);
      assert.equal(
        await page.$eval("#search-budget", (e) => e.textContent),
        "random search: 6 trials × 2 seeds, 36 epochs trained in all (6 trials at full length: 36 epochs)",
      );
      assert.equal(await page.$$eval("#rungs", (e) => e.length), 0, "no rungs without halving");
    });
  });
});

Deno.test("report of a halving search: the budget, best so far, and each rung's trials, the ones it stopped", async () => {
  await withTempDir(async (out) => {
    const run = await runExperiment(
      defineExperiment({
        name: "halved",
        description: "successive halving",
        grid: { lr: { logUniform: [0.001, 0.5] }, hidden: { int: [2, 12] } },
        search: { kind: "halving", trials: 9, reduction: 3, minEpochs: 1 },
        seeds: 1,
        data: { kind: "moons", n: 80 },
        model: (p, s) => [{ kind: "dense", units: p.hidden }, { kind: "tanh" }, {
          kind: "dense",
          units: s.outputs,
        }],
        optimizer: (p) => ({ kind: "adam", lr: p.lr }),
        epochs: 9,
        batchSize: 8,
      }),
      { out, workers: 0 },
    );
    // What the files say: rungs of 9, 3 and 1 trials.
    const epochsOf = run.manifest.cells.map((c) => c.config.epochs);
    assert.deepEqual([1, 3, 9].map((e) => epochsOf.filter((x) => x === e).length), [9, 3, 1]);
    await withBrowser(async (browser) => {
      const { page, errors, requests } = await openFile(browser, `${run.dir}/index.html`);
      assert.deepEqual(errors, []);
      assert.deepEqual(requests, []);
      assert.equal(
        await page.$eval("#search-budget", (e) => e.textContent),
        // 9×1, then 3×(3−1) and 1×(9−3): trials going on continue where they stopped.
        "halving search: 9 trials × 1 seed, 21 epochs trained in all (9 trials at full length: 81 epochs)",
      );
      assert.equal(await page.$$eval("#search .js-plotly-plot", (e) => e.length), 2);
      const rows = await page.$$eval(
        "#rungs tbody tr",
        (trs) => trs.map((tr) => [...tr.children].slice(0, 5).map((td) => td.textContent)),
      );
      assert.deepEqual(rows, [
        ["1", "1", "9", "3", "6"],
        ["2", "3", "3", "1", "2"],
        ["3", "9", "1", "— (last rung)", "—"],
      ]);
      // One line per trial in the rung figure: 9 trials, 6 ending at rung 1 with an ×.
      const traces = await page.$eval(
        "#search .js-plotly-plot:last-of-type",
        (el) =>
          (el as unknown as { data: { x: number[]; marker: { symbol: string[] } }[] }).data.map(
            (t) => `${t.x.join(",")}:${t.marker.symbol.at(-1)}`,
          ),
      );
      assert.equal(traces.length, 9);
      assert.deepEqual(traces.filter((t) => t === "1:x").length, 6);
      assert.deepEqual(traces.filter((t) => t === "1,3:x").length, 2);
      assert.deepEqual(traces.filter((t) => t === "1,3,9:circle").length, 1);
    });
  });
});

Deno.test("a report's text comes before plotly; a run folder copied out alone says what is missing", async () => {
  await withTempDir(async (out) => {
    const run = await runExperiment(tiny, { out, workers: 0 });
    const text = await Deno.readTextFile(`${run.dir}/index.html`);
    const head = text.slice(0, text.indexOf("</head>"));
    assert.doesNotMatch(head, /plotly/, "no plotly script holds up the first paint");
    const alone = `${out}/copied/tiny/${run.dir.split("/").at(-1)}`;
    await Deno.mkdir(alone, { recursive: true });
    for (const e of Deno.readDirSync(run.dir)) {
      if (e.isFile) await Deno.copyFile(`${run.dir}/${e.name}`, `${alone}/${e.name}`);
    }
    await withBrowser(async (browser) => {
      const opened = await openFile(browser, `${run.dir}/index.html`);
      assert.deepEqual(opened.errors, []);
      const files = opened.files.map((f) => f.split("/").at(-1)!);
      const at = (re: RegExp) => files.findIndex((f) => re.test(f));
      assert.ok(at(/^pages-/) >= 0 && at(/^plotly-/) > at(/^pages-/), files.join(", "));
      assert.ok((await opened.page.$$eval(".js-plotly-plot", (e) => e.length)) > 0);
      const lost = await openFile(browser, `${alone}/index.html`);
      assert.match(
        await lost.page.$eval(".warning", (e) => e.textContent ?? ""),
        /This page's script did not load: it is in the _assets folder .*--standalone/,
      );
    });
  });
});

Deno.test("deno task report --standalone writes one file that opens anywhere, figures and all", async () => {
  await withTempDir(async (out) => {
    const run = await runExperiment(tiny, { out, workers: 0 });
    const r = await cli(["report", run.dir, "--standalone"], { write: out });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /standalone\.html\n$/);
    const sent = `${out}/elsewhere/report.html`;
    await Deno.mkdir(`${out}/elsewhere`);
    await Deno.copyFile(`${run.dir}/standalone.html`, sent);
    await withBrowser(async (browser) => {
      const opened = await openFile(browser, sent);
      assert.deepEqual(opened.errors, []);
      assert.deepEqual(opened.requests, []);
      assert.deepEqual(opened.files.map((f) => f.split("/").at(-1)), ["report.html"]);
      const normal = await openFile(browser, `${run.dir}/index.html`);
      const count = (p: typeof opened) => p.page.$$eval(".js-plotly-plot", (e) => e.length);
      assert.equal(await count(opened), await count(normal));
      assert.ok((await count(opened)) > 0);
    });
  });
});

const wide = defineExperiment({
  name: "wide",
  description: "150 cells: the report stays bounded",
  grid: {
    width: [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16],
    lr: [
      0.01,
      0.02,
      0.03,
      0.05,
      0.07,
      0.1,
      0.2,
      0.3,
      0.5,
      0.7,
    ],
  },
  seeds: 2,
  data: { kind: "xor", n: 40 },
  model: (p, s) => [{ kind: "dense", units: p.width as number }, { kind: "tanh" }, {
    kind: "dense",
    units: s.outputs,
  }],
  optimizer: (p) => ({ kind: "sgd", lr: p.lr }),
  epochs: 2,
  batchSize: 8,
});

Deno.test("a 150-cell report is bounded: ≤ 30 figures; the table's filter and a click choose the curves shown", async () => {
  await withTempDir(async (out) => {
    const run = await runExperiment(wide, { out, workers: 0 });
    // One unit per details chunk: the page must load only the chunks of the cells it draws.
    await writeReport(run.dir, undefined, { detailsBytes: 1 });
    const chunks = [...Deno.readDirSync(`${run.dir}/details`)].length;
    assert.equal(chunks, 300);
    const runJs = await Deno.readTextFile(`${run.dir}/run.js`);
    assert.ok(!/"history"/.test(runJs), "run.js holds no epochs");
    await withBrowser(async (browser) => {
      const { page, errors, requests, files } = await openFile(browser, `${run.dir}/index.html`);
      assert.deepEqual(errors, []);
      assert.deepEqual(requests, []);
      const loaded = () => files.filter((f) => /\/details\/\d+\.js$/.test(f)).length;
      // The 8 cells drawn (the chosen one among them), 2 seeds each.
      assert.equal(loaded(), 16);
      const count = (sel: string) => page.$$eval(sel, (e) => e.length);
      const figures = await count(".js-plotly-plot");
      assert.ok(figures <= 30, `${figures} figures`);
      // The first screen: the best cell, the top five with intervals, the runner-up's test.
      assert.equal(await count("#top table.top tbody tr"), 5);
      const top = await page.$eval("#top table.top", (e) => e.getBoundingClientRect().bottom);
      assert.ok(top < 900, `the top cells end at ${top} px, below the first screen`);
      // Each axis's effect, the most important first.
      const shares = await page.$$eval(
        "#top table.effects tbody tr",
        (rows) =>
          rows.map((
            r,
          ) => [r.children[0]!.textContent, Number(r.children[1]!.textContent!.slice(0, -1))]),
      );
      assert.deepEqual(shares.map(([axis]) => axis).sort(), ["lr", "width"]);
      assert.ok((shares[0]![1] as number) >= (shares[1]![1] as number), JSON.stringify(shares));
      assert.match(
        await page.$eval("#top .runner-up", (e) => e.textContent ?? ""),
        /★ against the runner-up .*: validation accuracy [+-]\d\.\d{4} \[.*\] \(paired t-test over 2 seeds, p /,
      );
      assert.equal(await count("#curves .js-plotly-plot"), 8);
      assert.equal(await count("#boundaries .js-plotly-plot"), 8);
      assert.match(
        await page.$eval("#curves .note", (e) => e.textContent ?? ""),
        /8 of 150 cells: the best on validation accuracy/,
      );
      const titles = () => page.$$eval("#curves .gtitle", (e) => e.map((x) => x.textContent ?? ""));
      // Brushing the parallel coordinates' width axis to 16 keeps only width=16 cells.
      const brush = (range: number[][] | null) =>
        page.evaluate((r) => {
          const div = document.querySelector("#parcoords .js-plotly-plot")!;
          (globalThis as unknown as {
            Plotly: { restyle: (d: Element, u: object, i: number[]) => Promise<void> };
          }).Plotly.restyle(div, { "dimensions[0].constraintrange": r }, [0]);
        }, range);
      await brush([[15.5, 16.5]]);
      await page.waitForFunction(() =>
        [...document.querySelectorAll("#curves .gtitle")].every((t) =>
          /width=16 /.test(t.textContent ?? "")
        )
      );
      assert.equal(await count("#curves .js-plotly-plot"), 8);
      assert.equal(
        await page.$$eval("#cells tbody tr:not(.brushed-out)", (e) => e.length),
        10,
        "the table follows the brush",
      );
      await brush(null);
      await page.waitForFunction(() =>
        document.querySelectorAll("#cells tbody tr.brushed-out").length === 0
      );
      // Filtering the table filters the curves.
      await page.type("#filter", "width=16 lr=0.7");
      await page.waitForFunction(() =>
        document.querySelectorAll("#curves .js-plotly-plot").length === 1
      );
      assert.deepEqual((await titles()).map((t) => t.replace("★ ", "")), ["width=16 lr=0.7"]);
      // Clearing it and clicking a row adds that cell to the best eight.
      await page.$eval("#filter", (e) => {
        (e as HTMLInputElement).value = "";
        e.dispatchEvent(new Event("input"));
      });
      await page.click("#cells tbody tr:last-child td:nth-child(2)");
      await page.waitForFunction(() =>
        document.querySelectorAll("#curves .js-plotly-plot").length === 9
      );
      const requested = files.filter((f) => /\/details\/\d+\.js$/.test(f));
      assert.equal(new Set(requested).size, requested.length, "no chunk is loaded twice");
      assert.ok(requested.length < chunks, `${requested.length} of ${chunks} chunks loaded`);
      const last = await page.$eval(
        "#cells tbody tr:last-child td:nth-child(2)",
        (e) => e.textContent ?? "",
      );
      assert.equal((await titles())[0]!.replace("★ ", ""), last);
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      assert.ok(height <= 12 * 900, `${height} px`);
      assert.deepEqual(errors, []);
    });
  });
});

Deno.test("iris's report shows its tie: five optimisers at the same validation accuracy", async () => {
  await withTempDir(async (out) => {
    const r = await cli(["experiment", `${REPO}/experiments/iris.ts`, "--out", out, "--quiet"], {
      write: out,
    });
    assert.equal(r.code, 0, r.stderr);
    const dir = r.stdout.match(/Run folder: (.*)/)![1]!;
    await withBrowser(async (browser) => {
      const { page, errors } = await openFile(browser, `${dir}/index.html`);
      assert.deepEqual(errors, []);
      // SGD is best alone; the five others tie at the next mean: ranked =2, not 2 to 6.
      const rows = await page.$$eval(
        "#top table.top tbody tr",
        (rs) => rs.map((r) => [r.children[0]!.textContent, r.children[2]!.textContent]),
      );
      assert.deepEqual(rows.map(([rank]) => rank), ["1", "=2", "=2", "=2", "=2"]);
      // The parallel coordinates' metric axes end at short numbers (0.9733, not 0.9733333).
      const long = await page.$$eval(
        "#parcoords text",
        (ts) => ts.map((t) => t.textContent ?? "").filter((t) => /^-?\d\.\d{5,}$/.test(t)),
      );
      assert.deepEqual(long, []);
      assert.equal(new Set(rows.slice(1).map(([, v]) => v!.split(" ")[0])).size, 1);
      assert.match(
        await page.$eval("#top .runner-up", (e) => e.textContent ?? ""),
        /★ against the runner-up optimizer=\w+ \(tied with 4 other cells at this mean: .*\): validation accuracy/,
      );
    });
  });
});

Deno.test("reports stay bounded at 2,000 cells and on the halving-short search: ≤ 30 figures, ≤ 12 screens", async () => {
  await withTempDir(async (out) => {
    const big = await runExperiment(
      defineExperiment({
        name: "wider",
        description: "2,000 cells",
        grid: {
          width: Array.from({ length: 200 }, (_, i) => i + 2),
          lr: [0.01, 0.02, 0.03, 0.05, 0.07, 0.1, 0.2, 0.3, 0.5, 0.7],
        },
        seeds: 1,
        data: { kind: "xor", n: 40 },
        model: (p, s) => [{ kind: "dense", units: p.width as number }, { kind: "tanh" }, {
          kind: "dense",
          units: s.outputs,
        }],
        optimizer: (p) => ({ kind: "sgd", lr: p.lr }),
        epochs: 1,
        batchSize: 8,
      }),
      { out, workers: 0 },
    );
    const r = await cli([
      "experiment",
      `${REPO}/experiments/search/halving-short.ts`,
      "--out",
      out,
      "--quiet",
    ], {
      write: out,
    });
    assert.equal(r.code, 0, r.stderr);
    const halving = r.stdout.match(/Run folder: (.*)/)![1]!;
    await withBrowser(async (browser) => {
      for (const dir of [big.dir, halving]) {
        const { page, errors, requests } = await openFile(browser, `${dir}/index.html`);
        assert.deepEqual(errors, []);
        assert.deepEqual(requests, []);
        const figures = await page.$$eval(".js-plotly-plot", (e) => e.length);
        const height = await page.evaluate(() => document.documentElement.scrollHeight);
        assert.ok(figures <= 30, `${dir}: ${figures} figures`);
        assert.ok(height <= 12 * 900, `${dir}: ${height} px`);
        if (dir === big.dir) {
          // The tables lay out a bounded number of rows; sorting and filtering see every cell.
          const rows = (sel: string) => page.$$eval(sel, (e) => e.length);
          assert.equal(await rows("#cells tbody tr"), 100);
          assert.match(
            await page.$eval("#cells-shown", (e) => e.textContent ?? ""),
            /^The first 100 of 2000 cells: sort or filter/,
          );
          await page.type("#filter", "width=201");
          assert.equal(await rows("#cells tbody tr"), 10, "the filter reaches the last cells");
          assert.equal(await rows("#settings-table tbody tr"), 200);
          assert.match(
            await page.$eval("#settings-shared", (e) => e.textContent ?? ""),
            /^Every cell: data xor\(n=40\); .*loss softmax_cross_entropy/,
          );
          assert.ok(
            (await Deno.stat(`${dir}/index.html`)).size < 200_000,
            "the page's own HTML stays small",
          );
        } else {
          // 81 trials read as points (each at its last rung), coloured by activation, on a
          // log axis ticked at 1, 2 and 5 × 10^k; the parallel coordinates' axes too.
          const grid = await page.$eval("#grid .js-plotly-plot", (e) => {
            const d = (e as unknown as { data: { mode: string; x: number[] }[] }).data;
            return {
              modes: [...new Set(d.map((t) => t.mode))],
              points: d.reduce((n, t) => n + t.x.length, 0),
              legend: [...e.querySelectorAll(".legendtext")].map((t) => t.textContent),
              ticks: [...e.querySelectorAll(".xtick text")].map((t) => t.textContent ?? ""),
            };
          });
          assert.deepEqual(grid.modes, ["markers"]);
          assert.equal(grid.points, 81);
          assert.deepEqual(grid.legend.sort(), [
            "activation=relu",
            "activation=sigmoid",
            "activation=tanh",
          ]);
          assert.ok(grid.ticks.length <= 12, grid.ticks.join());
          assert.ok(
            grid.ticks.every((t) => /^[125]/.test(t.replace(/^0\.0*/, ""))),
            grid.ticks.join(),
          );
          const lr = await page.$$eval(
            "#parcoords .y-axis",
            (axes) => axes[0]!.querySelectorAll(".tick text").length,
          );
          assert.ok(lr <= 12, `${lr} ticks on the lr axis`);
        }
      }
    });
  });
});
