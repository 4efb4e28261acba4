import { createPrng } from "../core/create-prng";
import { createSeededApiKey } from "../core/random-ids";
import { createSlidingWindowLimiter } from "../core/sliding-window-limiter";
import { createMixpanelBehaviour } from "./mixpanel-behaviour";
import { createMixpanelControl, createMixpanelRouter, MIXPANEL_ROUTES } from "./mixpanel-routes";
import { createMixpanelStore } from "./mixpanel-store";
import type { MixpanelEmulatorOptions, RunningMixpanelEmulator } from "./mixpanel-types";
import { startSinkEmulator } from "../core/start-sink-emulator";

export const MIXPANEL_DEFAULT_RATE_LIMIT = { limit: 100, windowMs: 1000 };
/** The documented 413 example's limit (the real one is 10 MB; clients should stay under this). */
export const MIXPANEL_DEFAULT_MAX_BYTES = 2_097_152;

/** A local Mixpanel ingestion API (/import, /engage) at the origin, like api.mixpanel.com. */
export async function startMixpanelEmulator(options: MixpanelEmulatorOptions = {}): Promise<RunningMixpanelEmulator> {
  const projectId = options.projectId ?? 1;
  // Credentials depend only on the project id, so another process can know them in advance.
  const prng = createPrng({ seed: projectId, stream: 301 });
  const serviceAccount = options.serviceAccount ?? { username: `full-sync.${projectId}.mp-service-account`, secret: createSeededApiKey({ prng, prefix: "" }) };
  const projectToken = options.projectToken ?? createSeededApiKey({ prng, prefix: "" });
  const maxBytes = options.maxBytes ?? MIXPANEL_DEFAULT_MAX_BYTES;
  const store = createMixpanelStore();
  const sink = await startSinkEmulator({
    prefix: "",
    behaviour: createMixpanelBehaviour({ projectId, serviceAccount, projectToken }),
    routes: MIXPANEL_ROUTES,
    router: createMixpanelRouter({ store, projectToken, maxBytes }),
    limiter: createSlidingWindowLimiter(options.rateLimit ?? MIXPANEL_DEFAULT_RATE_LIMIT),
    control: createMixpanelControl({ store }),
    server: options,
  });
  return {
    ...sink,
    platform: "mixpanel",
    projectId,
    serviceAccount: { ...serviceAccount },
    projectToken,
    events: store.events,
    rawImports: store.rawImports,
    profiles: store.profiles,
    insertIdCounts: store.receipts,
    refuseNextRecords: (count, message = "'properties' refused by the emulator (injected)") => store.refuseNext(count, message),
  };
}
