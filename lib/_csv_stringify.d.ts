// The part of csv-stringify/sync's types this project uses (see _csv_parse.d.ts for why).

/** The options used here. */
export interface StringifyOptions {
  readonly record_delimiter?: string;
}

/** Formats records as CSV text. */
export function stringify(
  input: readonly (readonly unknown[])[],
  options?: StringifyOptions,
): string;
