import { randomBytes } from "node:crypto";
import {
  AppError,
  findNamespaceOrThrow,
  openCredentials,
  openIngestSecrets,
  SOURCE_PLATFORMS,
  updateNamespace,
  type AppConfig,
  type CredentialsKey,
  type Db,
  type NamespaceSettings,
  type Pool,
  type SourcePlatform,
} from "@full-sync/shared";
import { PlatformApiError } from "../errors/platform-api-error";
import { createLemlistClient } from "../lemlist/create-lemlist-client";
import { createPlatformRateLimiter } from "../rate-limit/create-platform-rate-limiter";
import { createSmartleadClient } from "../smartlead/create-smartlead-client";

/** Every Smartlead webhook type that carries an engagement event (see normalizeSmartleadWebhook). */
const SMARTLEAD_HOOK_TYPES = ["EMAIL_SENT", "EMAIL_OPEN", "EMAIL_LINK_CLICK", "EMAIL_REPLY", "EMAIL_BOUNCE", "LEAD_UNSUBSCRIBED"];

export interface IngestHook {
  platform: SourcePlatform;
  /** The platform's id of the hook (Lemlist `hoo_...`, Smartlead a number per campaign). */
  id: string;
  /** Smartlead only: hooks are per campaign. */
  campaignId?: string;
  targetUrl: string;
}

export interface ManageIngestHooksOptions {
  prisma: Db;
  pool: Pool;
  key: CredentialsKey;
  config: Pick<AppConfig, "smartleadBaseUrl" | "lemlistBaseUrl" | "smartleadWebhookSecretSource">;
  namespace: string;
  action: "register" | "list" | "remove";
  /** Where the platforms reach this deployment's gateway, e.g. https://sync.example.com (register: required). */
  publicUrl?: string;
}

export function ingestTargetUrl(publicUrl: string, platform: SourcePlatform, namespace: string): string {
  return `${publicUrl.replace(/\/+$/, "")}/ingest/${platform}/${namespace}`;
}

const pointsAtNamespace = (url: string, platform: SourcePlatform, namespace: string) => url.replace(/\/+$/, "").endsWith(`/ingest/${platform}/${namespace}`);

/**
 * Registers, lists or removes the namespace's webhooks on each source platform it has credentials for, through the
 * platforms' own APIs: Lemlist `POST/GET/DELETE /hooks` (with the namespace's Lemlist ingest secret, which Lemlist
 * echoes), Smartlead per-campaign webhooks on every current campaign (with the Smartlead secret as `secret_key`, unless
 * SMARTLEAD_WEBHOOK_SECRET_SOURCE=account says Smartlead sets that value itself; campaigns created later are covered by
 * the polled syncs until `register` runs again). Registering is idempotent (a hook already pointing at the receiver is
 * kept) and creates a missing ingest secret (write-only, never returned), except a Smartlead one in `account` mode:
 * only the operator knows Smartlead's value, so registering without it is refused.
 * Listing and removing consider only hooks that point at this namespace's receivers.
 */
export async function manageIngestHooks(options: ManageIngestHooksOptions): Promise<IngestHook[]> {
  const { prisma, pool, key, config, namespace, action, publicUrl } = options;
  if (action === "register" && (!publicUrl || !/^https?:\/\/[^\s/]+/.test(publicUrl))) {
    throw new AppError("API_005", "Invalid hook registration", [{ message: "publicUrl must be the http(s) origin the platforms reach the gateway at", path: "publicUrl" }]);
  }
  let row = await findNamespaceOrThrow(prisma, namespace);
  const credentials = openCredentials(key, row.credentialsCiphertext);
  const platforms = SOURCE_PLATFORMS.filter((p) => credentials[p]?.apiKey);
  if (platforms.length === 0) throw new AppError("API_005", `Namespace ${namespace} has no Smartlead or Lemlist credentials`, [{ message: "no source platform credentials", path: "namespace" }]);
  const smartleadSetsSecret = config.smartleadWebhookSecretSource === "account";
  if (action === "register") {
    const present = openIngestSecrets(key, row.ingestSecretsCiphertext);
    if (smartleadSetsSecret && platforms.includes("smartlead") && !present.smartlead) {
      const message =
        "SMARTLEAD_WEBHOOK_SECRET_SOURCE=account: set the namespace's Smartlead ingest secret to the secret_key Smartlead sends (--smartlead-ingest-secret, or ingestSecrets.smartlead) before registering";
      throw new AppError("API_005", "Invalid hook registration", [{ message, path: "ingestSecrets.smartlead" }]);
    }
    const missing = platforms.filter((p) => !present[p]);
    if (missing.length > 0) {
      await updateNamespace({ prisma, key, name: namespace, input: { ingestSecrets: Object.fromEntries(missing.map((p) => [p, `fsi_${randomBytes(32).toString("base64url")}`])) } });
      row = await findNamespaceOrThrow(prisma, namespace);
    }
  }
  const secrets = openIngestSecrets(key, row.ingestSecretsCiphertext);
  const settings = (row.settings ?? {}) as NamespaceSettings;
  const hooks: IngestHook[] = [];
  for (const platform of platforms) {
    try {
      hooks.push(...(await managePlatformHooks(platform)));
    } catch (error) {
      // The platform's own answer (its key masked), as a client error rather than an unexplained 500.
      if (error instanceof PlatformApiError) throw new AppError("API_005", `${platform} refused the hook request: ${error.message}`, [{ message: error.message, path: platform, status: error.status }]);
      throw error;
    }
  }
  return hooks;

  async function managePlatformHooks(platform: SourcePlatform): Promise<IngestHook[]> {
    const hooks: IngestHook[] = [];
    const apiKey = credentials[platform]?.apiKey as string;
    const clientOptions = { apiKey, rateLimiter: createPlatformRateLimiter({ pool, platform, apiKey, settings }) };
    const target = publicUrl ? ingestTargetUrl(publicUrl, platform, namespace) : undefined;
    if (platform === "lemlist") {
      const client = createLemlistClient({ ...clientOptions, baseUrl: config.lemlistBaseUrl });
      const ours = (await client.listHooks()).filter((h) => pointsAtNamespace(h.targetUrl, platform, namespace) && (!target || action !== "remove" || h.targetUrl === target));
      if (action === "register" && target && !ours.some((h) => h.targetUrl === target)) ours.push(await client.createHook({ targetUrl: target, secret: secrets.lemlist }));
      if (action === "remove") for (const hook of ours) await client.deleteHook(hook._id);
      hooks.push(...ours.map((h) => ({ platform, id: h._id, targetUrl: h.targetUrl })));
    } else {
      const client = createSmartleadClient({ ...clientOptions, baseUrl: config.smartleadBaseUrl });
      for (const campaign of await client.listCampaigns()) {
        const campaignId = String(campaign.id);
        let ours = (await client.listCampaignWebhooks(campaignId)).filter((h) => pointsAtNamespace(h.webhook_url, platform, namespace) && (!target || action !== "remove" || h.webhook_url === target));
        if (action === "register" && target && !ours.some((h) => h.webhook_url === target)) {
          await client.createCampaignWebhook(campaignId, { name: `full-sync ${namespace}`, webhook_url: target, event_types: SMARTLEAD_HOOK_TYPES, ...(smartleadSetsSecret ? {} : { secret_key: secrets.smartlead }) });
          ours = (await client.listCampaignWebhooks(campaignId)).filter((h) => h.webhook_url === target);
        }
        if (action === "remove") for (const hook of ours) await client.deleteCampaignWebhook(campaignId, hook.id);
        hooks.push(...ours.map((h) => ({ platform, id: String(h.id), campaignId, targetUrl: h.webhook_url })));
      }
    }
    return hooks;
  }
}
