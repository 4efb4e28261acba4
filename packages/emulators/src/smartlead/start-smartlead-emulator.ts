import { createPrng } from "../core/create-prng";
import { resolveEmulatorOptions } from "../core/resolve-emulator-options";
import { startPlatformEmulator } from "../core/start-platform-emulator";
import type { EmulatorOptions, RunningEmulator } from "../types";
import { addSmartleadActivities } from "./add-smartlead-activities";
import { generateSmartleadData } from "./generate-smartlead-data";
import { createSmartleadBehaviour } from "./smartlead-behaviour";
import { createSmartleadRouter, SMARTLEAD_ROUTES } from "./smartlead-routes";
import { smartleadGroundTruth, smartleadPeople } from "./smartlead-truth";
import { createSmartleadHookRouter, smartleadHookDeliveries, SMARTLEAD_HOOK_ROUTES, type SmartleadWebhook } from "./smartlead-hooks";

export const SMARTLEAD_DEFAULT_RATE_LIMIT = { limit: 10, windowMs: 2000 };

/** A local Smartlead API under /api/v1 with seeded data, the documented quirks, a rate limit and switchable faults. */
export async function startSmartleadEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const resolved = resolveEmulatorOptions({ given: options, keyPrefix: "sl_", keyStream: 101, rateLimit: SMARTLEAD_DEFAULT_RATE_LIMIT });
  const data = generateSmartleadData({ ...resolved });
  const arrivals = createPrng({ seed: resolved.seed, stream: 12 });
  const hooks: SmartleadWebhook[] = [];
  return startPlatformEmulator({
    platform: "smartlead",
    prefix: "/api/v1",
    apiKeys: resolved.apiKeys,
    rateLimit: resolved.rateLimit,
    behaviour: createSmartleadBehaviour({ apiKeys: resolved.apiKeys }),
    routes: SMARTLEAD_ROUTES,
    router: createSmartleadRouter({ data: () => data, statisticsMaxLimit: options.statisticsMaxLimit }),
    groundTruth: () => smartleadGroundTruth(data),
    people: () => smartleadPeople(data),
    addActivities: (count) => addSmartleadActivities({ data, prng: arrivals, count }),
    hooks: {
      router: createSmartleadHookRouter({ hooks, data: () => data }),
      routes: SMARTLEAD_HOOK_ROUTES,
      deliveries: (events) => smartleadHookDeliveries({ hooks, data, events, accountSecretKey: options.webhookSecretKey }),
    },
    server: options,
  });
}
