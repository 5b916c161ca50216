/**
 * Progress on the terminal: a redrawn bar (units done/total, current cell and epoch,
 * elapsed, ETA) when standard error is a terminal, else one plain line per finished unit.
 *
 * @module
 */

import type { RunEvent } from "../experiment/run/run_options.ts";

/** Where the CLI writes. */
export interface Io {
  /** Standard output (results). */
  readonly out: (text: string) => void;
  /** Standard error (progress, errors). */
  readonly err: (text: string) => void;
  /** Whether standard error is a terminal. */
  readonly isTerminal: boolean;
  /** Terminal width in columns. */
  readonly columns: number;
}

/**
 * Formats seconds as `m:ss` or `h:mm:ss`.
 *
 * @example
 * ```ts
 * import { clock } from "./progress.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(clock(75), "1:15");
 * assert.equal(clock(3725), "1:02:05");
 * ```
 *
 * @param seconds Seconds.
 * @returns The text.
 */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  const mm = h > 0 ? String(m).padStart(2, "0") : String(m);
  return `${h > 0 ? `${h}:` : ""}${mm}:${String(r).padStart(2, "0")}`;
}

function resultText(e: Extract<RunEvent, { type: "unit-done" }>, metric: string): string {
  const r = e.result;
  const part = r.final.test ? "test" : r.final.validation ? "validation" : "train";
  const value = r.final[part]?.[metric as "loss"];
  const what = r.status === "diverged"
    ? `diverged at epoch ${r.epochsRun}`
    : `${r.status.replace("_", " ")} after ${r.epochsRun} epoch${
      r.epochsRun === 1 ? "" : "s"
    } · ${part} ${metric} ${value?.toFixed(4) ?? "—"}`;
  return `${e.cell.label} · seed ${e.seed} · ${what} · ${r.seconds.toFixed(1)}s`;
}

/**
 * A progress reporter for the runner's events.
 *
 * @param io Where to write.
 * @param options `quiet`: no progress at all, only notes (`--quiet`).
 * @returns The event handler, and `close()` to clear the bar.
 */
export function progressReporter(
  io: Io,
  options: { readonly quiet?: boolean } = {},
): { readonly onEvent: (e: RunEvent) => void; readonly close: () => void } {
  const quiet = options.quiet === true;
  const bar = io.isTerminal && !quiet;
  const started = performance.now();
  let total = 0, done = 0, doneAtStart = 0, metric = "loss", last = 0, drawn = false;
  const current = new Map<string, string>();
  const elapsed = () => (performance.now() - started) / 1000;
  const draw = (force = false) => {
    if (!bar) return;
    const now = performance.now();
    if (!force && now - last < 100) return;
    last = now;
    const width = 24, filled = total ? Math.round((width * done) / total) : 0;
    const ranNow = done - doneAtStart;
    const eta = ranNow > 0 ? clock((elapsed() / ranNow) * (total - done)) : "—";
    const running = [...current.values()].join(" | ");
    const line = `${"█".repeat(filled)}${"░".repeat(width - filled)} ${done}/${total} · ${
      clock(elapsed())
    } elapsed · ETA ${eta}${running ? ` · ${running}` : ""}`;
    io.err(`\r\x1b[2K${[...line].slice(0, Math.max(20, io.columns - 1)).join("")}`);
    drawn = true;
  };
  const clear = () => {
    if (drawn) io.err("\r\x1b[2K");
    drawn = false;
  };
  const onEvent = (e: RunEvent) => {
    if (quiet && e.type !== "note") return;
    switch (e.type) {
      case "start":
        total = e.total;
        done = doneAtStart = e.done;
        metric = e.plan.primary;
        io.err(
          `Running ${e.plan.experiment}: ${
            e.total / e.plan.seeds.length
          } cells × ${e.plan.seeds.length} seeds = ${e.total} units` +
            `${e.done ? ` (${e.done} already done)` : ""} on ${e.workers} worker${
              e.workers === 1 ? "" : "s"
            } → ${e.dir}\n`,
        );
        draw(true);
        break;
      case "note":
        clear();
        io.err(`note: ${e.message}\n`);
        break;
      case "unit-start":
        current.set(`${e.cell.id}/${e.seed}`, `${e.cell.label} s${e.seed}`);
        draw();
        break;
      case "epoch":
        current.set(`${e.cell.id}/${e.seed}`, `${e.cell.label} s${e.seed} ${e.epoch}/${e.of}`);
        draw();
        break;
      case "unit-done":
        done = e.done;
        current.delete(`${e.cell.id}/${e.seed}`);
        if (bar) {
          draw(true);
        } else {
          io.err(`[${e.done}/${e.total}] ${resultText(e, metric)}\n`);
        }
        break;
      case "end":
        clear();
        break;
    }
  };
  return { onEvent, close: clear };
}
