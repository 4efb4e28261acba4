import type { AppConfig, Db, Pool } from "@full-sync/shared";

export interface CliDatabase {
  prisma: Db;
  pool: Pool;
  url: string;
}

export interface CliContext {
  /** Validated configuration (loadConfig). */
  config: AppConfig;
  /** Connects (starting or reusing the embedded PostgreSQL when DATABASE_URL is unset) and applies pending migrations. Closed by main. */
  openDatabase(options?: { migrate?: boolean }): Promise<CliDatabase>;
  out(line?: string): void;
  err(line?: string): void;
}

/** One command group: `pnpm fullsync <name> <subcommand> [options]`. */
export interface CliCommand {
  name: string;
  summary: string;
  /** Lines printed by `pnpm fullsync <name> --help` and on bad input. */
  usage: string[];
  /** Returns the exit code. Throw UsageError for bad input (exit 2). */
  run(args: string[], context: CliContext): Promise<number>;
}

/** Bad command-line input: main prints the message and the command's usage, and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}
