/**
 * The files `deno task serve` answers with: a request's path mapped into the results
 * folder and nowhere else (no `..`, encoded or not; no hidden names; no link that leads
 * out), and read-only responses for them.
 *
 * @module
 */

/** Content types by file extension. */
const TYPES: Record<string, string> = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  json: "application/json; charset=utf-8",
  csv: "text/csv; charset=utf-8",
  jsonl: "application/x-ndjson; charset=utf-8",
  gz: "application/gzip",
  txt: "text/plain; charset=utf-8",
  svg: "image/svg+xml",
  png: "image/png",
};

/**
 * The content type of a file name.
 *
 * @param name The file's name or path.
 * @returns Its type (`application/octet-stream` when unknown).
 */
export function contentType(name: string): string {
  return TYPES[name.slice(name.lastIndexOf(".") + 1).toLowerCase()] ?? "application/octet-stream";
}

/** Why a path was refused, as an HTTP status. */
export class Refused extends Error {
  /** 403 (outside the folder or hidden) or 404 (not there). */
  readonly status: 403 | 404;
  /**
   * @param status The status.
   * @param message What was wrong.
   */
  constructor(status: 403 | 404, message: string) {
    super(message);
    this.name = "Refused";
    this.status = status;
  }
}

/**
 * The segments of a request's path, decoded, when every one is an ordinary name: no `.` or
 * `..` (also when percent-encoded), no name starting with `.`, no `\`, no NUL.
 *
 * @param pathname The URL's path.
 * @returns Its segments (empty for the folder itself).
 * @throws {Refused} 403 for anything else.
 */
export function safeSegments(pathname: string): string[] {
  const out: string[] = [];
  for (const raw of pathname.split("/")) {
    if (raw === "") continue;
    let name: string;
    try {
      name = decodeURIComponent(raw);
    } catch {
      throw new Refused(403, `not a valid path segment: ${raw}`);
    }
    if (name.startsWith(".") || /[\\/\0]/.test(name)) {
      throw new Refused(403, `refused path segment: ${JSON.stringify(name)}`);
    }
    out.push(name);
  }
  return out;
}

/**
 * The real path of a file or folder under `root` (itself a real path), refusing what a
 * link takes outside it.
 *
 * @param root The results folder's real path.
 * @param segments The path's segments below it.
 * @returns The real path and what is there.
 * @throws {Refused} 404 when nothing is there, 403 when it is outside `root`.
 */
export async function realInside(
  root: string,
  segments: readonly string[],
): Promise<{ path: string; info: Deno.FileInfo }> {
  const joined = [root, ...segments].join("/");
  let real: string;
  try {
    real = await Deno.realPath(joined);
  } catch {
    throw new Refused(404, `nothing at /${segments.join("/")}`);
  }
  if (real !== root && !real.startsWith(`${root}/`)) {
    throw new Refused(403, `/${segments.join("/")} leads outside the results folder`);
  }
  return { path: real, info: await Deno.stat(real) };
}

/**
 * A response with a file's bytes (streamed) or nothing (HEAD).
 *
 * @param path The file.
 * @param head Whether the request was HEAD.
 * @returns The response.
 */
export async function fileResponse(path: string, head: boolean): Promise<Response> {
  const file = await Deno.open(path);
  const { size } = await file.stat();
  const headers = {
    "content-type": contentType(path),
    "content-length": String(size),
    "cache-control": "no-store",
  };
  if (head) {
    file.close();
    return new Response(null, { headers });
  }
  return new Response(file.readable, { headers });
}

/** The most bytes {@link wholeLinesFrom} reads at once. */
export const READ_AT_ONCE = 8 << 20;

/**
 * Reads the whole lines a file holds from `offset` on, up to about `max` bytes (a line
 * still being written is left for the next read; a line longer than `max` is read whole).
 *
 * @param path The file.
 * @param offset Where to start, in bytes.
 * @param max About how many bytes to read at most.
 * @returns The lines and where the next read starts; `undefined` when the file is gone.
 */
export async function wholeLinesFrom(
  path: string,
  offset: number,
  max: number = READ_AT_ONCE,
): Promise<{ lines: string[]; next: number; size: number } | undefined> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path);
  } catch {
    return undefined;
  }
  try {
    const { size } = await file.stat();
    if (size <= offset) return { lines: [], next: offset, size };
    await file.seek(offset, Deno.SeekMode.Start);
    let bytes = await readUpTo(file, Math.min(size - offset, max));
    let end = bytes.lastIndexOf(10) + 1; // after the last "\n"
    if (end === 0 && offset + bytes.length < size) {
      // One line longer than max: read on to its end.
      await file.seek(offset, Deno.SeekMode.Start);
      bytes = await readUpTo(file, size - offset);
      end = bytes.indexOf(10) + 1;
    }
    const text = new TextDecoder().decode(bytes.subarray(0, end));
    return { lines: text.split("\n").filter((l) => l !== ""), next: offset + end, size };
  } finally {
    file.close();
  }
}

async function readUpTo(file: Deno.FsFile, length: number): Promise<Uint8Array> {
  const bytes = new Uint8Array(length);
  let n = 0;
  while (n < length) {
    const got = await file.read(bytes.subarray(n));
    if (got === null) break;
    n += got;
  }
  return bytes.subarray(0, n);
}
