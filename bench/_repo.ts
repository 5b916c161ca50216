/** The repository's root folder (the benchmarks run the CLI from there). */
export const REPO_ROOT: string = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
