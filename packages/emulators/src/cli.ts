import { parseCliOptions, USAGE } from "./cli-options";
import { startAttioEmulator } from "./attio/start-attio-emulator";
import { startLemlistEmulator } from "./lemlist/start-lemlist-emulator";
import { startMixpanelEmulator } from "./mixpanel/start-mixpanel-emulator";
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
  const running: Pick<RunningEmulator, "close">[] = [];
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
  const sources = [await startSmartleadEmulator(parsed.smartlead), await startLemlistEmulator(parsed.lemlist)];
  running.push(...sources);
  const mixpanel = await startMixpanelEmulator(parsed.mixpanel);
  running.push(mixpanel);
  const attio = await startAttioEmulator(parsed.attio);
  running.push(attio);
  for (const emulator of sources) {
    const name = emulator.platform.toUpperCase();
    console.log(`${name}_BASE_URL=${emulator.baseUrl}`);
    console.log(`${name}_API_KEY=${emulator.apiKeys[0] ?? ""}`);
    console.log(`${name}_CONTROL_URL=${emulator.controlUrl}`);
  }
  console.log(`MIXPANEL_BASE_URL=${mixpanel.baseUrl}`);
  console.log(`MIXPANEL_PROJECT_ID=${mixpanel.projectId}`);
  console.log(`MIXPANEL_SERVICE_ACCOUNT_USERNAME=${mixpanel.serviceAccount.username}`);
  console.log(`MIXPANEL_SERVICE_ACCOUNT_SECRET=${mixpanel.serviceAccount.secret}`);
  console.log(`MIXPANEL_PROJECT_TOKEN=${mixpanel.projectToken}`);
  console.log(`MIXPANEL_CONTROL_URL=${mixpanel.controlUrl}`);
  console.log(`ATTIO_BASE_URL=${attio.baseUrl}`);
  console.log(`ATTIO_ACCESS_TOKEN=${attio.accessTokens[0] ?? ""}`);
  console.log(`ATTIO_CONTROL_URL=${attio.controlUrl}`);
  console.log("emulators ready (Ctrl-C to stop)");
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
