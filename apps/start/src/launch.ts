// `@full-sync/start/launch`: what `pnpm start --prod`'s launcher loads, and nothing of the apps themselves.
export { COMPILED_CONDITION, findStaleBuild, type StaleBuild } from "./find-stale-build";
export { defaultNodeFlags } from "./default-node-flags";
export { runCompiledStart, type RunCompiledStartOptions } from "./run-compiled-start";
