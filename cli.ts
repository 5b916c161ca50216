/**
 * The entry point behind the deno tasks (`deno task experiment|list|merge|compare|report`):
 * the only module that reads `Deno.args`.
 *
 * @module
 */

import { main, standardIo } from "./lib/cli/main.ts";

if (import.meta.main) Deno.exit(await main(Deno.args, standardIo()));
