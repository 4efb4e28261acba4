import { Router, type Request } from "express";
import { apiContext } from "../core/create-api-pipeline";
import { paginate } from "../core/paginate";
import { firstQueryValue, readClampedInt, toIso } from "../core/parse-query";
import { LEMLIST_MESSAGES, sendLemlistText } from "./lemlist-behaviour";
import type { LemlistCampaign, LemlistData } from "./lemlist-model";
import { renderActivity, renderCampaign } from "./lemlist-records";
import { readActivityFilters, selectActivities } from "./list-activities";

export const LEMLIST_ROUTES = ["GET /team", "GET /campaigns", "GET /activities", "GET /campaigns/:campaignId/stats", "GET /unsubscribes", "GET /leads/:email"];
export const LEMLIST_MAX_LIMIT = 100;

export function createLemlistRouter(options: { data: () => LemlistData }): Router {
  const router = Router();
  const readPaging = (req: Request) => ({
    offset: readClampedInt({ value: req.query.offset, fallback: 0, min: 0, max: Number.MAX_SAFE_INTEGER }),
    limit: readClampedInt({ value: req.query.limit, fallback: LEMLIST_MAX_LIMIT, min: 1, max: LEMLIST_MAX_LIMIT }),
  });
  const campaignsNewestFirst = (): LemlistCampaign[] => [...options.data().campaigns].sort((a, b) => b.createdAtMs - a.createdAtMs);

  router.get("/team", (_req, res) => {
    const data = options.data();
    res.json({ _id: data.teamId, name: data.teamName, userIds: data.users.map((user) => user.id), createdAt: toIso(data.teamCreatedAtMs), beta: [], invitedUsers: [] });
  });

  router.get("/campaigns", (req, res) => {
    const campaigns = campaignsNewestFirst();
    const repeat = apiContext(res).takeRepeatItems();
    if (firstQueryValue(req.query.version) === "v2") {
      const limit = readClampedInt({ value: req.query.limit, fallback: LEMLIST_MAX_LIMIT, min: 1, max: LEMLIST_MAX_LIMIT });
      const page = readClampedInt({ value: req.query.page, fallback: 1, min: 1, max: Number.MAX_SAFE_INTEGER });
      const totalPage = Math.max(1, Math.ceil(campaigns.length / limit));
      const items = paginate({ total: campaigns.length, offset: (page - 1) * limit, limit, at: (index) => renderCampaign(campaigns[index]!), repeat });
      // The documented quirk: on the last page nextPage equals currentPage, so following nextPage never ends.
      const pagination = { totalRecords: campaigns.length, currentPage: page, nextPage: page < totalPage ? page + 1 : page, totalPage };
      return void res.json({ campaigns: items, pagination });
    }
    const { offset, limit } = readPaging(req);
    res.json(paginate({ total: campaigns.length, offset, limit, at: (index) => renderCampaign(campaigns[index]!), repeat }));
  });

  router.get("/activities", (req, res) => {
    const filters = readActivityFilters(req.query);
    if (typeof filters === "string") return sendLemlistText(res, 400, filters);
    const data = options.data();
    const version = firstQueryValue(req.query.version) === "v2" ? "v2" : "v1";
    const { offset, limit } = readPaging(req);
    const view = selectActivities({ data, filters });
    const page = paginate({ total: view.total, offset, limit, at: (index) => view.at(index), repeat: apiContext(res).takeRepeatItems() });
    res.json(page.map((activity) => renderActivity({ activity, data, version })));
  });

  router.get("/campaigns/:campaignId/stats", (req, res) => {
    const data = options.data();
    const campaign = data.campaigns.find((candidate) => candidate.id === req.params.campaignId);
    if (!campaign) return sendLemlistText(res, 404, LEMLIST_MESSAGES.campaignNotFound);
    const filters = readActivityFilters({ minDate: req.query.startDate, maxDate: req.query.endDate });
    if (typeof filters === "string") return sendLemlistText(res, 400, filters.replace("minDate", "startDate").replace("maxDate", "endDate"));
    const view = selectActivities({ data, filters: { ...filters, campaignId: campaign.id } });
    const distinct = new Map<string, Set<string>>();
    for (let index = 0; index < view.total; index += 1) {
      const activity = view.at(index);
      const set = distinct.get(activity.type) ?? new Set<string>();
      set.add(activity.emailId ?? activity.id);
      distinct.set(activity.type, set);
    }
    const count = (type: string): number => distinct.get(type)?.size ?? 0;
    res.json({
      leadTotal: campaign.leads.length,
      sentCount: count("emailsSent"),
      deliveredCount: count("emailsSent") - count("emailsBounced"),
      openedCount: count("emailsOpened"),
      clickedCount: count("emailsClicked"),
      repliedCount: count("emailsReplied"),
      bouncedCount: count("emailsBounced"),
      unsubscribedCount: count("emailsUnsubscribed"),
      interestedCount: count("emailsInterested"),
      notInterestedCount: count("emailsNotInterested"),
    });
  });

  router.get("/unsubscribes", (req, res) => {
    const data = options.data();
    const { offset, limit } = readPaging(req);
    const unsubscribes = data.activities.filter((activity) => activity.type === "emailsUnsubscribed");
    const render = (index: number) => {
      const activity = unsubscribes[index]!;
      return { _id: `uns_${activity.id.slice(4)}`, email: activity.lead.person.email };
    };
    res.json(paginate({ total: unsubscribes.length, offset, limit, at: render, repeat: apiContext(res).takeRepeatItems() }));
  });

  router.get("/leads/:email", (req, res) => {
    const email = String(req.params.email).trim().toLowerCase();
    const records = options
      .data()
      .campaigns.flatMap((campaign) => campaign.leads.filter((lead) => lead.person.email === email).map((lead) => ({ campaign, lead })))
      .map(({ campaign, lead }) => ({
        _id: lead.leadId,
        contactId: lead.contactId,
        email: lead.recordEmail,
        firstName: lead.person.firstName,
        lastName: lead.person.lastName,
        companyName: lead.person.companyName,
        ...lead.variables,
        campaignId: campaign.id,
        campaignName: campaign.name,
        state: lead.state,
        isPaused: lead.isPaused,
      }));
    if (records.length === 0) return sendLemlistText(res, 404, LEMLIST_MESSAGES.leadNotFound);
    res.json(records);
  });

  return router;
}
