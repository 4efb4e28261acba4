import { createPrng, type Prng } from "../core/create-prng";
import { createPerson, messUpEmail, personIndexForSlot } from "../core/generate-people";
import { DAY_MS } from "../core/history-span";
import { createPrefixedId } from "../core/random-ids";
import { recordActivity, type LemlistActivity, type LemlistCampaign, type LemlistData, type LemlistLead } from "./lemlist-model";

type DraftActivity = Omit<LemlistActivity, "isFirst" | "order"> & { draftOrder: number };

const HOUR_MS = 3_600_000;
const STATUSES = ["running", "running", "running", "paused", "ended"] as const;
const JOB_TITLES = ["CTO", "Head of Sales", "Founder", "VP Marketing", "Engineer"];

/**
 * The whole Lemlist team, generated as truth first: campaigns, leads, and every activity with its time. Records are
 * rendered from it on demand; canonical events come straight from the activities.
 */
export function generateLemlistData(options: { seed: number; campaigns: number; leadsPerCampaign: number; startMs: number; endMs: number }): LemlistData {
  const prng = createPrng({ seed: options.seed, stream: 21 });
  const data: LemlistData = {
    teamId: createPrefixedId({ prng, prefix: "tea" }),
    teamName: "Full Sync Demo Team",
    users: [0, 1].map((n) => ({ id: createPrefixedId({ prng, prefix: "usr" }), email: `sender${n + 1}@outbound.example.com` })),
    teamCreatedAtMs: options.startMs - 400 * DAY_MS,
    campaigns: [],
    activities: [],
    seenTypes: new Set(),
    nextOrder: 0,
  };
  const leadIds = new Map<number, { leadId: string; contactId: string }>();
  const drafts: DraftActivity[] = [];
  for (let c = 0; c < options.campaigns; c += 1) {
    const steps = 3;
    const campaign: LemlistCampaign = {
      id: createPrefixedId({ prng, prefix: "cam" }),
      name: `Lemlist sequence ${c + 1}`,
      status: prng.pick(STATUSES),
      createdAtMs: options.startMs - (options.campaigns - c) * DAY_MS + prng.int(0, HOUR_MS),
      sequenceId: createPrefixedId({ prng, prefix: "seq" }),
      hasStepIds: c % 2 === 1,
      stepIds: Array.from({ length: steps }, () => createPrefixedId({ prng, prefix: "stp" })),
      templateIds: Array.from({ length: steps }, () => createPrefixedId({ prng, prefix: "etp" })),
      leads: [],
    };
    data.campaigns.push(campaign);
    for (let slot = 0; slot < options.leadsPerCampaign; slot += 1) {
      const personIndex = personIndexForSlot({ campaign: c, slot, leadsPerCampaign: options.leadsPerCampaign, prng });
      const person = createPerson({ index: personIndex, seed: options.seed });
      let ids = leadIds.get(personIndex);
      if (!ids) {
        ids = { leadId: createPrefixedId({ prng, prefix: "lea" }), contactId: createPrefixedId({ prng, prefix: "ctc" }) };
        leadIds.set(personIndex, ids);
      }
      const lead: LemlistLead = {
        ...ids,
        person,
        recordEmail: prng.chance(0.08) ? messUpEmail({ email: person.email, prng }) : person.email,
        variables: prng.chance(0.3) ? { jobTitle: prng.pick(JOB_TITLES) } : {},
        state: "scanned",
        isPaused: false,
      };
      campaign.leads.push(lead);
      generateLeadActivities({ prng, campaign, lead, steps, startMs: options.startMs, endMs: options.endMs, drafts });
    }
  }
  drafts.sort((a, b) => a.createdAtMs - b.createdAtMs || a.draftOrder - b.draftOrder);
  for (const { draftOrder: _draftOrder, ...draft } of drafts) recordActivity(data, draft);
  return data;
}

function generateLeadActivities(options: { prng: Prng; campaign: LemlistCampaign; lead: LemlistLead; steps: number; startMs: number; endMs: number; drafts: DraftActivity[] }): void {
  const { prng, campaign, lead, drafts } = options;
  const add = (type: string, createdAtMs: number, extra: Partial<LemlistActivity> = {}): void => {
    drafts.push({ id: createPrefixedId({ prng, prefix: "act" }), type, createdAtMs, campaign, lead, ...extra, draftOrder: drafts.length });
  };
  if (prng.chance(0.08)) return;
  // A day of margin so LinkedIn steps before the first email stay inside the span.
  const earliest = Math.min(options.startMs + DAY_MS, options.endMs);
  let sentMs = prng.int(earliest, Math.max(earliest, options.endMs - 14 * DAY_MS));
  if (prng.chance(0.2)) add("linkedinVisitDone", sentMs - prng.int(HOUR_MS, DAY_MS));
  if (prng.chance(0.1)) add("linkedinInviteDone", sentMs - prng.int(60_000, HOUR_MS), { sequenceStep: 0 });
  const stepCount = prng.int(1, options.steps);
  for (let step = 0; step < stepCount; step += 1) {
    if (prng.chance(0.02)) {
      add("emailsFailed", sentMs, { sequenceStep: step });
      return;
    }
    const emailId = createPrefixedId({ prng, prefix: "eml" });
    const email = { sequenceStep: step, emailId };
    add("emailsSent", sentMs, email);
    if (prng.chance(0.04)) {
      add("emailsBounced", sentMs + prng.int(60_000, 600_000), email);
      return;
    }
    let engagedMs = sentMs;
    if (prng.chance(0.55)) {
      const opens = prng.int(1, 3);
      for (let open = 0; open < opens; open += 1) {
        engagedMs += prng.int(5 * 60_000, 12 * HOUR_MS);
        add("emailsOpened", engagedMs, { ...email, relatedSentAtMs: sentMs });
      }
      if (prng.chance(0.3)) {
        const clicks = prng.int(1, 2);
        for (let click = 0; click < clicks; click += 1) {
          engagedMs += prng.int(1_000, 6 * HOUR_MS);
          add("emailsClicked", engagedMs, { ...email, relatedSentAtMs: sentMs });
        }
      }
      if (prng.chance(0.12)) {
        engagedMs += prng.int(60_000, DAY_MS);
        add("emailsReplied", engagedMs, { ...email, relatedSentAtMs: sentMs });
        if (prng.chance(0.5)) add(prng.chance(0.7) ? "emailsInterested" : "emailsNotInterested", engagedMs + prng.int(60_000, HOUR_MS));
        return;
      }
    }
    if (prng.chance(0.03)) {
      add("emailsUnsubscribed", engagedMs + prng.int(60_000, HOUR_MS), { ...email, relatedSentAtMs: sentMs });
      return;
    }
    if (prng.chance(0.04)) {
      const pausedMs = engagedMs + prng.int(HOUR_MS, DAY_MS);
      add("paused", pausedMs);
      add("resumed", pausedMs + prng.int(HOUR_MS, DAY_MS));
    }
    sentMs += prng.int(3 * DAY_MS, 4 * DAY_MS);
  }
}
