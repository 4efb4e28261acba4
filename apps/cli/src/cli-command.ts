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

export type Subcommand = (args: string[], context: CliContext) => Promise<number>;

/** A command group made of subcommands (`pnpm fullsync <name> <sub> ...`). */
export function commandGroup(options: { name: string; summary: string; usage: string[]; subcommands: Record<string, Subcommand> }): CliCommand {
  const { name, subcommands } = options;
  return {
    name,
    summary: options.summary,
    usage: options.usage,
    async run([sub, ...args], context) {
      const handler = sub && Object.hasOwn(subcommands, sub) ? subcommands[sub] : undefined;
      if (!handler) throw new UsageError(sub ? `unknown ${name} subcommand "${sub}"` : `${name} needs a subcommand`);
      return handler(args, context);
    },
  };
}
