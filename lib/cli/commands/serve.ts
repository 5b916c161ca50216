/**
 * `deno task serve`: the results folder on http://127.0.0.1, live — runs' progress on the
 * index, a running run's page filling in as its units finish — until Ctrl-C.
 *
 * @module
 */

import { serveResults } from "../../serve/server.ts";
import type { Io } from "../progress.ts";
import { EXIT, parseCommand, UsageError } from "../usage.ts";
import { type SignalStop, stopOnSignals, type StopTexts } from "../signals.ts";

/** The port when none is given. */
export const DEFAULT_PORT = 8000;

/** The command's usage text. */
export const USAGE: string = `Usage: deno task serve [<results folder>] [--port <n>]

Serves a results folder (default: results) on http://127.0.0.1:<port>/ and keeps its pages
live: the index shows each running run's units done, diverged and left, an estimate of the
time left and its workers; a running run's page fills in as its units finish, with the
epochs of its units in progress and any unit that diverges shown as it happens. Runs started
before or after the server are followed alike. It only reads the folder and listens on
127.0.0.1 only; Ctrl-C stops it (exit 130; SIGTERM 143, SIGHUP 129).

  --port <n>   the port (default ${DEFAULT_PORT}; 0: any free port)`;

/**
 * Runs the command.
 *
 * @param args Its arguments.
 * @param io Where to write.
 * @param signal Stops the server (the command line's Ctrl-C, or a test's).
 * @returns The exit code.
 */
export async function serveCommand(
  args: string[],
  io: Io,
  signal?: AbortSignal,
): Promise<number> {
  // Ctrl-C, SIGTERM, SIGHUP as every command hears them (a copy forwarded by deno task
  // counts once; a deliberate second one quits at once), heard before anything else.
  const controller = new AbortController();
  const stop = signal ? undefined : stopOnSignals(io, controller, SERVER_TEXTS);
  try {
    return await serve(args, io, signal ?? controller.signal, stop);
  } finally {
    stop?.remove();
  }
}

/** The server says nothing as it stops but "Stopped." once it has. */
const SERVER_TEXTS: StopTexts = { stopping: () => "", quitting: () => "" };

async function serve(
  args: string[],
  io: Io,
  signal: AbortSignal,
  stop: SignalStop | undefined,
): Promise<number> {
  const { values, positionals } = parseCommand(USAGE, args, { port: { type: "string" } });
  if (values.help) return io.out(`${USAGE}\n`), EXIT.ok;
  if (positionals.length > 1) {
    throw new UsageError(`expected one results folder, got ${positionals.length}`);
  }
  const folder = positionals[0] ?? "results";
  const port = portOf(values.port as string | undefined);
  const info = await Deno.stat(folder).catch(() => undefined);
  if (info === undefined || !info.isDirectory) {
    io.err(
      `error: no results folder at ${folder}${
        folder === "results" ? ": run an experiment first (deno task experiment)" : ""
      }\n`,
    );
    return EXIT.error;
  }
  try {
    await serveResults(folder, {
      port,
      signal,
      onListen: ({ port }) =>
        io.out(`Serving ${folder}/ at http://127.0.0.1:${port}/ (Ctrl-C stops)\n`),
    });
  } catch (e) {
    if (e instanceof Deno.errors.AddrInUse) {
      io.err(`error: port ${port} is in use: give another with --port <n> (0: any free one)\n`);
      return EXIT.error;
    }
    throw e;
  }
  io.out("Stopped.\n");
  // Stopped by a signal: 128 + its number, as every command a signal stops.
  return stop?.exitCode() ?? EXIT.ok;
}

function portOf(text: string | undefined): number {
  if (text === undefined) return DEFAULT_PORT;
  if (!/^\d+$/.test(text) || Number(text) > 65535) {
    throw new UsageError(`--port: expected an integer from 0 to 65535, got "${text}"`);
  }
  return Number(text);
}
