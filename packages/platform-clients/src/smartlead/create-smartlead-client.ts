import { createPlatformHttp } from "../http/create-platform-http";
import { readListBody, readRecordBody } from "../http/read-list-body";
import type { Page, PageOptions } from "../pagination/page";
import { paginateByOffset } from "../pagination/paginate-by-offset";
import type { PlatformClientOptions } from "../platform-client-options";
import { formatSmartleadDate } from "./format-smartlead-date";
import type {
  SmartleadAnalytics,
  SmartleadCampaign,
  SmartleadCampaignLead,
  SmartleadLeadFilters,
  SmartleadMessageHistory,
  SmartleadStatisticsFilters,
  SmartleadStatisticsRow,
} from "./smartlead-types";

export type SmartleadCampaignId = number | string;

/** A campaign's webhook as `GET /campaigns/{id}/webhooks` lists it. */
export interface SmartleadWebhook {
  id: number;
  name?: string | null;
  webhook_url: string;
  event_types?: string[] | null;
  categories?: string[] | null;
}

export interface SmartleadClient {
  /** `POST /campaigns/{id}/webhooks` with `id: null` (creates). */
  createCampaignWebhook(campaignId: SmartleadCampaignId, webhook: { name: string; webhook_url: string; event_types: string[]; categories?: string[]; secret_key?: string }): Promise<void>;
  listCampaignWebhooks(campaignId: SmartleadCampaignId): Promise<SmartleadWebhook[]>;
  deleteCampaignWebhook(campaignId: SmartleadCampaignId, webhookId: number): Promise<void>;
  /** Every campaign (the API does not paginate them), newest id first as the platform sends them. */
  listCampaigns(options?: { clientId?: number | string; includeTags?: boolean }): Promise<SmartleadCampaign[]>;
  /** undefined when the platform answers `{}` or an empty body. */
  getCampaign(campaignId: SmartleadCampaignId): Promise<SmartleadCampaign | undefined>;
  campaignLeadPages(
    options: { campaignId: SmartleadCampaignId } & PageOptions & SmartleadLeadFilters,
  ): AsyncGenerator<Page<SmartleadCampaignLead>, void, undefined>;
  statisticsPages(
    options: { campaignId: SmartleadCampaignId } & PageOptions & SmartleadStatisticsFilters,
  ): AsyncGenerator<Page<SmartleadStatisticsRow>, void, undefined>;
  /** `leadId` is `lead.id`, not `campaign_lead_map_id`. */
  getMessageHistory(options: {
    campaignId: SmartleadCampaignId;
    leadId: number | string;
    eventTimeGt?: string;
  }): Promise<SmartleadMessageHistory | undefined>;
  getAnalytics(campaignId: SmartleadCampaignId): Promise<SmartleadAnalytics | undefined>;
  /** Dates as YYYY-MM-DD; the platform accepts at most about a month per call. */
  getAnalyticsByDate(options: {
    campaignId: SmartleadCampaignId;
    startDate: string;
    endDate: string;
  }): Promise<SmartleadAnalytics | undefined>;
}

export const SMARTLEAD_MAX_LEADS_PAGE = 100;
export const SMARTLEAD_DEFAULT_STATISTICS_PAGE = 100;

/** Smartlead API client: api_key in the query, JSON errors, string totals, `{}` for missing objects. */
export function createSmartleadClient(options: PlatformClientOptions): SmartleadClient {
  const http = createPlatformHttp({
    ...options,
    platform: "smartlead",
    auth: { params: { api_key: options.apiKey } },
    secrets: [options.apiKey],
  });
  const campaignPath = (id: SmartleadCampaignId) => `/campaigns/${encodeURIComponent(String(id))}`;

  return {
    async createCampaignWebhook(campaignId, webhook) {
      await http.send({ method: "POST", path: `${campaignPath(campaignId)}/webhooks`, body: { id: null, categories: [], ...webhook } });
    },

    async listCampaignWebhooks(campaignId) {
      return readListBody<SmartleadWebhook>({ body: await http.getJson(`${campaignPath(campaignId)}/webhooks`) }).items;
    },

    async deleteCampaignWebhook(campaignId, webhookId) {
      await http.send({ method: "DELETE", path: `${campaignPath(campaignId)}/webhooks`, body: { id: webhookId } });
    },

    async listCampaigns({ clientId, includeTags } = {}) {
      const body = await http.getJson("/campaigns", { client_id: clientId, include_tags: includeTags });
      return readListBody<SmartleadCampaign>({ body }).items;
    },

    async getCampaign(campaignId) {
      return readRecordBody<SmartleadCampaign>(await http.getJson(campaignPath(campaignId)));
    },

    campaignLeadPages({ campaignId, offset, limit = SMARTLEAD_MAX_LEADS_PAGE, ...filters }) {
      return paginateByOffset<SmartleadCampaignLead>({
        offset,
        limit: Math.min(limit, SMARTLEAD_MAX_LEADS_PAGE),
        endWhen: "total",
        idOf: (row) => idString(row.campaign_lead_map_id ?? row.lead?.id),
        fetchPage: async (pageOffset, pageLimit) =>
          readListBody({
            body: await http.getJson(`${campaignPath(campaignId)}/leads`, {
              offset: pageOffset,
              limit: pageLimit,
              status: filters.status,
              created_at_gt: filters.createdAtGt,
              last_sent_time_gt: filters.lastSentTimeGt,
              event_time_gt: filters.eventTimeGt,
            }),
            itemsField: "data",
            totalField: "total_leads",
          }),
      });
    },

    statisticsPages({ campaignId, offset, limit = SMARTLEAD_DEFAULT_STATISTICS_PAGE, ...filters }) {
      return paginateByOffset<SmartleadStatisticsRow>({
        offset,
        limit,
        endWhen: "total",
        idOf: (row) => idString(row.stats_id),
        fetchPage: async (pageOffset, pageLimit) =>
          readListBody({
            body: await http.getJson(`${campaignPath(campaignId)}/statistics`, {
              offset: pageOffset,
              limit: pageLimit,
              sent_time_start_date: formatSmartleadDate(filters.sentTimeStartDate),
              sent_time_end_date: formatSmartleadDate(filters.sentTimeEndDate),
              email_sequence_number: filters.emailSequenceNumber,
              email_status: filters.emailStatus,
            }),
            itemsField: "data",
            totalField: "total_stats",
          }),
      });
    },

    async getMessageHistory({ campaignId, leadId, eventTimeGt }) {
      const body = await http.getJson(
        `${campaignPath(campaignId)}/leads/${encodeURIComponent(String(leadId))}/message-history`,
        { event_time_gt: eventTimeGt },
      );
      const record = readRecordBody<SmartleadMessageHistory>(body);
      if (!record) return undefined;
      return { ...record, history: readListBody<SmartleadMessageHistory["history"][number]>({ body: record.history }).items };
    },

    async getAnalytics(campaignId) {
      return readRecordBody<SmartleadAnalytics>(await http.getJson(`${campaignPath(campaignId)}/analytics`));
    },

    async getAnalyticsByDate({ campaignId, startDate, endDate }) {
      const body = await http.getJson(`${campaignPath(campaignId)}/analytics-by-date`, {
        start_date: startDate,
        end_date: endDate,
      });
      return readRecordBody<SmartleadAnalytics>(body);
    },
  };
}

function idString(value: unknown): string | undefined {
  return typeof value === "string" || typeof value === "number" ? String(value) : undefined;
}
