import { createPrng, type Prng } from "../core/create-prng";
import { createPerson, messUpEmail, personIndexForSlot } from "../core/generate-people";
import { DAY_MS } from "../core/history-span";
import { createUuidLike } from "../core/random-ids";
import { compareStatsRows, type SmartleadCampaign, type SmartleadCampaignLead, type SmartleadData, type SmartleadStatsRow } from "./smartlead-model";

const HOUR_MS = 3_600_000;
const STATUSES = ["ACTIVE", "ACTIVE", "ACTIVE", "PAUSED", "COMPLETED"] as const;

/**
 * The whole Smartlead account, generated as truth first (who was sent what, when, and how they engaged); records
 * are rendered from it on demand.
 */
export function generateSmartleadData(options: { seed: number; campaigns: number; leadsPerCampaign: number; startMs: number; endMs: number }): SmartleadData {
  const prng = createPrng({ seed: options.seed, stream: 11 });
  const userId = 10_000 + (options.seed % 9_000);
  let nextMapId = 2_433_664_091;
  const campaigns: SmartleadCampaign[] = [];
  for (let c = 0; c < options.campaigns; c += 1) {
    const campaign: SmartleadCampaign = {
      id: 1_200_000 + (c + 1) * 17,
      name: `Outbound wave ${c + 1}`,
      status: prng.pick(STATUSES),
      createdAtMs: options.startMs - (options.campaigns - c) * DAY_MS + prng.int(0, HOUR_MS),
      userId,
      clientId: c % 3 === 2 ? 501 : null,
      leads: [],
      rows: [],
    };
    for (let slot = 0; slot < options.leadsPerCampaign; slot += 1) {
      const personIndex = personIndexForSlot({ campaign: c, slot, leadsPerCampaign: options.leadsPerCampaign, prng });
      const person = createPerson({ index: personIndex, seed: options.seed });
      const lead: SmartleadCampaignLead = {
        campaignLeadMapId: nextMapId,
        leadId: 2_995_276_770 + personIndex * 13,
        person,
        recordEmail: prng.chance(0.08) ? messUpEmail({ email: person.email, prng }) : person.email,
        createdAtMs: campaign.createdAtMs + prng.int(0, DAY_MS),
        categoryId: null,
      };
      nextMapId += prng.int(1, 5);
      campaign.leads.push(lead);
      campaign.rows.push(...generateLeadRows({ prng, lead, startMs: options.startMs, endMs: options.endMs }));
    }
    campaign.rows.sort(compareStatsRows);
    campaigns.push(campaign);
  }
  return { campaigns, userId };
}

/** Up to three emails of the sequence, each with its engagement; a bounce or unsubscribe ends the sequence. */
function generateLeadRows(options: { prng: Prng; lead: SmartleadCampaignLead; startMs: number; endMs: number }): SmartleadStatsRow[] {
  const { prng, lead } = options;
  const rows: SmartleadStatsRow[] = [];
  if (prng.chance(0.08)) return rows;
  const steps = prng.int(1, 3);
  const latestFirstSend = Math.max(options.startMs, options.endMs - 14 * DAY_MS);
  let sentMs = prng.int(options.startMs, latestFirstSend);
  for (let step = 1; step <= steps; step += 1) {
    const row = generateRow({ prng, lead, sequenceNumber: step, sentMs });
    rows.push(row);
    if (row.bounced || row.unsubscribed || row.replyMs !== null) break;
    sentMs += prng.int(2 * DAY_MS, 4 * DAY_MS);
  }
  return rows;
}

export function generateRow(options: { prng: Prng; lead: SmartleadCampaignLead; sequenceNumber: number; sentMs: number; quiet?: boolean }): SmartleadStatsRow {
  const { prng, sentMs } = options;
  const row: SmartleadStatsRow = {
    statsId: createUuidLike({ prng }),
    lead: options.lead,
    sequenceNumber: options.sequenceNumber,
    sentMs,
    openMs: null,
    clickMs: null,
    replyMs: null,
    openCount: 0,
    clickCount: 0,
    bounced: false,
    unsubscribed: false,
  };
  if (options.quiet) return row;
  if (prng.chance(0.04)) {
    row.bounced = true;
    return row;
  }
  if (prng.chance(0.55)) {
    row.openMs = sentMs + prng.int(5 * 60_000, 2 * DAY_MS);
    row.openCount = prng.int(1, 4);
    if (prng.chance(0.3)) {
      row.clickMs = row.openMs + prng.int(1_000, DAY_MS);
      row.clickCount = prng.int(1, 2);
    }
    if (prng.chance(0.15)) row.replyMs = (row.clickMs ?? row.openMs) + prng.int(60_000, 2 * DAY_MS);
  }
  if (prng.chance(0.03)) row.unsubscribed = true;
  return row;
}
