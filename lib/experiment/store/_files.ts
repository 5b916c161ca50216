/**
 * Reading a run folder's files with errors that name the file.
 *
 * @module
 */

// @ts-types="../../_csv_parse.d.ts"
import { parse } from "npm:csv-parse@7.0.3/sync";

export function parseCsv(text: string, file: string): Record<string, string>[] {
  try {
    return parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  } catch (e) {
    throw new SyntaxError(`Cannot parse ${file}: ${(e as Error).message}`);
  }
}

export async function readText(path: string, what: string): Promise<string> {
  try {
    return await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      throw new Deno.errors.NotFound(`Cannot read ${what}: no file ${path}`);
    }
    throw e;
  }
}

export async function readJson(path: string, what: string): Promise<unknown> {
  const text = await readText(path, what);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new SyntaxError(`Cannot parse ${path}: ${(e as Error).message}`);
  }
}

export async function readOptionalJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return {};
    throw e;
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new SyntaxError(
      `Cannot parse ${path}: ${(e as Error).message} (it is rebuilt by resuming the run)`,
    );
  }
}
