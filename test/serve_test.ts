/// <reference lib="dom" />
/**
 * `deno task serve` as a user meets it: the server started as the task starts it, runs
 * written into its folder by `deno task experiment` in other processes, the pages opened in
 * Chromium and read while the runs go; requests a hostile page or user could make; Ctrl-C.
 */
import assert from "node:assert/strict";
import { openUrl, withBrowser } from "./_browser.ts";
import { FIXTURES, REPO, withTempDir } from "./_runs.ts";

/**
 * `deno task serve --port 0` as a terminal starts it: the project's task (its permissions,
 * cli.ts by absolute path) in a folder of its own, whose `results/` it serves, as the leader
 * of a new process group, so a signal can go to the whole group.
 */
async function startServer(tmp: string): Promise<{
  url: string;
  stop(signal?: Deno.Signal, twice?: boolean): Promise<{ code: number; out: string }>;
}> {
  const config = JSON.parse(await Deno.readTextFile(`${REPO}/deno.json`));
  const command = (config.tasks.serve.command as string).replace(" cli.ts ", ` ${REPO}/cli.ts `);
  await Deno.writeTextFile(`${tmp}/deno.json`, JSON.stringify({ tasks: { serve: command } }));
  await Deno.mkdir(`${tmp}/results`, { recursive: true });
  const child = new Deno.Command(Deno.execPath(), {
    args: ["task", "--quiet", "serve", "--port", "0"],
    cwd: tmp,
    stdout: "piped",
    stderr: "inherit",
    detached: true,
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let out = "";
  while (!/http:\/\/127\.0\.0\.1:\d+\//.test(out)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`the server did not start: ${out}`);
    out += value;
  }
  const url = out.match(/http:\/\/127\.0\.0\.1:\d+\//)![0];
  return {
    url,
    async stop(signal: Deno.Signal = "SIGINT", twice = false) {
      Deno.kill(-child.pid, signal); // the whole group, as a terminal's Ctrl-C does
      // A second copy at once, as deno task forwards one: it must count once.
      if (twice) setTimeout(() => Deno.kill(child.pid, signal), 30);
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        out += value;
      }
      return { code: (await child.status).code, out };
    },
  };
}

/** `deno task experiment` in its own process, writing into `out`. */
function startRun(out: string, args: string[]): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-read",
      `--allow-write=${out}`,
      `${REPO}/cli.ts`,
      "experiment",
      ...args,
      "--out",
      out,
      "--quiet",
    ],
    cwd: REPO,
    stdout: "null",
    stderr: "piped",
  }).spawn();
}

async function runFolder(out: string, experiment: string): Promise<string> {
  for (let i = 0; i < 400; i++) {
    const names = await Array.fromAsync(Deno.readDir(`${out}/${experiment}`)).catch(() => []);
    const run = names.find((e) => e.isDirectory);
    if (run) return `${experiment}/${run.name}`;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`no run folder appeared in ${out}/${experiment}`);
}

Deno.test("deno task serve: the index's units-done count of a running lesson-2d rises without a reload, and its page gains curve points", async () => {
  await withTempDir(async (tmp) => {
    const server = await startServer(tmp), out = `${tmp}/results`;
    try {
      await withBrowser(async (browser) => {
        const index = await openUrl(browser, server.url);
        assert.match(await index.page.$eval("#runs", (e) => e.textContent ?? ""), /No runs yet/);
        await index.page.evaluate(() => ((globalThis as { stayed?: boolean }).stayed = true));
        const run = startRun(out, ["lesson-2d", "--seeds", "100", "--workers", "2"]);
        const key = await runFolder(out, "lesson-2d");
        // The index, polled while the run goes: the count in the running row.
        const seen = new Set<number>();
        let report: Awaited<ReturnType<typeof openUrl>> | undefined;
        const points: number[] = [];
        const countPoints = () =>
          report!.page.evaluate(() =>
            [...document.querySelectorAll("#curves .js-plotly-plot")].reduce(
              (n, el) =>
                n + ((el as unknown as { data?: { x?: unknown[] }[] }).data ?? [])
                  .reduce((m, t) => m + (t.x?.length ?? 0), 0),
              0,
            )
          );
        // The run is going while its live.jsonl is there (the recorder removes it at the end).
        const running = () => Deno.stat(`${out}/${key}/live.jsonl`).then(() => true, () => false);
        while (!(await running())) await new Promise((r) => setTimeout(r, 20));
        while (await running()) {
          const done = await index.page.evaluate(() =>
            document.querySelector<HTMLElement>("td.live")?.dataset.done
          );
          if (done !== undefined) seen.add(Number(done));
          if (report === undefined && seen.size >= 1) {
            report = await openUrl(browser, `${server.url}${key}/`);
          }
          if (report !== undefined) points.push(await countPoints().catch(() => -1));
          await new Promise((r) => setTimeout(r, 300));
        }
        const status = await run.status;
        assert.equal(status.code, 0);
        assert.ok(seen.size >= 3, `the count rose at least twice: saw ${[...seen].join(", ")}`);
        const rising = [...seen].every((v, i, all) => i === 0 || v > all[i - 1]!);
        assert.ok(rising, `counts in order: ${[...seen].join(", ")}`);
        assert.equal(
          await index.page.evaluate(() => (globalThis as { stayed?: boolean }).stayed),
          true,
        );
        const drawn = points.filter((p) => p > 0);
        assert.ok(
          drawn.length >= 2 && drawn.at(-1)! > drawn[0]!,
          `the run's page gained curve points while it ran: ${points.join(", ")}`,
        );
        // Once the run ends its final row reaches the index, with no reload either.
        await index.page.waitForFunction(
          () =>
            document.querySelector("#run-list td.live") === null &&
            /completed/.test(document.querySelector("#run-list")?.textContent ?? ""),
          { timeout: 10_000, polling: 200 }, // a tab behind another gets no animation frames
        ).catch(async (e) => {
          const text = await index.page.$eval("#run-list", (el) => el.textContent);
          throw new Error(`the index did not show the run completed: ${text}`, { cause: e });
        });
        assert.deepEqual(index.errors, []);
        assert.deepEqual(index.requests, []);
        assert.deepEqual(report!.errors, []);
        assert.deepEqual(report!.requests, []);
      });
    } finally {
      const { code, out: said } = await server.stop();
      assert.equal(code, 130, said); // 128 + SIGINT, as every command a signal stops
      assert.match(said, /Stopped\./);
    }
  });
});

Deno.test("deno task serve: a diverging unit shows on its running run's page within 2 s of its journal line; epochs of units in progress are drawn", async () => {
  await withTempDir(async (tmp) => {
    const server = await startServer(tmp), out = `${tmp}/results`;
    try {
      await withBrowser(async (browser) => {
        const run = startRun(out, [`${FIXTURES}/live.ts`, "--workers", "2"]);
        const key = await runFolder(out, "live");
        const page = await openUrl(browser, `${server.url}${key}/`);
        await page.page.waitForSelector("#live-status", { timeout: 10_000 });
        const openedAt = performance.now();
        // The moment a diverged unit is listed, told back at once.
        let listedAt: number | undefined;
        await page.page.exposeFunction("listed", () => listedAt ??= performance.now());
        await page.page.evaluate(() =>
          new MutationObserver(() => {
            if (document.querySelector("#live-diverged li.diverged")) {
              (globalThis as unknown as { listed(): void }).listed();
            }
          }).observe(document.body, { childList: true, subtree: true })
        );
        // Watch the journal for the first diverged unit, as the server reads it; meanwhile
        // the units in progress (about a second each) have their epochs drawn.
        let lineAt: number | undefined, progressDrawn = false;
        while (lineAt === undefined) {
          const text = await Deno.readTextFile(`${out}/${key}/units.jsonl`).catch(() => "");
          if (/"status":"diverged"/.test(text)) lineAt = performance.now();
          else await new Promise((r) => setTimeout(r, 20));
          progressDrawn ||= await page.page.evaluate(() =>
            ((document.querySelector("#live .js-plotly-plot") as unknown as { data?: unknown[] })
              ?.data?.length ?? 0) > 0
          );
        }
        assert.ok(progressDrawn, "the epochs of units in progress were drawn");
        await page.page.waitForSelector("#live-diverged li.diverged", { timeout: 10_000 });
        const shownAfter = listedAt! - lineAt;
        assert.ok(lineAt > openedAt);
        console.log(`a diverged unit shown ${Math.round(shownAfter)} ms after its journal line`);
        assert.ok(shownAfter <= 2000, `shown ${Math.round(shownAfter)} ms after its journal line`);
        assert.match(
          await page.page.$eval("#live-diverged", (e) => e.textContent ?? ""),
          /lr=1000000, seed \d: diverged at epoch \d+/,
        );
        assert.equal((await run.status).code, 0);
        // When the run's report is written, the page loads it.
        await page.page.waitForFunction(() => document.getElementById("live") === null, {
          timeout: 15_000,
          polling: 200,
        });
        await page.page.waitForSelector("body[data-drawn]");
        assert.deepEqual(page.errors, []);
        assert.deepEqual(page.requests, []);
      });
    } finally {
      const { code } = await server.stop("SIGHUP");
      assert.equal(code, 129);
    }
  });
});

Deno.test("deno task serve reads only its folder: .., %2e%2e, hidden names and links out get 403/404; POST gets 405; Ctrl-C, forwarded twice, stops it once", async () => {
  await withTempDir(async (tmp) => {
    const out = `${tmp}/results`;
    await Deno.mkdir(`${out}/exp`, { recursive: true });
    await Deno.writeTextFile(`${tmp}/secret.txt`, "secret");
    await Deno.writeTextFile(`${out}/exp/ok.txt`, "fine");
    await Deno.symlink(tmp, `${out}/link`);
    await Deno.symlink(`${tmp}/secret.txt`, `${out}/exp/secret.txt`);
    const server = await startServer(tmp);
    try {
      const get = async (path: string, init?: RequestInit) => {
        // Raw paths, as curl --path-as-is sends them (fetch would normalise "..").
        const conn = await Deno.connect({
          hostname: "127.0.0.1",
          port: Number(new URL(server.url).port),
        });
        const request = `${
          init?.method ?? "GET"
        } ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`;
        await conn.write(new TextEncoder().encode(request));
        const text = new TextDecoder().decode(await new Response(conn.readable).arrayBuffer());
        return {
          status: Number(text.split(" ")[1]),
          body: text.slice(text.indexOf("\r\n\r\n") + 4),
        };
      };
      assert.equal((await get("/exp/ok.txt")).status, 200);
      for (
        const path of [
          "/../secret.txt",
          "/%2e%2e/secret.txt",
          "/exp/%2E%2E/%2e%2e/secret.txt",
          "/exp/..%2f..%2fsecret.txt",
          "/link/secret.txt",
          "/exp/secret.txt",
          "/.hidden",
          "/exp/%00",
        ]
      ) {
        const r = await get(path);
        assert.ok(r.status === 403 || r.status === 404, `${path}: ${r.status}`);
        assert.doesNotMatch(r.body, /secret$/m, path);
      }
      const post = await get("/exp/ok.txt", { method: "POST" });
      assert.equal(post.status, 405);
      assert.equal((await get("/exp/ok.txt", { method: "DELETE" })).status, 405);
      // Nothing was written in the folder.
      const names = (await Array.fromAsync(Deno.readDir(out))).map((e) => e.name).sort();
      assert.deepEqual(names, ["exp", "link"]);
    } finally {
      const { code, out: said } = await server.stop("SIGINT", true);
      assert.equal(code, 130);
      assert.match(said, /Stopped\./);
    }
  });
});
