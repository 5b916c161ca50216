/**
 * `deno task test`: the repository's checks, then every test and doc example, as CI runs
 * them; or, given files or `--filter`, only those tests. Arguments are read before anything
 * runs, so `--help` and a mistake cost nothing.
 *
 * @module
 */

import { FlagError, parseFlags } from "../lib/cli/flags.ts";

const USAGE = `Usage: deno task test [files…] [--filter <text>]

With no arguments, in order, stopping at the first that fails:
  deno fmt --check, deno lint, deno doc --lint mod.ts,
  deno publish --dry-run (its warnings in test-results/publish.log, shown if it fails),
  deno check, then every test and doc example (JUnit report: test-results/junit.xml).

  files…            only the tests in these files or folders (the checks are skipped)
  --filter <text>   only the tests whose name contains text, or matches /regex/
                    (the checks are skipped)
  -h, --help        this text`;

/** The permissions the tests need: they run the CLI, browsers and servers on loopback. */
const TEST_PERMISSIONS = [
  "--allow-read",
  "--allow-write",
  "--allow-run",
  "--allow-net=127.0.0.1",
  "--allow-ffi",
  "--allow-env",
];
const EVERYTHING = ["mod.ts", "lib/", "test/", "bench/", "README.md"];
const JUNIT = "test-results/junit.xml";

/** Runs `deno <args>` with the terminal's streams; its exit code. */
async function deno(args: string[], stderr: "inherit" | "piped" = "inherit"): Promise<number> {
  console.error(`%c$ deno ${args.join(" ")}`, "color: gray");
  const child = new Deno.Command("deno", { args, stdin: "null", stderr }).spawn();
  if (stderr === "inherit") return (await child.status).code;
  const out = await child.output();
  await Deno.writeFile("test-results/publish.log", out.stderr);
  if (out.code !== 0) await Deno.stderr.write(out.stderr);
  return out.code;
}

/** The checks before the tests, in order; the first non-zero exit code, or 0. */
async function checks(): Promise<number> {
  for (
    const [args, stderr] of [
      [["fmt", "--check"]],
      [["lint"]],
      [["doc", "--lint", "mod.ts"]],
      // Its warnings (the dynamic imports that load experiments) are expected: kept aside.
      [["publish", "--dry-run", "--allow-dirty", "--quiet"], "piped"],
      [["check", "mod.ts", "cli.ts", "lib/", "experiments/", "bench/", "test/"]],
    ] as const
  ) {
    const code = await deno([...args], stderr);
    if (code !== 0) return code;
  }
  return 0;
}

async function main(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseFlags(args, { filter: { type: "string" } });
  } catch (e) {
    if (!(e instanceof FlagError)) throw e;
    console.error(`error: ${e.message}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.values.help) return console.log(USAGE), 0;
  const filter = parsed.values.filter as string | undefined;
  const some = parsed.positionals.length > 0 || filter !== undefined;
  await Deno.mkdir("test-results", { recursive: true });
  if (!some) {
    const code = await checks();
    if (code !== 0) return code;
  }
  return await deno([
    "test",
    "--doc",
    ...TEST_PERMISSIONS,
    `--junit-path=${JUNIT}`,
    ...(filter === undefined ? [] : ["--filter", filter]),
    ...(some && parsed.positionals.length ? parsed.positionals : EVERYTHING),
  ]);
}

if (import.meta.main) Deno.exit(await main(Deno.args));
