/**
 * `deno task serve`: a read-only HTTP server on 127.0.0.1 over a results folder. It serves
 * the folder's files as they are — the static pages work as from `file://` — and adds
 * what only a server can: `/_live/events`, a stream of server-sent events with every
 * running run's progress and, for a run's page, its units as they finish and its units in
 * progress epoch by epoch (see `watch.ts`). A run still going has no report yet: its folder
 * is answered with a page drawn from its manifest, which fills in live. Every HTML page it
 * serves carries `<meta name="mlp-live">`, which is how a page knows to listen.
 *
 * Least privilege: GET and HEAD only (405 otherwise); a path with `..`, `.`, a hidden name
 * or a link out of the folder is refused (403); nothing is written.
 *
 * @module
 */

import { PAGE_SCRIPT } from "../report/_page_bundle.ts";
import { comparePageHtml, indexPageHtml, RUNS_SCRIPT } from "../report/index_page.ts";
import { reportHtml } from "../report/html.ts";
import { runScript } from "../report/payload.ts";
import { assetNames, ASSETS, type Assets, PLOTLY } from "../report/shell.ts";
import type { Manifest } from "../experiment/records.ts";
import { contentType, fileResponse, realInside, Refused, safeSegments } from "./files.ts";
import { RunWatcher } from "./watch.ts";

/** The path of the event stream. */
export const EVENTS_PATH = "/_live/events";

/** What a served HTML page carries so that its script listens for live updates. */
const LIVE_META = `<meta name="mlp-live" content="${EVENTS_PATH}">`;

/** Options of {@link serveResults}. */
export interface ServeOptions {
  /** The port; 0 for any free one. */
  readonly port: number;
  /** Stops the server: streams are closed and it shuts down. */
  readonly signal: AbortSignal;
  /** Told the address once it listens. */
  readonly onListen?: (address: { hostname: string; port: number }) => void;
}

/** The shared scripts, as the server has them when the folder has none yet. */
interface MemoryAssets {
  readonly names: Assets;
  text(name: string): Promise<string | undefined>;
}

async function memoryAssets(): Promise<MemoryAssets> {
  // Imports, not file reads: the server reads nothing outside the results folder.
  const pkg = ["npm:", PLOTLY.name, "@", PLOTLY.range].join("");
  const { default: info } = await import(`${pkg}/package.json`, { with: { type: "json" } });
  const names = assetNames((info as { version: string }).version);
  return {
    names,
    async text(name) {
      if (name === names.pages) return PAGE_SCRIPT;
      if (name !== names.plotly) return undefined;
      const mod = await import(`${pkg}/${PLOTLY.file}`, { with: { type: "text" } });
      return mod.default as string;
    },
  };
}

/**
 * Serves a results folder until `options.signal` aborts.
 *
 * @param folder The results folder.
 * @param options Port, stop signal, where to say the address.
 * @returns When the server has stopped.
 */
export async function serveResults(folder: string, options: ServeOptions): Promise<void> {
  const root = await Deno.realPath(folder);
  const assets = await memoryAssets();
  const watcher = new RunWatcher(root);
  const streams = new Set<() => void>();
  const watching = watcher.watch(options.signal);
  const server = Deno.serve({
    hostname: "127.0.0.1",
    port: options.port,
    onListen: (addr) => options.onListen?.(addr),
  }, (req) => answer(req, { root, assets, watcher, streams }));
  options.signal.addEventListener("abort", () => {
    for (const close of streams) close();
    server.shutdown();
  }, { once: true });
  // A connection the browser keeps open must not hold the stop up: 2 s after it, go.
  let grace: ReturnType<typeof setTimeout> | undefined;
  const stopped = new Promise<void>((resolve) =>
    options.signal.addEventListener("abort", () => grace = setTimeout(resolve, 2000), {
      once: true,
    })
  );
  await Promise.race([server.finished, stopped]);
  clearTimeout(grace);
  await watching;
}

interface Context {
  readonly root: string;
  readonly assets: MemoryAssets;
  readonly watcher: RunWatcher;
  /** How to close each event stream open. */
  readonly streams: Set<() => void>;
}

async function answer(req: Request, ctx: Context): Promise<Response> {
  if (req.method !== "GET" && req.method !== "HEAD") {
    return text(405, "This server only reads: GET and HEAD.\n", { allow: "GET, HEAD" });
  }
  const url = new URL(req.url);
  if (url.pathname === EVENTS_PATH) return events(url, ctx);
  // Browsers ask for it unbidden: nothing, rather than a 404 in the page's console.
  if (url.pathname === "/favicon.ico") return new Response(null, { status: 204 });
  try {
    return await served(url, req.method === "HEAD", ctx);
  } catch (e) {
    if (e instanceof Refused) return text(e.status, `${e.message}\n`);
    throw e;
  }
}

function text(status: number, body: string, headers: Record<string, string> = {}): Response {
  return new Response(body, {
    status,
    headers: { "content-type": "text/plain; charset=utf-8", ...headers },
  });
}

async function served(url: URL, head: boolean, ctx: Context): Promise<Response> {
  const segments = safeSegments(url.pathname);
  let found;
  try {
    found = await realInside(ctx.root, segments);
  } catch (e) {
    if (!(e instanceof Refused) || e.status !== 404) throw e;
    return await generated(segments, head, ctx) ?? Promise.reject(e);
  }
  if (found.info.isDirectory) {
    if (!url.pathname.endsWith("/")) {
      return new Response(null, { status: 301, headers: { location: `${url.pathname}/` } });
    }
    return await served(new URL(`${url.pathname}index.html`, url), head, ctx);
  }
  if (!found.info.isFile) throw new Refused(403, `/${segments.join("/")} is not a file`);
  if (!found.path.endsWith(".html")) return await fileResponse(found.path, head);
  return page(await Deno.readTextFile(found.path), head);
}

/** An HTML page, marked so that its script listens for live updates. */
function page(html: string, head: boolean): Response {
  const marked = html.replace("<head>", `<head>\n${LIVE_META}`);
  return new Response(head ? null : marked, {
    headers: { "content-type": contentType("x.html"), "cache-control": "no-store" },
  });
}

/**
 * What the folder does not hold yet but a page needs: the shared scripts before any run
 * ended, the results index before any run ended, and a running run's page and `run.js`.
 */
async function generated(
  segments: readonly string[],
  head: boolean,
  ctx: Context,
): Promise<Response | undefined> {
  const name = segments.at(-1), parent = segments.slice(0, -1);
  if (name === undefined) return undefined;
  if (parent.at(-1) === ASSETS) {
    const body = await ctx.assets.text(name);
    if (body === undefined) return undefined;
    return new Response(head ? null : body, { headers: { "content-type": contentType(name) } });
  }
  const dir = await realInside(ctx.root, parent).catch(() => undefined);
  if (dir === undefined || !dir.info.isDirectory) return undefined;
  if (parent.length === 0) {
    if (name === "index.html") return page(indexPageHtml(ctx.assets.names), head);
    if (name === "compare.html") return page(comparePageHtml(ctx.assets.names), head);
    if (name === RUNS_SCRIPT) return new Response(head ? null : "", { headers: js() });
    return undefined;
  }
  const manifest = await Deno.readTextFile(`${dir.path}/manifest.json`)
    .then((t) => JSON.parse(t) as Manifest, () => undefined);
  if (manifest === undefined) return undefined;
  const run = { manifest, units: new Map() };
  if (name === "index.html") {
    const path = [...parent.slice(1).map(() => ".."), "..", ASSETS].join("/");
    return page(reportHtml(run, { path, names: ctx.assets.names }), head);
  }
  if (name === "run.js") {
    const key = `${manifest.experiment}/${manifest.runId}`;
    return new Response(head ? null : runScript({ key, manifest, units: [] }), { headers: js() });
  }
  return undefined;
}

function js(): Record<string, string> {
  return { "content-type": contentType("x.js"), "cache-control": "no-store" };
}

/** The event stream: `?run=<path of a run folder>` adds that run's units and epochs. */
function events(url: URL, ctx: Context): Response {
  const run = url.searchParams.get("run") ?? undefined;
  const encoder = new TextEncoder();
  let stop: (() => void) | undefined;
  let beat: ReturnType<typeof setInterval> | undefined;
  const end = () => {
    stop?.();
    clearInterval(beat);
    ctx.streams.delete(close);
  };
  let close = end;
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      close = () => {
        end();
        try {
          controller.close();
        } catch { /* already closed */ }
      };
      ctx.streams.add(close);
      const put = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch { /* the page went away */ }
      };
      put("retry: 1000\n\n");
      stop = await ctx.watcher.listen({
        ...(run === undefined ? {} : { run }),
        send: (event, data) => put(`event: ${event}\ndata: ${data}\n\n`),
      });
      beat = setInterval(() => put(": still here\n\n"), 15_000);
    },
    cancel: () => end(),
  });
  return new Response(body, {
    headers: { "content-type": "text/event-stream", "cache-control": "no-store" },
  });
}
