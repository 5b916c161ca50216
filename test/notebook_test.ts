/**
 * The lesson as a notebook (`docs/lesson.ipynb`), executed headless in Deno's Jupyter kernel
 * as CI runs it: Debian's `jupyter-core` and `python3-nbclient` (`.ci/run` installs them;
 * `test/fixtures/run_notebook.py` drives the kernel), a kernelspec for this Deno. Fails on any cell error, and checks that the framework's
 * objects displayed themselves: the data, the network, the fit's curves, the decision
 * boundary, the run, and the comparison printed.
 */
import assert from "node:assert/strict";
import { REPO, withTempDir } from "./_runs.ts";

/** A python3 that has nbclient: the system's (Debian's packages), else the one on PATH. */
async function pythonWithNbclient(): Promise<string> {
  for (const python of ["/usr/bin/python3", "python3"]) {
    const check = "import nbclient, jupyter_client, nbformat";
    const ok = await new Deno.Command(python, { args: ["-c", check], stderr: "null" })
      .output().then((o) => o.success, () => false);
    if (ok) return python;
  }
  throw new Error(
    "Jupyter's nbclient is not installed: apt-get install jupyter-core python3-nbclient (.ci/run does it)",
  );
}

Deno.test("docs/lesson.ipynb runs green in Deno's Jupyter kernel, every object shown inline", async () => {
  const python = await pythonWithNbclient();
  await withTempDir(async (jupyter) => {
    // A kernelspec for this Deno, in a folder of its own (the user's Jupyter is untouched).
    await Deno.mkdir(`${jupyter}/kernels/mlp-lab-deno`, { recursive: true });
    await Deno.writeTextFile(
      `${jupyter}/kernels/mlp-lab-deno/kernel.json`,
      JSON.stringify({
        argv: [Deno.execPath(), "jupyter", "--kernel", "--conn", "{connection_file}"],
        display_name: "Deno",
        language: "typescript",
      }),
    );
    const out = await new Deno.Command(python, {
      args: [
        `${REPO}/test/fixtures/run_notebook.py`,
        `${REPO}/docs/lesson.ipynb`,
        `${REPO}/docs`,
        "mlp-lab-deno",
      ],
      env: { JUPYTER_PATH: jupyter },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stdout = new TextDecoder().decode(out.stdout);
    const report = JSON.parse(stdout.trim().split("\n").at(-1)!) as {
      failed: string | null;
      cells: { source: string; shown: string[][]; text: string; errors: string[] }[];
    };
    assert.equal(report.failed, null, report.failed ?? "");
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    const cell = (start: RegExp) => {
      const found = report.cells.find((c) => start.test(c.source));
      assert.ok(found, `a cell matching ${start}`);
      assert.deepEqual(found.errors, []);
      return found;
    };
    assert.ok(cell(/plotPoints\(/).shown.some((m) => m.includes("image/svg+xml")));
    assert.ok(cell(/Network\.build\(/).shown.some((m) => m.includes("text/html")));
    assert.ok(cell(/= fit\(/).shown.some((m) => m.includes("image/svg+xml")));
    assert.ok(cell(/plotBoundary\(/).shown.some((m) => m.includes("image/svg+xml")));
    assert.ok(
      cell(/runExperiment\(experiment, \{ out, workers: 0 \}\)/).shown.some((m) =>
        m.includes("text/html")
      ),
    );
    assert.match(cell(/comparisonText\(/).text, /Common random numbers: per seed/);
  });
});
