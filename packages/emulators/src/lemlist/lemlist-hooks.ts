import type { CanonicalEvent } from "@full-sync/shared";
import { json, Router } from "express";
import type { HookDelivery } from "../core/hook-dispatcher";
import type { Prng } from "../core/create-prng";
import { createPrefixedId } from "../core/random-ids";
import type { LemlistData } from "./lemlist-model";
import { renderActivity } from "./lemlist-records";

export interface LemlistHook {
  _id: string;
  targetUrl: string;
  type?: string;
  campaignId?: string;
  secret?: string;
  createdAt: string;
}

export const LEMLIST_HOOK_ROUTES = ["POST /hooks", "GET /hooks", "DELETE /hooks/:hookId"];

/** `POST /hooks`, `GET /hooks`, `DELETE /hooks/{id}` as the reference describes them (the secret is never listed). */
export function createLemlistHookRouter(options: { hooks: LemlistHook[]; prng: Prng }): Router {
  const router = Router();
  router.use(json({ limit: "100kb" }));
  const shown = ({ secret: _secret, ...hook }: LemlistHook) => hook;
  router.post("/hooks", (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (typeof body.targetUrl !== "string" || !/^https?:\/\//.test(body.targetUrl)) return void res.status(400).type("text/plain").send("targetUrl is required");
    const hook: LemlistHook = { _id: createPrefixedId({ prng: options.prng, prefix: "hoo" }), targetUrl: body.targetUrl, createdAt: new Date().toISOString() };
    if (typeof body.type === "string") hook.type = body.type;
    if (typeof body.campaignId === "string") hook.campaignId = body.campaignId;
    if (typeof body.secret === "string") hook.secret = body.secret;
    options.hooks.push(hook);
    res.json(shown(hook));
  });
  router.get("/hooks", (_req, res) => void res.json(options.hooks.map(shown)));
  router.delete("/hooks/:hookId", (req, res) => {
    const index = options.hooks.findIndex((hook) => hook._id === req.params.hookId);
    if (index < 0) return void res.status(404).type("text/plain").send("Hook not found");
    const [removed] = options.hooks.splice(index, 1);
    res.json(shown(removed as LemlistHook));
  });
  return router;
}

/** Each new activity as every matching hook receives it: the API's activity object, with the hook's secret echoed. */
export function lemlistHookDeliveries(options: { hooks: LemlistHook[]; data: LemlistData; events: CanonicalEvent[] }): HookDelivery[] {
  const byId = new Map(options.data.activities.map((activity) => [activity.id, activity]));
  return options.events.flatMap((event) => {
    const activity = event.activityId ? byId.get(event.activityId) : undefined;
    if (!activity) return [];
    return options.hooks
      .filter((hook) => (!hook.type || hook.type === activity.type) && (!hook.campaignId || hook.campaignId === activity.campaign.id))
      .map((hook) => ({ event, url: hook.targetUrl, body: { ...renderActivity({ activity, data: options.data, version: "v1" }), ...(hook.secret ? { secret: hook.secret } : {}) } }));
  });
}
