/**
 * The one place signals are heard: SIGINT, SIGTERM and SIGHUP stop a run cleanly, a second
 * deliberate Ctrl-C quits at once.
 *
 * @module
 */

import type { Io } from "./progress.ts";
import { EXIT } from "./usage.ts";

/** What a run hands the signal handlers, and the exit code they settle on. */
export interface SignalStop {
  /** The run started: how to abandon it at once, and its folder (for the resume hint). */
  onStart(abandonRun: () => void, runDir: string): void;
  /** 128 + the signal's number, or 130 when none was heard. */
  exitCode(): number;
  /** Stops listening. */
  remove(): void;
}

/** The signals that stop a run, and the exit code each gives (128 + its number). */
const STOP_SIGNALS = [["SIGINT", 130], ["SIGTERM", 143], ["SIGHUP", 129]] as const;

/** A second signal within this many ms is the same interrupt delivered twice. */
const DUPLICATE_MS = 1000;

/** What a command says when a signal stops it, and when a second one quits at once. */
export interface StopTexts {
  stopping(signal: string): string;
  quitting(runDir: string | undefined): string;
}

/** A run's: finishing up keeps the finished units; quitting names the resume command. */
const RUN_TEXTS: StopTexts = {
  stopping: (signal) =>
    `\n${
      signal === "SIGINT" ? "Interrupted" : `Received ${signal}`
    }: finishing up, finished units are kept (Ctrl-C again to quit at once)…\n`,
  quitting: (dir) =>
    `Quit at once.${dir ? ` Resume with:\n  deno task experiment --resume ${dir}` : ""}\n`,
};

/**
 * Stops a run on SIGINT (Ctrl-C), SIGTERM (scancel, a time limit, Kubernetes) or SIGHUP
 * (a closed terminal): the first signal finishes cleanly — finished units kept, manifest
 * `interrupted`, report written, resume hint printed. A terminal sends Ctrl-C to the whole
 * process group, so `deno task` forwards a second copy: one within a second counts once.
 * A deliberate second interrupt quits at once, marking the folder interrupted first.
 *
 * @param io Where to say what happens.
 * @param controller Aborted by the first signal.
 * @param texts What to say (a run's by default; an empty text says nothing).
 * @returns The hooks a run gives it, and the exit code the signal asks for.
 */
export function stopOnSignals(
  io: Io,
  controller: AbortController,
  texts: StopTexts = RUN_TEXTS,
): SignalStop {
  let first: { code: number; at: number } | undefined;
  let abandon: (() => void) | undefined, dir: string | undefined;
  const say = (text: string) => {
    try {
      if (text) io.err(text);
    } catch { /* the terminal is gone (SIGHUP) */ }
  };
  const handlers = STOP_SIGNALS.map(([signal, code]) => {
    const handler = () => {
      const now = performance.now();
      if (first === undefined) {
        first = { code, at: now };
        say(texts.stopping(signal));
        controller.abort();
      } else if (now - first.at > DUPLICATE_MS) {
        abandon?.();
        say(texts.quitting(dir));
        Deno.exit(first.code);
      }
    };
    Deno.addSignalListener(signal, handler);
    return [signal, handler] as const;
  });
  return {
    onStart(abandonRun: () => void, runDir: string) {
      abandon = abandonRun, dir = runDir;
    },
    exitCode: () => first?.code ?? EXIT.interrupted,
    remove() {
      for (const [signal, handler] of handlers) Deno.removeSignalListener(signal, handler);
    },
  };
}
