/**
 * Opens pages in a real browser — Debian's Chromium, driven over the DevTools protocol by
 * npm `puppeteer-core` — and records what a user's console and network panel would show.
 */
import puppeteer, { type Browser, type Page } from "npm:puppeteer-core@25.16.0";

/** The system's Chromium (`.ci/run` installs Debian's package when it is missing). */
export async function chromiumPath(): Promise<string> {
  for (const path of ["/usr/bin/chromium", "/usr/bin/chromium-browser"]) {
    if (await Deno.stat(path).then((s) => s.isFile, () => false)) return path;
  }
  throw new Error("Chromium is not installed: apt-get install chromium (.ci/run does it)");
}

/** A page opened from a file, with every console error and every non-file request seen. */
export interface OpenedPage {
  readonly page: Page;
  /** Console messages of type error, and uncaught exceptions. */
  readonly errors: string[];
  /** Requests to anything but `file://` (the network), and failed requests. */
  readonly requests: string[];
  /** The files the page loaded (`file://` URLs). */
  readonly files: string[];
}

/** Runs `fn` with a headless Chromium at 1366×768, closed afterwards. */
export async function withBrowser(fn: (browser: Browser) => Promise<void>): Promise<void> {
  const browser = await puppeteer.launch({
    executablePath: await chromiumPath(),
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--allow-file-access-from-files"],
    defaultViewport: { width: 1366, height: 768 },
  });
  try {
    await fn(browser);
  } finally {
    await browser.close();
  }
}

/** Opens a file (optionally with a `#hash`) and waits until the page has drawn. */
export async function openFile(browser: Browser, path: string, hash = ""): Promise<OpenedPage> {
  return await openUrl(browser, `file://${await Deno.realPath(path)}${hash}`);
}

/**
 * Opens an address and waits until the page has drawn; requests to anything but files and
 * 127.0.0.1 count as the network.
 */
export async function openUrl(browser: Browser, url: string): Promise<OpenedPage> {
  const page = await browser.newPage();
  const errors: string[] = [], requests: string[] = [], files: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("request", (r) => {
    // file: and data: (plotly's own icons) stay on this machine; anything else is the network.
    if (!/^(file|data|blob):|^http:\/\/127\.0\.0\.1[:/]/.test(r.url())) requests.push(r.url());
    else if (r.url().startsWith("file:")) files.push(r.url());
  });
  page.on("requestfailed", (r) => {
    // An event stream closed by the page going away is not a failure the reader sees.
    if (!r.url().includes("/_live/events")) requests.push(`failed: ${r.url()}`);
  });
  await page.goto(url, { waitUntil: "load" });
  // The pages' script marks the body once everything is drawn (plotly loads after the text).
  await page.waitForSelector("body[data-drawn]", { timeout: 20_000 }).catch(() => {});
  // A served page keeps its event stream open: one request in flight is idle there.
  const concurrency = url.startsWith("http") ? 1 : 0;
  await page.waitForNetworkIdle({ idleTime: 300, concurrency, timeout: 15_000 }).catch(() => {});
  return { page, errors, requests, files };
}
