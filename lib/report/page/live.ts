/// <reference lib="dom" />
/**
 * A page served by `deno task serve` listens for what changes: the server marks every page
 * it serves with `<meta name="mlp-live" content="<event stream>">`. A page opened from a
 * file, or served by another server, has no such mark and stays as it was written.
 *
 * @module
 */

/**
 * The server's event stream, when the page was served live.
 *
 * @param run A run folder's path below the results folder: also that run's units and epochs.
 * @returns The stream, or undefined.
 */
export function liveEvents(run?: string): EventSource | undefined {
  const meta = document.querySelector<HTMLMetaElement>('meta[name="mlp-live"]');
  if (meta === null || !location.protocol.startsWith("http")) return undefined;
  return new EventSource(
    meta.content + (run === undefined ? "" : `?run=${encodeURIComponent(run)}`),
  );
}

/**
 * Handles one kind of event, its data parsed as JSON.
 *
 * @param source The stream.
 * @param event The event's name.
 * @param handle What to do with its data.
 */
export function onEvent<T>(source: EventSource, event: string, handle: (data: T) => void): void {
  source.addEventListener(event, (e) => handle(JSON.parse((e as MessageEvent<string>).data) as T));
}

/**
 * A function that runs `f` at most once per `ms` — or per twice the time `f` last took,
 * when that is longer, so a slow redraw never takes more than a third of the page's time —
 * never while an earlier run of it is still going, and without losing the last call.
 *
 * @param f The work (may be async).
 * @param ms The least time between two runs.
 * @returns The throttled function.
 */
export function throttled(f: () => unknown, ms: number): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last = -Infinity, took = 0, running = false, again = false;
  const go = async () => {
    timer = undefined;
    if (running) {
      again = true;
      return;
    }
    running = true;
    last = performance.now();
    try {
      await f();
    } finally {
      took = performance.now() - last;
      running = false;
      if (again) {
        again = false;
        schedule();
      }
    }
  };
  const schedule = () => {
    if (timer !== undefined) return;
    timer = setTimeout(go, Math.max(0, last + Math.max(ms, 2 * took) - performance.now()));
  };
  return schedule;
}

/**
 * The page's run folder below the results folder, from its address
 * (`/lesson-2d/<run id>/index.html` → `lesson-2d/<run id>`).
 *
 * @returns The path.
 */
export function pageFolder(): string {
  const parts = location.pathname.split("/").filter((p) => p !== "").map(decodeURIComponent);
  if (parts.at(-1)?.endsWith(".html")) parts.pop();
  return parts.join("/");
}
