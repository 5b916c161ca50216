// The part of csv-parse/sync's types this project uses. The package's own declarations
// reference Node's types (`/// <reference types="node" />`), which Deno cannot resolve
// without @types/node; the imports' `// @ts-types` points here instead.

/** The options used here. */
export interface ParseOptions {
  readonly columns?: boolean;
  readonly skip_empty_lines?: boolean;
  readonly delimiter?: string;
  readonly trim?: boolean;
  readonly relax_column_count?: boolean;
  readonly info?: boolean;
}

/** Parses CSV text into records (arrays of fields, or objects with `columns: true`). */
export function parse(input: string, options?: ParseOptions): unknown[];
