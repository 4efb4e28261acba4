import type { CanonicalEvent } from "@full-sync/shared";
import type { Prng } from "../core/create-prng";
import { createPrefixedId } from "../core/random-ids";
import { recordActivity, type LemlistData } from "./lemlist-model";
import { eventOfActivity } from "./lemlist-truth";

const ARRIVING_TYPES = ["emailsOpened", "emailsOpened", "emailsOpened", "emailsClicked", "emailsSent", "emailsSent", "linkedinVisitDone", "emailsReplied"];

/** New activities created now (so they go on top of the newest-first list and shift offset pages). */
export function addLemlistActivities(options: { data: LemlistData; prng: Prng; count: number; now?: number }): CanonicalEvent[] {
  const { data, prng } = options;
  const campaigns = data.campaigns.filter((campaign) => campaign.leads.length > 0);
  const added: CanonicalEvent[] = [];
  if (campaigns.length === 0) return added;
  for (let i = 0; i < options.count; i += 1) {
    const now = options.now ?? Date.now();
    const campaign = prng.pick(campaigns);
    const lead = prng.pick(campaign.leads);
    const type = prng.pick(ARRIVING_TYPES);
    const email = type.startsWith("emails") ? { sequenceStep: prng.int(0, 2), emailId: createPrefixedId({ prng, prefix: "eml" }) } : {};
    const related = type === "emailsOpened" || type === "emailsClicked" || type === "emailsReplied" ? { relatedSentAtMs: now - prng.int(3_600_000, 86_400_000) } : {};
    const activity = recordActivity(data, { id: createPrefixedId({ prng, prefix: "act" }), type, createdAtMs: now, campaign, lead, ...email, ...related });
    added.push(eventOfActivity(activity));
  }
  return added;
}
