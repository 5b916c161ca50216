/**
 * The build tasks: `deno task build:wasm` and `deno task build:pages`.
 *
 * @module
 */

import type { Io } from "../progress.ts";
import { EXIT, parseCommand } from "../usage.ts";

const WASM_USAGE =
  "Usage: deno task build:wasm [--check]\n\nRebuilds the WebAssembly kernels from source; --check only compares.";
const PAGES_USAGE =
  "Usage: deno task build:pages [--check]\n\nRebundles the report pages' script from lib/report/page/; --check only compares.";

/**
 * Rebuilds (or with --check compares) the WebAssembly kernels.
 *
 * @param args Its arguments.
 * @param io Where to write.
 * @returns The exit code.
 */
export async function buildWasmCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseCommand(WASM_USAGE, args, { check: { type: "boolean" } });
  if (values.help) return io.out(`${WASM_USAGE}\n`), EXIT.ok;
  const { buildWasm } = await import("../../numerics/wasm/build.ts");
  if (values.check) {
    const same = await buildWasm({ check: true });
    if (same) io.out("lib/numerics/_wasm_module.ts matches its source\n");
    else {io.err(
        "lib/numerics/_wasm_module.ts does not match wasm/kernels.as.ts: run deno task build:wasm\n",
      );}
    return same ? EXIT.ok : EXIT.error;
  }
  await buildWasm();
  io.out("wrote lib/numerics/_wasm_module.ts\n");
  return EXIT.ok;
}

/**
 * Rebundles (or with --check compares) the report pages' script.
 *
 * @param args Its arguments.
 * @param io Where to write.
 * @returns The exit code.
 */
export async function buildPagesCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseCommand(PAGES_USAGE, args, { check: { type: "boolean" } });
  if (values.help) return io.out(`${PAGES_USAGE}\n`), EXIT.ok;
  const { buildPages } = await import("../../report/page/build.ts");
  const same = await buildPages({ check: values.check === true });
  if (!values.check) io.out("wrote lib/report/_page_bundle.ts\n");
  else if (same) io.out("lib/report/_page_bundle.ts matches its source\n");
  else io.err("lib/report/_page_bundle.ts does not match page/: run deno task build:pages\n");
  return same ? EXIT.ok : EXIT.error;
}
