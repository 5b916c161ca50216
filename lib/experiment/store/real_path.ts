/**
 * Paths through symbolic links: every command that writes resolves where it writes first,
 * so `--allow-write=results` is checked against the real place — a link under `results/`
 * to a folder elsewhere cannot carry a merge, a report or a run there.
 *
 * @module
 */

/**
 * A folder's path with its existing part resolved through symbolic links, so a link inside
 * `results/` cannot carry writes elsewhere unnoticed: the permission check sees the real
 * place. Relative (to the working folder) when it lies below it.
 *
 * @param path A folder, existing or not.
 * @returns The same folder, through no symbolic link.
 */
export async function realFolder(path: string): Promise<string> {
  const absolute = path.startsWith("/") ? path : `${Deno.cwd()}/${path}`;
  let existing = absolute, rest = "";
  for (;;) {
    try {
      existing = await Deno.realPath(existing);
      break;
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) return path;
      const slash = existing.lastIndexOf("/");
      if (slash <= 0) return path;
      rest = `${existing.slice(slash)}${rest}`;
      existing = existing.slice(0, slash);
    }
  }
  const real = `${existing}${rest}`;
  if (real === absolute) return path;
  const cwd = `${Deno.cwd()}/`;
  return real.startsWith(cwd) ? real.slice(cwd.length) : real;
}

/**
 * Symbolic links in a results folder and in its experiment folders (two levels): the
 * experiment task runs user code with `--allow-write=results`, which a link would carry
 * elsewhere, so a run refuses to start beside one.
 *
 * @param root The results folder.
 * @returns Each link's path and its target.
 */
export async function linksIn(root: string): Promise<{ path: string; target: string }[]> {
  const found: { path: string; target: string }[] = [];
  const visit = async (dir: string, depth: number) => {
    let entries: Deno.DirEntry[];
    try {
      entries = await Array.fromAsync(Deno.readDir(dir));
    } catch {
      return; // not there yet, or not a folder: nothing to refuse
    }
    for (const e of entries) {
      const path = `${dir}/${e.name}`;
      if (e.isSymlink) {
        found.push({ path, target: await Deno.readLink(path).catch(() => "?") });
      } else if (e.isDirectory && depth < 2) await visit(path, depth + 1);
    }
  };
  await visit(root, 1);
  return found;
}
