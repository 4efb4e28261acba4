import { createPrng } from "../core/create-prng";
import { createSeededApiKey, createUuidLike } from "../core/random-ids";
import { startSinkEmulator } from "../core/start-sink-emulator";
import { createAttioBehaviour } from "./attio-behaviour";
import { createAttioControl, createAttioRouter, presentAttioRecord, ATTIO_ROUTES } from "./attio-routes";
import { createAttioStore } from "./attio-store";
import type { AttioEmulatorOptions, RunningAttioEmulator } from "./attio-types";
import { createReadWriteLimiter } from "./create-read-write-limiter";

export const ATTIO_DEFAULT_READ_RATE_LIMIT = { limit: 100, windowMs: 1000 };
export const ATTIO_DEFAULT_WRITE_RATE_LIMIT = { limit: 25, windowMs: 1000 };

/** A local Attio REST API v2 (people upsert, custom attributes, /self) under /v2 for one workspace. */
export async function startAttioEmulator(options: AttioEmulatorOptions = {}): Promise<RunningAttioEmulator> {
  // Ids and the default token depend only on the seed, so another process can know them in advance.
  const prng = createPrng({ seed: options.seed ?? 1, stream: 401 });
  const workspaceId = options.workspaceId ?? createUuidLike({ prng });
  const objectId = createUuidLike({ prng });
  const clientId = createUuidLike({ prng });
  const generatedToken = createSeededApiKey({ prng, prefix: "" }) + createSeededApiKey({ prng, prefix: "" });
  const accessTokens = options.accessTokens && options.accessTokens.length > 0 ? [...options.accessTokens] : [generatedToken];
  const store = createAttioStore({ workspaceId, workspaceSlug: options.workspaceSlug ?? "full-sync-emulator", objectId });
  const sink = await startSinkEmulator({
    prefix: "/v2",
    behaviour: createAttioBehaviour({ accessTokens, workspaceId }),
    routes: ATTIO_ROUTES,
    router: createAttioRouter({ store, clientId }),
    limiter: createReadWriteLimiter({ reads: options.readRateLimit ?? ATTIO_DEFAULT_READ_RATE_LIMIT, writes: options.writeRateLimit ?? ATTIO_DEFAULT_WRITE_RATE_LIMIT }),
    control: createAttioControl({ store }),
    server: options,
  });
  return {
    ...sink,
    platform: "attio",
    workspaceId,
    accessTokens,
    people: () => store.people().map((record) => presentAttioRecord({ record, store })),
    attributes: store.listAttributes,
    addConflictingEmails: (emails) => emails.forEach((email) => store.conflictingEmails.add(email.trim().toLowerCase())),
  };
}
