import { unsubscribeTimeOf, type SmartleadCampaign } from "./smartlead-model";

/** Counts of a campaign's engagement, as strings the way Smartlead sends them; optionally only events in [fromMs, toMs]. */
export function countCampaignEngagement(options: { campaign: SmartleadCampaign; fromMs?: number; toMs?: number }): Record<string, string> {
  const inRange = (ms: number | null): ms is number => ms !== null && (options.fromMs === undefined || ms >= options.fromMs) && (options.toMs === undefined || ms <= options.toMs);
  let sent = 0;
  let opens = 0;
  let uniqueOpens = 0;
  let clicks = 0;
  let uniqueClicks = 0;
  let replies = 0;
  let bounces = 0;
  let unsubscribes = 0;
  const sentLeads = new Set<number>();
  for (const row of options.campaign.rows) {
    if (inRange(row.sentMs)) {
      sent += 1;
      sentLeads.add(row.lead.campaignLeadMapId);
      if (row.bounced) bounces += 1;
    }
    if (inRange(row.openMs)) {
      uniqueOpens += 1;
      opens += row.openCount;
    }
    if (inRange(row.clickMs)) {
      uniqueClicks += 1;
      clicks += row.clickCount;
    }
    if (inRange(row.replyMs)) replies += 1;
    if (row.unsubscribed && inRange(unsubscribeTimeOf(row))) unsubscribes += 1;
  }
  return {
    sent_count: String(sent),
    unique_sent_count: String(sentLeads.size),
    open_count: String(opens),
    unique_open_count: String(uniqueOpens),
    click_count: String(clicks),
    unique_click_count: String(uniqueClicks),
    reply_count: String(replies),
    bounce_count: String(bounces),
    unsubscribed_count: String(unsubscribes),
  };
}
