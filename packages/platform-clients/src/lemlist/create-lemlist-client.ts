import { createPlatformHttp } from "../http/create-platform-http";
import { readListBody, readRecordBody } from "../http/read-list-body";
import type { Page, PageOptions } from "../pagination/page";
import { paginateByOffset } from "../pagination/paginate-by-offset";
import type { PlatformClientOptions } from "../platform-client-options";
import type { LemlistActivity, LemlistActivityFilters, LemlistCampaign, LemlistCampaignStats, LemlistDate, LemlistTeam } from "./lemlist-types";

/** A registered hook as `GET /hooks` lists it. */
export interface LemlistHook {
  _id: string;
  targetUrl: string;
  type?: string | null;
  campaignId?: string | null;
  createdAt?: string | null;
}

export interface LemlistClient {
  getTeam(): Promise<LemlistTeam | undefined>;
  /** `POST /hooks`: Lemlist echoes `secret` in every delivery (it signs nothing). */
  createHook(hook: { targetUrl: string; secret?: string; type?: string; campaignId?: string }): Promise<LemlistHook>;
  listHooks(): Promise<LemlistHook[]>;
  deleteHook(hookId: string): Promise<void>;
  /** v1 offset/limit paging (v2's page paging never ends: its last page has nextPage == currentPage). */
  campaignPages(options?: PageOptions): AsyncGenerator<Page<LemlistCampaign>, void, undefined>;
  /** Every campaign; campaigns are few, so this one listing is collected. */
  listCampaigns(): Promise<LemlistCampaign[]>;
  /** Activities v2, newest first; a page shorter than the limit ends the listing. */
  activityPages(options?: PageOptions & LemlistActivityFilters): AsyncGenerator<Page<LemlistActivity>, void, undefined>;
  getCampaignStats(options: {
    campaignId: string;
    startDate?: LemlistDate;
    endDate?: LemlistDate;
    timezone?: string;
  }): Promise<LemlistCampaignStats | undefined>;
}

export const LEMLIST_MAX_PAGE = 100;

/**
 * Lemlist API client: HTTP Basic with an empty user name and the key as password (a key given as the user
 * name counts as missing), text/plain errors, HTML for unknown routes.
 */
export function createLemlistClient(options: PlatformClientOptions): LemlistClient {
  const http = createPlatformHttp({
    ...options,
    platform: "lemlist",
    auth: { headers: { Authorization: `Basic ${Buffer.from(`:${options.apiKey}`).toString("base64")}` } },
    secrets: [options.apiKey],
  });

  const client: LemlistClient = {
    async getTeam() {
      return readRecordBody<LemlistTeam>(await http.getJson("/team"));
    },

    async createHook(hook) {
      return (await http.send({ method: "POST", path: "/hooks", body: hook })).body as LemlistHook;
    },

    async listHooks() {
      return readListBody<LemlistHook>({ body: await http.getJson("/hooks") }).items;
    },

    async deleteHook(hookId) {
      await http.send({ method: "DELETE", path: `/hooks/${encodeURIComponent(hookId)}` });
    },

    campaignPages({ offset, limit = LEMLIST_MAX_PAGE } = {}) {
      return paginateByOffset<LemlistCampaign>({
        offset,
        limit: Math.min(limit, LEMLIST_MAX_PAGE),
        endWhen: "short-page",
        idOf: (campaign) => campaign._id,
        fetchPage: async (pageOffset, pageLimit) =>
          readListBody({ body: await http.getJson("/campaigns", { offset: pageOffset, limit: pageLimit }) }),
      });
    },

    async listCampaigns() {
      const campaigns: LemlistCampaign[] = [];
      for await (const page of client.campaignPages()) campaigns.push(...page.items);
      return campaigns;
    },

    activityPages({ offset, limit = LEMLIST_MAX_PAGE, ...filters } = {}) {
      return paginateByOffset<LemlistActivity>({
        offset,
        limit: Math.min(limit, LEMLIST_MAX_PAGE),
        endWhen: "short-page",
        idOf: (activity) => (typeof activity._id === "string" ? activity._id : undefined),
        fetchPage: async (pageOffset, pageLimit) =>
          readListBody({
            body: await http.getJson("/activities", {
              version: "v2",
              offset: pageOffset,
              limit: pageLimit,
              type: filters.type,
              campaignId: filters.campaignId,
              leadId: filters.leadId,
              isFirst: filters.isFirst,
              minDate: formatLemlistDate(filters.minDate),
              maxDate: formatLemlistDate(filters.maxDate),
            }),
          }),
      });
    },

    async getCampaignStats({ campaignId, startDate, endDate, timezone }) {
      const body = await http.getJson(`/campaigns/${encodeURIComponent(campaignId)}/stats`, {
        startDate: formatLemlistDate(startDate),
        endDate: formatLemlistDate(endDate),
        timezone,
      });
      return readRecordBody<LemlistCampaignStats>(body);
    },
  };
  return client;
}

function formatLemlistDate(value: LemlistDate | undefined): string | number | undefined {
  return value instanceof Date ? value.toISOString() : value;
}
