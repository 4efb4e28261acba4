/**
 * The Mixpanel emulator alone in its own process, as the bench runs it: production has Mixpanel on other machines, so
 * its CPU (gunzip, JSON parsing, validation, dedup) must not be billed to the exporter being measured.
 * Prints one JSON line with where it listens and its credentials, then serves until SIGTERM.
 */
import { startMixpanelEmulator } from "@full-sync/emulators";

async function main(): Promise<void> {
  const limit = Number(process.env.BENCH_MIXPANEL_RATE_LIMIT ?? "10000");
  const emulator = await startMixpanelEmulator({ projectId: 9, rateLimit: { limit, windowMs: 1_000 } });
  const stop = () => void emulator.close().then(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  console.log(JSON.stringify({ ready: true, baseUrl: emulator.baseUrl, controlUrl: emulator.controlUrl, projectId: emulator.projectId, serviceAccount: emulator.serviceAccount }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
