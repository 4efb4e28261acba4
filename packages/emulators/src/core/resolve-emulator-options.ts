import type { EmulatorOptions } from "../types";
import { createPrng } from "./create-prng";
import { resolveHistorySpan } from "./history-span";
import { createSeededApiKey } from "./random-ids";

/** Defaults shared by both emulators; the default key depends only on the seed and platform. */
export function resolveEmulatorOptions(options: { given: EmulatorOptions; keyPrefix: string; keyStream: number; rateLimit: { limit: number; windowMs: number } }) {
  const { given } = options;
  const seed = given.seed ?? 1;
  const apiKeys = given.apiKeys && given.apiKeys.length > 0 ? [...given.apiKeys] : [createSeededApiKey({ prng: createPrng({ seed, stream: options.keyStream }), prefix: options.keyPrefix })];
  return {
    seed,
    campaigns: Math.max(0, given.campaigns ?? 3),
    leadsPerCampaign: Math.max(0, given.leadsPerCampaign ?? 20),
    apiKeys,
    rateLimit: given.rateLimit ?? options.rateLimit,
    ...resolveHistorySpan({ startDate: given.startDate, endDate: given.endDate }),
  };
}
