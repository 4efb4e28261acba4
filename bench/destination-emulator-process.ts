/**
 * A destination emulator (Mixpanel or Attio) alone in its own process, as the bench runs it: production has Mixpanel
 * and Attio on other machines, so their CPU (gunzip, JSON parsing, validation, storage) must not be billed to the
 * exporter being measured, nor delay its event loop (the Attio limiter counts such delays as lateness).
 * Usage: destination-emulator-process.ts mixpanel|attio. Prints one JSON line (where it listens, its credentials),
 * then serves until SIGTERM.
 */
import { startAttioEmulator, startMixpanelEmulator } from "@full-sync/emulators";

async function start(kind: string | undefined) {
  if (kind === "mixpanel") {
    const limit = Number(process.env.BENCH_MIXPANEL_RATE_LIMIT ?? "10000");
    const emulator = await startMixpanelEmulator({ projectId: 9, rateLimit: { limit, windowMs: 1_000 } });
    return { emulator, info: { baseUrl: emulator.baseUrl, controlUrl: emulator.controlUrl, projectId: emulator.projectId, serviceAccount: emulator.serviceAccount } };
  }
  if (kind === "attio") {
    const emulator = await startAttioEmulator({ seed: 5, writeRateLimit: { limit: 25, windowMs: 1_000 } });
    return { emulator, info: { baseUrl: emulator.baseUrl, controlUrl: emulator.controlUrl, accessToken: emulator.accessTokens[0]! } };
  }
  throw new Error(`usage: destination-emulator-process.ts mixpanel|attio (got ${kind ?? "nothing"})`);
}

async function main(): Promise<void> {
  const { emulator, info } = await start(process.argv[2]);
  const stop = () => void emulator.close().then(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  console.log(JSON.stringify(info));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
