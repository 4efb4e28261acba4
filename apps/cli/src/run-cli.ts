import { AppError, ConfigError, createLogger, loadConfig, type AppConfig } from "@full-sync/shared";
import { UsageError, type CliCommand, type CliContext, type CliDatabase } from "./cli-command";
import { COMMANDS } from "./commands";
import { openCliDatabase } from "./open-cli-database";

export interface RunCliOptions {
  argv: string[];
  env?: NodeJS.ProcessEnv;
  commands?: CliCommand[];
  out?: (line: string) => void;
  err?: (line: string) => void;
}

function overview(commands: CliCommand[]): string[] {
  return ["usage: pnpm fullsync <command> <subcommand> [options]", "", ...commands.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`), "", "pnpm fullsync <command> --help for its options"];
}

/** The dispatcher: returns the exit code (0 ok, 1 failure, 2 usage). */
export async function runCli({ argv, env = process.env, commands = COMMANDS, out = console.log, err = console.error }: RunCliOptions): Promise<number> {
  const [name, ...args] = argv;
  const command = commands.find((c) => c.name === name);
  if (!command || name === "--help" || name === "help") {
    if (name && name !== "--help" && name !== "help") err(`unknown command "${name}"`);
    overview(commands).forEach((line) => (command || name === "--help" || name === "help" ? out : err)(line));
    return name === "--help" || name === "help" ? 0 : 2;
  }
  if (args.includes("--help") || args.includes("-h")) {
    command.usage.forEach((line) => out(line));
    return 0;
  }
  let config: AppConfig;
  try {
    config = loadConfig(env);
  } catch (error) {
    err(error instanceof ConfigError ? error.message : String(error));
    return 1;
  }
  // Diagnostics go to stderr so that stdout stays what the command prints (a key, JSON).
  const logger = createLogger({ level: config.logLevel === "info" ? "warn" : config.logLevel, format: "pretty", service: "cli" });
  let database: (CliDatabase & { close(): Promise<void> }) | undefined;
  const context: CliContext = {
    config,
    openDatabase: async (options) => (database ??= await openCliDatabase(config, logger, options)),
    out: (line = "") => out(line),
    err: (line = "") => err(line),
  };
  try {
    return await command.run(args, context);
  } catch (error) {
    if (error instanceof UsageError) {
      err(`error: ${error.message}`);
      err("usage:");
      command.usage.forEach((line) => err(`  ${line}`));
      return 2;
    }
    if (error instanceof AppError) {
      err(`error ${error.code}: ${error.message}`);
      error.details.forEach((d) => err(`  - ${d.path ? `${d.path}: ` : ""}${d.message}`));
      return 1;
    }
    err(`error: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await database?.close();
  }
}
