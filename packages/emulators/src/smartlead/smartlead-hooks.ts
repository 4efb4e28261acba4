import type { CanonicalEvent } from "@full-sync/shared";
import { json, Router, type Request } from "express";
import type { HookDelivery } from "../core/hook-dispatcher";
import { toIso } from "../core/parse-query";
import type { SmartleadData } from "./smartlead-model";

export interface SmartleadWebhook {
  id: number;
  campaignId: number;
  name: string;
  webhook_url: string;
  event_types: string[];
  categories: string[];
  /**
   * Emulator choice (the reference leaves open where Smartlead's secret_key comes from): set at registration, unless
   * the emulator was started with an account-wide `webhookSecretKey`, which then wins.
   */
  secret_key?: string;
}

export const SMARTLEAD_HOOK_ROUTES = ["POST /campaigns/:id/webhooks", "GET /campaigns/:id/webhooks", "DELETE /campaigns/:id/webhooks"];

const WEBHOOK_TYPE: Record<string, string> = {
  email_sent: "EMAIL_SENT",
  email_opened: "EMAIL_OPEN",
  email_clicked: "EMAIL_LINK_CLICK",
  email_replied: "EMAIL_REPLY",
  email_bounced: "EMAIL_BOUNCE",
  email_unsubscribed: "LEAD_UNSUBSCRIBED",
};

/** Per-campaign webhooks: `POST` (id null creates, a numeric id updates), `GET` lists, `DELETE` with `{id}` removes. */
export function createSmartleadHookRouter(options: { hooks: SmartleadWebhook[]; data: () => SmartleadData }): Router {
  const router = Router();
  router.use(json({ limit: "100kb" }));
  let nextId = 1;
  const campaignOf = (req: Request) => options.data().campaigns.find((c) => c.id === Number(req.params.id));
  const shown = ({ secret_key: _secret, campaignId: _campaign, ...hook }: SmartleadWebhook) => hook;
  router.post("/campaigns/:id/webhooks", (req, res) => {
    const campaign = campaignOf(req);
    if (!campaign) return void res.status(404).json({ message: "Campaign not found" });
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (typeof body.webhook_url !== "string" || !Array.isArray(body.event_types)) return void res.status(400).json({ message: "webhook_url and event_types are required" });
    const fields = {
      name: typeof body.name === "string" ? body.name : "webhook",
      webhook_url: body.webhook_url,
      event_types: body.event_types.map(String),
      categories: Array.isArray(body.categories) ? body.categories.map(String) : [],
      ...(typeof body.secret_key === "string" ? { secret_key: body.secret_key } : {}),
    };
    const existing = typeof body.id === "number" ? options.hooks.find((h) => h.id === body.id && h.campaignId === campaign.id) : undefined;
    if (existing) Object.assign(existing, fields);
    else options.hooks.push({ id: nextId++, campaignId: campaign.id, ...fields });
    res.json({ ok: true, data: shown(existing ?? (options.hooks.at(-1) as SmartleadWebhook)) });
  });
  router.get("/campaigns/:id/webhooks", (req, res) => void res.json(options.hooks.filter((h) => h.campaignId === Number(req.params.id)).map(shown)));
  router.delete("/campaigns/:id/webhooks", (req, res) => {
    const id = Number((req.body as Record<string, unknown> | undefined)?.id);
    const index = options.hooks.findIndex((h) => h.id === id && h.campaignId === Number(req.params.id));
    if (index < 0) return void res.status(404).json({ message: "Webhook not found" });
    options.hooks.splice(index, 1);
    res.json({ ok: true });
  });
  return router;
}

/** Each new event as the campaign's matching webhooks receive it (the help-center's flat shape). */
export function smartleadHookDeliveries(options: { hooks: SmartleadWebhook[]; data: SmartleadData; events: CanonicalEvent[]; accountSecretKey?: string }): HookDelivery[] {
  return options.events.flatMap((event) => {
    const type = WEBHOOK_TYPE[event.eventType];
    const campaign = options.data.campaigns.find((c) => String(c.id) === event.campaignId);
    const row = campaign?.rows.find((r) => r.statsId === event.activityId);
    if (!type || !campaign || !row) return [];
    return options.hooks
      .filter((hook) => hook.campaignId === campaign.id && hook.event_types.includes(type))
      .map((hook) => ({
        event,
        url: hook.webhook_url,
        body: {
          webhook_id: hook.id,
          webhook_name: hook.name,
          event_type: type,
          campaign_id: campaign.id,
          campaign_name: campaign.name,
          sl_email_lead_id: String(row.lead.leadId),
          sl_email_lead_map_id: row.lead.campaignLeadMapId,
          sl_lead_email: row.lead.recordEmail,
          stats_id: row.statsId,
          event_timestamp: event.occurredAt,
          to_email: row.lead.recordEmail,
          to_name: `${row.lead.person.firstName ?? ""} ${row.lead.person.lastName ?? ""}`.trim(),
          sequence_number: row.sequenceNumber,
          sent_message: { message_id: `<${row.statsId}@outbound.example.com>`, time: toIso(row.sentMs) },
          ...((options.accountSecretKey ?? hook.secret_key) ? { secret_key: options.accountSecretKey ?? hook.secret_key } : {}),
        },
      }));
  });
}
