import type { AttioAttributeSpec, AttioPersonValues, AttioWriter } from "@full-sync/shared";
import { PlatformApiError } from "../errors/platform-api-error";
import { createPlatformHttp } from "../http/create-platform-http";
import type { PlatformClientLogger } from "../http/platform-client-logger";
import { isRecord } from "../http/read-platform-message";
import type { RetryOptions } from "../http/retry-options";
import type { RateLimiter } from "../rate-limit/rate-limiter";
import { serializeAcquires } from "../rate-limit/serialize-acquires";

export interface AttioClientOptions {
  /** ATTIO_BASE_URL (https://api.attio.com/v2) or an emulator's baseUrl. */
  baseUrl: string;
  accessToken: string;
  /** Every write takes a slot: 25 per second per workspace, shared by every worker. */
  writeLimiter: RateLimiter;
  /** Reads have their own budget (100 per second per workspace). */
  readLimiter: RateLimiter;
  timeoutMs?: number;
  retry?: RetryOptions;
  logger?: PlatformClientLogger;
}

/** Attio REST v2: people asserted by e-mail, custom attributes of the people object. 429s wait for Retry-After. */
export function createAttioClient(options: AttioClientOptions): AttioWriter {
  const common = {
    platform: "attio" as const,
    baseUrl: options.baseUrl,
    timeoutMs: options.timeoutMs ?? 30_000,
    retry: options.retry,
    logger: options.logger,
    auth: { headers: { Authorization: `Bearer ${options.accessToken}` } },
    secrets: [options.accessToken],
  };
  // Writes of one client may overlap (the exporter keeps several in flight), but reserve their slots one at a time.
  const writes = createPlatformHttp({ ...common, rateLimiter: serializeAcquires(options.writeLimiter) });
  const reads = createPlatformHttp({ ...common, rateLimiter: options.readLimiter });

  return {
    async listAttributeSlugs() {
      const body = await reads.getJson("/objects/people/attributes");
      const data = isRecord(body) && Array.isArray(body.data) ? body.data : [];
      return data.filter(isRecord).map((attribute) => String(attribute.api_slug));
    },

    async createAttribute(spec: AttioAttributeSpec) {
      const answer = await writes.send({
        method: "POST",
        path: "/objects/people/attributes",
        body: { data: { title: spec.title, api_slug: spec.slug, type: spec.type, description: spec.description, is_required: false, is_unique: false, is_multiselect: false, config: {} } },
        // Another worker created it first: that is the outcome wanted.
        readStatuses: [400],
      });
      const body = isRecord(answer.body) ? answer.body : {};
      if (answer.status === 400 && body.code !== "slug_conflict") {
        throw new PlatformApiError({ platform: "attio", status: 400, code: "bad_request", platformMessage: String(body.message ?? "attribute refused"), retryable: false, attempts: 1, request: "POST /objects/people/attributes", platformCode: typeof body.code === "string" ? body.code : undefined });
      }
    },

    async assertPerson(person: AttioPersonValues) {
      const fullName = [person.firstName, person.lastName].filter(Boolean).join(" ");
      const values: Record<string, unknown> = { email_addresses: [person.email], ...person.custom };
      if (fullName) values.name = [{ first_name: person.firstName ?? "", last_name: person.lastName ?? "", full_name: fullName }];
      const answer = await writes.send({
        method: "PUT",
        path: "/objects/people/records",
        params: { matching_attribute: "email_addresses" },
        body: { data: { values } },
      });
      const data = isRecord(answer.body) && isRecord(answer.body.data) ? answer.body.data : {};
      const id = isRecord(data.id) ? data.id : {};
      return { recordId: String(id.record_id ?? "") };
    },
  };
}
