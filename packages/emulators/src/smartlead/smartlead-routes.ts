import { Router, type Request, type Response } from "express";
import { apiContext } from "../core/create-api-pipeline";
import { paginate } from "../core/paginate";
import { firstQueryValue, readClampedInt, readDateParam } from "../core/parse-query";
import { countCampaignEngagement } from "./smartlead-analytics";
import type { SmartleadCampaign, SmartleadData, SmartleadStatsRow } from "./smartlead-model";
import { renderCampaign, renderCampaignLead, renderMessageHistory, renderStatsRow } from "./smartlead-records";

export const SMARTLEAD_ROUTES = [
  "GET /campaigns",
  "GET /campaigns/:id",
  "GET /campaigns/:id/leads",
  "GET /campaigns/:id/statistics",
  "GET /campaigns/:id/leads/:lead_id/message-history",
  "GET /campaigns/:id/analytics",
  "GET /campaigns/:id/analytics-by-date",
];

/** Documented limits: leads 1-100; statistics up to 1000 (our choice for the UNCONFIRMED max). Larger asks are clamped. */
export const SMARTLEAD_LEADS_MAX_LIMIT = 100;
export const SMARTLEAD_STATISTICS_MAX_LIMIT = 1000;
const DAY_MS = 86_400_000;

const STATUS_FILTERS: Record<string, (row: SmartleadStatsRow) => boolean> = {
  opened: (row) => row.openMs !== null,
  clicked: (row) => row.clickMs !== null,
  replied: (row) => row.replyMs !== null,
  bounced: (row) => row.bounced,
  unsubscribed: (row) => row.unsubscribed,
  sent: () => true,
};

export function createSmartleadRouter(options: { data: () => SmartleadData; statisticsMaxLimit?: number }): Router {
  const statisticsMax = Math.min(options.statisticsMaxLimit ?? SMARTLEAD_STATISTICS_MAX_LIMIT, SMARTLEAD_STATISTICS_MAX_LIMIT);
  const router = Router();
  const findCampaign = (req: Request): SmartleadCampaign | undefined => {
    const id = Number(req.params.id);
    return options.data().campaigns.find((campaign) => campaign.id === id);
  };
  const badRequest = (res: Response, message: string): void => void res.status(400).json({ message });

  router.get("/campaigns", (req, res) => {
    const clientId = firstQueryValue(req.query.client_id);
    const includeTags = firstQueryValue(req.query.include_tags) === "true";
    const campaigns = [...options.data().campaigns]
      .filter((campaign) => clientId === undefined || String(campaign.clientId) === clientId)
      .sort((a, b) => b.id - a.id)
      .map((campaign) => (includeTags ? { ...renderCampaign(campaign), tags: [] } : renderCampaign(campaign)));
    res.json(campaigns);
  });

  router.get("/campaigns/:id", (req, res) => {
    const campaign = findCampaign(req);
    res.json(campaign ? renderCampaign(campaign) : {});
  });

  router.get("/campaigns/:id/leads", (req, res) => {
    const offset = readClampedInt({ value: req.query.offset, fallback: 0, min: 0, max: Number.MAX_SAFE_INTEGER });
    const limit = readClampedInt({ value: req.query.limit, fallback: 100, min: 1, max: SMARTLEAD_LEADS_MAX_LIMIT });
    const campaign = findCampaign(req);
    if (!campaign) return void res.json({ total_leads: "0", offset, limit, data: [] });
    const createdAfter = readDateParam(req.query.created_at_gt);
    if (Number.isNaN(createdAfter)) return badRequest(res, "Invalid created_at_gt");
    const status = firstQueryValue(req.query.status);
    const rowsByLead = groupRowsByLead(campaign.rows);
    const rendered = campaign.leads
      .filter((lead) => createdAfter === undefined || lead.createdAtMs > createdAfter)
      .map((lead) => renderCampaignLead({ lead, rows: rowsByLead.get(lead.campaignLeadMapId) ?? [] }))
      .filter((lead) => status === undefined || lead.status === status);
    const data = paginate({ total: rendered.length, offset, limit, at: (index) => rendered[index]!, repeat: apiContext(res).takeRepeatItems() });
    res.json({ total_leads: String(rendered.length), offset, limit, data });
  });

  router.get("/campaigns/:id/statistics", (req, res) => {
    const offset = readClampedInt({ value: req.query.offset, fallback: 0, min: 0, max: Number.MAX_SAFE_INTEGER });
    const limit = readClampedInt({ value: req.query.limit, fallback: 100, min: 1, max: statisticsMax });
    const campaign = findCampaign(req);
    if (!campaign) return void res.json({ total_stats: "0", offset, limit, data: [] });
    const fromMs = readDateParam(req.query.sent_time_start_date);
    const toMs = readDateParam(req.query.sent_time_end_date);
    if (Number.isNaN(fromMs)) return badRequest(res, "Invalid sent_time_start_date");
    if (Number.isNaN(toMs)) return badRequest(res, "Invalid sent_time_end_date");
    const sequence = firstQueryValue(req.query.email_sequence_number);
    const statusName = firstQueryValue(req.query.email_status)?.toLowerCase();
    const statusFilter = statusName === undefined ? undefined : STATUS_FILTERS[statusName];
    if (statusName !== undefined && !statusFilter) return badRequest(res, "Invalid email_status");
    const filtered = fromMs === undefined && toMs === undefined && sequence === undefined && !statusFilter;
    const rows = filtered
      ? campaign.rows
      : campaign.rows.filter(
          (row) =>
            (fromMs === undefined || row.sentMs >= fromMs) &&
            (toMs === undefined || row.sentMs <= toMs) &&
            (sequence === undefined || String(row.sequenceNumber) === sequence) &&
            (!statusFilter || statusFilter(row)),
        );
    const data = paginate({ total: rows.length, offset, limit, at: (index) => renderStatsRow({ row: rows[index]!, campaign }), repeat: apiContext(res).takeRepeatItems() });
    res.json({ total_stats: String(rows.length), offset, limit, data });
  });

  router.get("/campaigns/:id/leads/:lead_id/message-history", (req, res) => {
    const campaign = findCampaign(req);
    const leadId = Number(req.params.lead_id);
    const lead = campaign?.leads.find((candidate) => candidate.leadId === leadId);
    if (!campaign || !lead) return void res.json({});
    const afterMs = readDateParam(req.query.event_time_gt);
    if (Number.isNaN(afterMs)) return badRequest(res, "Invalid event_time_gt");
    const rows = campaign.rows.filter((row) => row.lead === lead);
    res.json(renderMessageHistory({ rows, afterMs }));
  });

  router.get("/campaigns/:id/analytics", (req, res) => {
    const campaign = findCampaign(req);
    if (!campaign) return void res.json({});
    const { id, user_id, created_at, status, name } = renderCampaign(campaign);
    const rowsByLead = groupRowsByLead(campaign.rows);
    res.json({
      id,
      user_id,
      created_at,
      status,
      name,
      ...countCampaignEngagement({ campaign }),
      total_count: String(campaign.leads.length),
      drafted_count: "0",
      block_count: "0",
      campaign_lead_stats: {
        total: campaign.leads.length,
        notStarted: campaign.leads.filter((lead) => !rowsByLead.has(lead.campaignLeadMapId)).length,
        inprogress: campaign.leads.filter((lead) => rowsByLead.has(lead.campaignLeadMapId)).length,
      },
    });
  });

  router.get("/campaigns/:id/analytics-by-date", (req, res) => {
    const start = firstQueryValue(req.query.start_date);
    const end = firstQueryValue(req.query.end_date);
    const datePattern = /^\d{4}-\d{2}-\d{2}$/;
    if (!start || !end || !datePattern.test(start) || !datePattern.test(end)) return badRequest(res, "start_date and end_date are required (YYYY-MM-DD)");
    const fromMs = Date.parse(`${start}T00:00:00.000Z`);
    const toMs = Date.parse(`${end}T00:00:00.000Z`) + DAY_MS - 1;
    if (!(toMs > fromMs) || toMs - fromMs > 31 * DAY_MS) return badRequest(res, "The date range must be between 1 and 31 days");
    const campaign = findCampaign(req);
    if (!campaign) return void res.json({});
    const { id, user_id, created_at, status, name } = renderCampaign(campaign);
    res.json({ id, user_id, created_at, status, name, start_date: start, end_date: end, ...countCampaignEngagement({ campaign, fromMs, toMs }) });
  });

  return router;
}

function groupRowsByLead(rows: SmartleadStatsRow[]): Map<number, SmartleadStatsRow[]> {
  const byLead = new Map<number, SmartleadStatsRow[]>();
  for (const row of rows) {
    const list = byLead.get(row.lead.campaignLeadMapId);
    if (list) list.push(row);
    else byLead.set(row.lead.campaignLeadMapId, [row]);
  }
  return byLead;
}
