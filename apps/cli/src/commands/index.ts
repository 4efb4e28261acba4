import type { CliCommand } from "../cli-command";
import { apikeyCommand } from "./apikey.command";
import { dbCommand } from "./db.command";
import { hooksCommand } from "./hooks.command";
import { migrateCommand } from "./migrate.command";
import { namespaceCommand } from "./namespace.command";
import { syncCommand } from "./sync.command";

/** Every command group of `pnpm fullsync`. To add one: write `<name>.command.ts` exporting a CliCommand and list it here. */
export const COMMANDS: CliCommand[] = [
  apikeyCommand,
  namespaceCommand,
  hooksCommand,
  syncCommand,
  migrateCommand,
  dbCommand,
];
