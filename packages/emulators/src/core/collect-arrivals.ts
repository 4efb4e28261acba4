import type { CanonicalEvent } from "@full-sync/shared";
import type { Prng } from "./create-prng";

/** Runs `arrive` `count` times, each in a random campaign that has leads, at the current time (or a fixed `now`). */
export function collectArrivals<Campaign extends { leads: unknown[] }>(options: {
  campaigns: Campaign[];
  prng: Prng;
  count: number;
  now?: number;
  arrive: (arrival: { campaign: Campaign; now: number; index: number }) => CanonicalEvent[];
}): CanonicalEvent[] {
  const campaigns = options.campaigns.filter((campaign) => campaign.leads.length > 0);
  const added: CanonicalEvent[] = [];
  if (campaigns.length === 0) return added;
  for (let index = 0; index < options.count; index += 1) {
    added.push(...options.arrive({ campaign: options.prng.pick(campaigns), now: options.now ?? Date.now(), index }));
  }
  return added;
}
