/**
 * The commands behind the deno tasks, one module each under `commands/`: `experiment`,
 * `list`, `merge`, `compare`, `report`, `status`, `serve`, `tag`, `predict`, `array` and the two build tasks. Each takes its arguments as
 * a list and returns an exit code; only the top-level `cli.ts` reads `Deno.args`.
 *
 * @module
 */

import { arrayCommand } from "./commands/array.ts";
import { buildPagesCommand, buildWasmCommand } from "./commands/build.ts";
import { compareCommand } from "./commands/compare.ts";
import { experiment } from "./commands/experiment.ts";
import { listCommand } from "./commands/list.ts";
import { mergeCommand } from "./commands/merge.ts";
import { predictCommand } from "./commands/predict.ts";
import { reportCommand } from "./commands/report.ts";
import { serveCommand } from "./commands/serve.ts";
import { statusCommand } from "./commands/status.ts";
import { tagCommand } from "./commands/tag.ts";
import { readAccessHint } from "./permissions.ts";
import type { Io } from "./progress.ts";
import { EXIT, UsageError } from "./usage.ts";

export { DEFAULT_EXPERIMENT, EXIT } from "./usage.ts";

const COMMANDS = {
  experiment,
  list: listCommand,
  merge: mergeCommand,
  compare: compareCommand,
  report: reportCommand,
  status: statusCommand,
  serve: (args: string[], io: Io) => serveCommand(args, io),
  tag: tagCommand,
  predict: predictCommand,
  array: arrayCommand,
  "build-wasm": buildWasmCommand,
  "build-pages": buildPagesCommand,
} as const;

/**
 * Runs a command.
 *
 * @param args The command name, then its arguments.
 * @param io Where to write.
 * @returns The exit code: 0 done, 1 error, 2 bad usage, 130 interrupted.
 */
export async function main(args: readonly string[], io: Io): Promise<number> {
  const [command, ...rest] = args;
  const run = COMMANDS[command as keyof typeof COMMANDS];
  if (run === undefined) {
    io.err(
      `Unknown command "${command ?? ""}"; expected one of ${Object.keys(COMMANDS).join(", ")}\n`,
    );
    return EXIT.usage;
  }
  try {
    return await run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`error: ${e.message}\n`);
      return EXIT.usage;
    }
    const message = e instanceof Error ? e.message : String(e);
    io.err(`error: ${message}\n${readAccessHint(command!, rest, message)}`);
    return EXIT.error;
  }
}

/**
 * The standard streams as an {@link Io}.
 *
 * @returns Writers for stdout and stderr and the terminal's size.
 */
export function standardIo(): Io {
  const encoder = new TextEncoder();
  const isTerminal = Deno.stderr.isTerminal();
  let columns = 100;
  try {
    if (isTerminal) columns = Deno.consoleSize().columns || columns;
  } catch { /* not a terminal after all */ }
  const write = (stream: { writeSync(p: Uint8Array): number }, text: string) => {
    let bytes = encoder.encode(text);
    try {
      while (bytes.length > 0) bytes = bytes.subarray(stream.writeSync(bytes));
    } catch (e) {
      // A closed terminal or pipe (SIGHUP, `| head`) must not stop the run's clean finish.
      if (!(e instanceof Deno.errors.BrokenPipe || (e as Error).message?.includes("os error 5"))) {
        throw e;
      }
    }
  };
  return {
    out: (text) => write(Deno.stdout, text),
    err: (text) => write(Deno.stderr, text),
    isTerminal,
    columns,
  };
}
