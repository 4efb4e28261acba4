import { createPrng } from "../core/create-prng";
import { resolveEmulatorOptions } from "../core/resolve-emulator-options";
import { startPlatformEmulator } from "../core/start-platform-emulator";
import type { EmulatorOptions, RunningEmulator } from "../types";
import { addLemlistActivities } from "./add-lemlist-activities";
import { generateLemlistData } from "./generate-lemlist-data";
import { createLemlistBehaviour } from "./lemlist-behaviour";
import { createLemlistRouter, LEMLIST_ROUTES } from "./lemlist-routes";
import { lemlistGroundTruth, lemlistPeople } from "./lemlist-truth";
import { createLemlistHookRouter, lemlistHookDeliveries, LEMLIST_HOOK_ROUTES, type LemlistHook } from "./lemlist-hooks";

export const LEMLIST_DEFAULT_RATE_LIMIT = { limit: 20, windowMs: 2000 };

// What api.lemlist.com answers on a route it does not know: the web app, 200, HTML.
const WEB_APP_PAGE = '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>lemlist</title></head><body><div id="root"></div><script src="/static/app.js"></script></body></html>';

/** A local Lemlist API under /api with seeded data, the documented quirks, a per-key rate limit and switchable faults. */
export async function startLemlistEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const resolved = resolveEmulatorOptions({ given: options, keyPrefix: "ll_", keyStream: 102, rateLimit: LEMLIST_DEFAULT_RATE_LIMIT });
  const data = generateLemlistData({ ...resolved });
  const arrivals = createPrng({ seed: resolved.seed, stream: 22 });
  const hooks: LemlistHook[] = [];
  return startPlatformEmulator({
    platform: "lemlist",
    prefix: "/api",
    apiKeys: resolved.apiKeys,
    rateLimit: resolved.rateLimit,
    behaviour: createLemlistBehaviour({ apiKeys: resolved.apiKeys, blockedApiKeys: options.blockedApiKeys ?? [] }),
    routes: LEMLIST_ROUTES,
    router: createLemlistRouter({ data: () => data }),
    unknownRoute: (_req, res) => void res.status(200).type("text/html").send(WEB_APP_PAGE),
    unknownRoutesBeforeAuth: true,
    groundTruth: () => lemlistGroundTruth(data),
    people: () => lemlistPeople(data),
    addActivities: (count) => addLemlistActivities({ data, prng: arrivals, count }),
    hooks: {
      router: createLemlistHookRouter({ hooks, prng: createPrng({ seed: resolved.seed, stream: 23 }) }),
      routes: LEMLIST_HOOK_ROUTES,
      deliveries: (events) => lemlistHookDeliveries({ hooks, data, events }),
    },
    server: options,
  });
}
