/**
 * The IDX file format of MNIST (and Fashion-MNIST, KMNIST …): two zero bytes, a type
 * byte (0x08 = unsigned byte), the number of dimensions, each dimension as a big-endian
 * uint32, then the values row-major.
 *
 * @module
 */

/** A parsed IDX file of unsigned bytes. */
export interface IdxArray {
  /** The dimensions, e.g. [60000, 28, 28]. */
  readonly dims: readonly number[];
  /** The values, row-major (a view into the file's bytes). */
  readonly data: Uint8Array;
}

const TYPE_NAMES: Record<number, string> = {
  0x08: "unsigned byte",
  0x09: "signed byte",
  0x0b: "short",
  0x0c: "int",
  0x0d: "float",
  0x0e: "double",
};

/**
 * Parses an unsigned-byte IDX file, checking the magic number, the dimensions and that
 * the length is exactly what they announce.
 *
 * @example
 * ```ts
 * import { parseIdx } from "../../mod.ts";
 * import assert from "node:assert/strict";
 *
 * const bytes = Uint8Array.of(0, 0, 8, 1, 0, 0, 0, 3, 7, 8, 9);
 * assert.deepEqual(parseIdx(bytes, "labels").dims, [3]);
 * assert.throws(() => parseIdx(bytes.subarray(0, 10), "labels"), /truncated: expected 11 bytes for dimensions 3, got 10/);
 * assert.throws(() => parseIdx(Uint8Array.of(1, 0, 8, 1), "labels"), /magic number/);
 * assert.throws(
 *   () => parseIdx(Uint8Array.of(0, 0, 8, 2, 0, 0, 0, 0, 0, 0, 0, 0), "images"),
 *   /Cannot parse IDX file images: dimensions 0×0: it holds no values/,
 * );
 * ```
 *
 * @param bytes The file's contents.
 * @param file The file's name, for messages.
 * @returns The dimensions and values.
 */
export function parseIdx(bytes: Uint8Array, file: string): IdxArray {
  const fail = (what: string): never => {
    throw new SyntaxError(`Cannot parse IDX file ${file}: ${what}`);
  };
  if (bytes.length < 4) {
    fail(`truncated: ${bytes.length} bytes, shorter than the 4-byte magic number`);
  }
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    fail(
      `bad magic number 0x${
        Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, "0")).join("")
      }` +
        ` (expected 0x0000 followed by type and dimensions; is it gzipped or another format?)`,
    );
  }
  const type = bytes[2]!, ndim = bytes[3]!;
  if (type !== 0x08) {
    fail(
      `element type 0x${type.toString(16)} (${
        TYPE_NAMES[type] ?? "unknown"
      }); only 0x08 (unsigned byte) is supported`,
    );
  }
  if (ndim === 0) fail("zero dimensions");
  const header = 4 + 4 * ndim;
  if (bytes.length < header) {
    fail(`truncated: the header needs ${header} bytes, got ${bytes.length}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = Array.from({ length: ndim }, (_, i) => view.getUint32(4 + 4 * i, false));
  if (dims.includes(0)) fail(`dimensions ${dims.join("×")}: it holds no values`);
  const size = dims.reduce((a, b) => a * b, 1);
  if (bytes.length < header + size) {
    fail(
      `truncated: expected ${header + size} bytes for dimensions ${
        dims.join("×")
      }, got ${bytes.length}`,
    );
  }
  if (bytes.length > header + size) {
    fail(`${bytes.length - header - size} bytes after the ${dims.join("×")} values`);
  }
  return { dims, data: bytes.subarray(header) };
}
