/** File helpers shared by the loaders: reading with clear errors, lazy npm imports. */

/**
 * Reads a file, turning "not found" into a message that names the file and purpose.
 *
 * @param path The file.
 * @param purpose What it is for, e.g. `"the MNIST training images"`.
 * @returns Its bytes.
 */
export async function readBytes(path: string, purpose: string): Promise<Uint8Array> {
  try {
    return await Deno.readFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      throw new Deno.errors.NotFound(`Cannot read ${purpose}: no file at ${path}`);
    }
    if (e instanceof Deno.errors.NotCapable || e instanceof Deno.errors.PermissionDenied) {
      throw new Deno.errors.PermissionDenied(
        `Cannot read ${purpose} at ${path}: no read permission (run with --allow-read)`,
      );
    }
    throw e;
  }
}

/**
 * A module of an npm package, fetched on first use.
 *
 * @param specifier A full `npm:` specifier.
 * @returns The module.
 */
export function importLazily<T>(specifier: string): Promise<T> {
  return import([specifier].join(""));
}
