/**
 * 8 MiB semi-spaces, as docker-compose's workers run: under a sync's allocation rate (each page is short-lived garbage)
 * V8 otherwise grows the young generation to 128 MiB of RSS, and this process runs a worker. NODE_OPTIONS naming
 * the flag wins (it is then left out here, since a command-line flag would override NODE_OPTIONS).
 */
export function defaultNodeFlags(env: NodeJS.ProcessEnv = process.env): string[] {
  return env.NODE_OPTIONS?.includes("--max-semi-space-size") ? [] : ["--max-semi-space-size=8"];
}
