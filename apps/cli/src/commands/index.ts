import type { CliCommand } from "../cli-command";
import { apikeyCommand } from "./apikey.command";
import { namespaceCommand } from "./namespace.command";

/** Every command group of `pnpm fullsync`. To add one: write `<name>.command.ts` exporting a CliCommand and list it here. */
export const COMMANDS: CliCommand[] = [
  apikeyCommand,
  namespaceCommand,
  // syncCommand,     // sync.command.ts (lead)
  // migrateCommand,  // migrate.command.ts (lead)
];
