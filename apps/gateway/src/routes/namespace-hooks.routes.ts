import { Router } from "express";
import Joi from "joi";
import { manageIngestHooks } from "@full-sync/platform-clients";
import { namespaceNameSchema, SOURCE_PLATFORMS } from "@full-sync/shared";
import { assertNamespaceAccess } from "../auth/assert-namespace-access";
import { defineOperation } from "../openapi/define-operation";
import type { RouteDeps } from "../gateway-deps";

const hookView = Joi.object({
  platform: Joi.string().valid(...SOURCE_PLATFORMS),
  id: Joi.string(),
  campaignId: Joi.string().description("Smartlead: hooks are per campaign"),
  targetUrl: Joi.string(),
}).label("IngestHook");
const hooksResponse = Joi.object({ success: Joi.boolean(), hooks: Joi.array().items(hookView) });
const byName = Joi.object({ name: namespaceNameSchema.required() });
const publicUrl = Joi.string().uri({ scheme: ["http", "https"] }).max(2000).description("The origin the platforms reach this gateway at");

/**
 * `/api/namespaces/{name}/hooks`: the namespace's webhooks on Smartlead and Lemlist, created, listed and removed
 * through the platforms' APIs (the same domain function as `pnpm fullsync hooks`).
 */
export function createNamespaceHooksRouter(deps: RouteDeps): Router {
  const router = Router();
  const tags = ["Namespaces"];
  const { prisma, pool, credentialsKey: key, config } = deps;
  const run = (name: string, action: "register" | "list" | "remove", url?: string) =>
    manageIngestHooks({ prisma, pool, key, config, namespace: name, action, publicUrl: url });
  defineOperation<Record<string, never>, Record<string, unknown>, { name: string }>(router, deps.registerOperation, {
    method: "get",
    path: "/:name/hooks",
    summary: "List the namespace's webhooks on its source platforms (those pointing at its /ingest receivers)",
    tags,
    scope: "namespaces:admin",
    params: byName,
    errorCodes: ["API_006"],
    response: hooksResponse,
    handler: async ({ principal, params }) => {
      assertNamespaceAccess(principal, [params.name]);
      return { success: true, hooks: await run(params.name, "list") };
    },
  });
  defineOperation<{ publicUrl: string }, Record<string, unknown>, { name: string }>(router, deps.registerOperation, {
    method: "post",
    path: "/:name/hooks",
    summary: "Register the namespace's /ingest receivers as webhooks on each source platform it has credentials for (idempotent; creates missing ingest secrets)",
    tags,
    scope: "namespaces:admin",
    params: byName,
    body: Joi.object({ publicUrl: publicUrl.required() }),
    errorCodes: ["API_006"],
    response: hooksResponse,
    handler: async ({ principal, params, body }) => {
      assertNamespaceAccess(principal, [params.name]);
      return { success: true, hooks: await run(params.name, "register", body.publicUrl) };
    },
  });
  defineOperation<unknown, { publicUrl?: string }, { name: string }>(router, deps.registerOperation, {
    method: "delete",
    path: "/:name/hooks",
    summary: "Remove the namespace's webhooks (all pointing at its receivers, or only those under ?publicUrl=)",
    tags,
    scope: "namespaces:admin",
    params: byName,
    query: Joi.object({ publicUrl }),
    errorCodes: ["API_006"],
    response: hooksResponse,
    handler: async ({ principal, params, query }) => {
      assertNamespaceAccess(principal, [params.name]);
      return { success: true, hooks: await run(params.name, "remove", query.publicUrl) };
    },
  });
  return router;
}
