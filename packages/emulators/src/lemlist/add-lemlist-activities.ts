import type { CanonicalEvent } from "@full-sync/shared";
import { collectArrivals } from "../core/collect-arrivals";
import type { Prng } from "../core/create-prng";
import { createPrefixedId } from "../core/random-ids";
import { recordActivity, type LemlistData } from "./lemlist-model";
import { eventOfActivity } from "./lemlist-truth";

const ARRIVING_TYPES = ["emailsOpened", "emailsOpened", "emailsOpened", "emailsClicked", "emailsSent", "emailsSent", "linkedinVisitDone", "emailsReplied"];
const ENGAGEMENT_TYPES = new Set(["emailsOpened", "emailsClicked", "emailsReplied"]);

/** New activities created now (so they go on top of the newest-first list and shift offset pages). */
export function addLemlistActivities(options: { data: LemlistData; prng: Prng; count: number; now?: number }): CanonicalEvent[] {
  const { data, prng } = options;
  return collectArrivals({
    campaigns: data.campaigns,
    prng,
    count: options.count,
    now: options.now,
    arrive: ({ campaign, now }) => {
      const lead = prng.pick(campaign.leads);
      const type = prng.pick(ARRIVING_TYPES);
      const email = type.startsWith("emails") ? { sequenceStep: prng.int(0, 2), emailId: createPrefixedId({ prng, prefix: "eml" }) } : {};
      const related = ENGAGEMENT_TYPES.has(type) ? { relatedSentAtMs: now - prng.int(3_600_000, 86_400_000) } : {};
      return [eventOfActivity(recordActivity(data, { id: createPrefixedId({ prng, prefix: "act" }), type, createdAtMs: now, campaign, lead, ...email, ...related }))];
    },
  });
}
