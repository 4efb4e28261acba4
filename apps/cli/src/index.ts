export * from "./cli-command";
export * from "./run-cli";
export * from "./parse-cli-values";
export * from "./open-cli-database";
export { COMMANDS } from "./commands";
export { followSync } from "./sync/follow-sync";
export { describeSyncOutcome } from "./sync/describe-sync-outcome";
