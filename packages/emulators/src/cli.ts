import { parseCliOptions, USAGE } from "./cli-options";
import { startLemlistEmulator } from "./lemlist/start-lemlist-emulator";
import { startSmartleadEmulator } from "./smartlead/start-smartlead-emulator";
import type { RunningEmulator } from "./types";

/**
 * `pnpm emulators`: both emulators in one process until Ctrl-C/SIGTERM. Prints env-style lines
 * (SMARTLEAD_BASE_URL=..., ...) that people can paste and scripts can parse.
 */
async function main(): Promise<void> {
  const parsed = parseCliOptions({ argv: process.argv.slice(2), env: process.env });
  if (parsed === "help") {
    console.log(USAGE);
    return;
  }
  const running: RunningEmulator[] = [];
  let closing = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (closing) return;
    closing = true;
    console.log(`${signal}: closing emulators`);
    await Promise.allSettled(running.map((emulator) => emulator.close()));
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  running.push(await startSmartleadEmulator(parsed.smartlead));
  running.push(await startLemlistEmulator(parsed.lemlist));
  for (const emulator of running) {
    const name = emulator.platform.toUpperCase();
    console.log(`${name}_BASE_URL=${emulator.baseUrl}`);
    console.log(`${name}_API_KEY=${emulator.apiKeys[0] ?? ""}`);
    console.log(`${name}_CONTROL_URL=${emulator.controlUrl}`);
  }
  console.log("emulators ready (Ctrl-C to stop)");
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
