import { Router } from "express";
import Joi from "joi";
import { createApiKey, createApiKeyInputSchema, listApiKeys, revokeApiKey, type CreateApiKeyInput } from "@full-sync/shared";
import { defineOperation } from "../openapi/define-operation";
import type { RouteDeps } from "../gateway-deps";

const apiKeyView = Joi.object({
  id: Joi.string().uuid(),
  name: Joi.string(),
  prefix: Joi.string().example("fsk_ab12cd34"),
  scopes: Joi.array().items(Joi.string()),
  namespaces: Joi.array().items(Joi.string()).description("Empty: every namespace"),
  expires_at: Joi.string().isoDate().allow(null),
  last_used_at: Joi.string().isoDate().allow(null),
  revoked_at: Joi.string().isoDate().allow(null),
  created_at: Joi.string().isoDate(),
  status: Joi.string().valid("active", "revoked", "expired"),
}).label("ApiKey");

export function createApiKeysRouter(deps: RouteDeps): Router {
  const router = Router();
  const tags = ["API keys"];
  defineOperation<CreateApiKeyInput>(router, deps.registerOperation, {
    method: "post",
    path: "/",
    summary: "Create an API key (the secret is returned once); it may hold no more scopes, namespaces or lifetime than the creating key (expiresAt defaults to the creator's expiry)",
    tags,
    scope: "keys:admin",
    body: createApiKeyInputSchema,
    successStatus: 201,
    response: Joi.object({ success: Joi.boolean(), key: Joi.string().description("Shown only in this response"), api_key: apiKeyView, message: Joi.string() }),
    handler: async ({ principal, body }) => {
      const created = await createApiKey({ prisma: deps.prisma, input: body, creator: principal });
      deps.logger.info("API key created", { keyId: created.apiKey.id, createdBy: principal.id });
      return { success: true, key: created.key, api_key: created.apiKey, message: "Store this key now: it is shown only once" };
    },
  });
  defineOperation(router, deps.registerOperation, {
    method: "get",
    path: "/",
    summary: "List the API keys within this key's own scopes and namespaces (prefix and metadata, never the secret or its hash)",
    tags,
    scope: "keys:admin",
    response: Joi.object({ success: Joi.boolean(), api_keys: Joi.array().items(apiKeyView) }),
    handler: async ({ principal }) => ({ success: true, api_keys: await listApiKeys({ prisma: deps.prisma, holder: principal }) }),
  });
  defineOperation<unknown, Record<string, unknown>, { id: string }>(router, deps.registerOperation, {
    method: "delete",
    path: "/:id",
    summary: "Revoke an API key within this key's own scopes and namespaces (immediately refused with API_001)",
    tags,
    scope: "keys:admin",
    params: Joi.object({ id: Joi.string().uuid().required() }),
    errorCodes: ["API_006"],
    response: Joi.object({ success: Joi.boolean(), api_key: apiKeyView }),
    handler: async ({ principal, params }) => {
      const revoked = await revokeApiKey({ prisma: deps.prisma, id: params.id, holder: principal });
      deps.logger.info("API key revoked", { keyId: revoked.id, revokedBy: principal.id });
      return { success: true, api_key: revoked };
    },
  });
  return router;
}
