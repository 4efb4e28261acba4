import { Router } from "express";
import Joi from "joi";
import {
  ALL_PLATFORMS,
  SOURCE_PLATFORMS,
  createNamespace,
  createNamespaceInputSchema,
  deleteNamespace,
  getNamespace,
  listNamespaces,
  namespaceNameSchema,
  updateNamespace,
  updateNamespaceInputSchema,
  type CreateNamespaceInput,
  type NamespaceView,
  type UpdateNamespaceInput,
} from "@full-sync/shared";
import { assertNamespaceAccess } from "../auth/assert-namespace-access";
import { defineOperation } from "../openapi/define-operation";
import type { RouteDeps } from "../gateway-deps";

const namespaceView = Joi.object({
  id: Joi.string().uuid(),
  name: Joi.string(),
  description: Joi.string().allow(null),
  configured_platforms: Joi.array().items(Joi.string().valid(...ALL_PLATFORMS)).description("Platforms with stored credentials (the credentials are never returned)"),
  ingest_platforms: Joi.array().items(Joi.string().valid(...SOURCE_PLATFORMS)).description("Platforms with an ingest (webhook) secret (the secrets are never returned)"),
  ingest_last_delivery: Joi.object().pattern(Joi.string(), Joi.string().isoDate()).description("When the last webhook delivery was accepted, per platform (single-namespace reads)"),
  settings: Joi.object().unknown(true),
  created_at: Joi.string().isoDate(),
  updated_at: Joi.string().isoDate(),
}).label("Namespace");

const one = Joi.object({ success: Joi.boolean(), namespace: namespaceView });
const byName = Joi.object({ name: namespaceNameSchema.required() });
type ByName = { name: string };

export function createNamespacesRouter(deps: RouteDeps): Router {
  const router = Router();
  const tags = ["Namespaces"];
  const { prisma, credentialsKey: key } = deps;
  defineOperation<CreateNamespaceInput>(router, deps.registerOperation, {
    method: "post",
    path: "/",
    summary: "Create a namespace with write-only platform credentials",
    tags,
    scope: "namespaces:admin",
    body: createNamespaceInputSchema,
    successStatus: 201,
    errorCodes: ["API_007"],
    response: one,
    handler: async ({ principal, body }) => {
      assertNamespaceAccess(principal, [body.name]);
      return { success: true, namespace: await createNamespace({ prisma, key, input: body }) };
    },
  });
  defineOperation(router, deps.registerOperation, {
    method: "get",
    path: "/",
    summary: "List namespaces (those the key may access)",
    tags,
    scope: "namespaces:admin",
    response: Joi.object({ success: Joi.boolean(), namespaces: Joi.array().items(namespaceView) }),
    handler: async ({ principal }) => ({ success: true, namespaces: await listNamespaces({ prisma, only: principal.namespaces }) }),
  });
  /** The /:name operations: the key must be allowed that namespace before anything is read or changed. */
  const onNamedNamespace = <B>(method: "get" | "patch" | "delete", summary: string, action: (name: string, body: B) => Promise<NamespaceView>, body?: Joi.Schema) =>
    defineOperation<B, Record<string, unknown>, ByName>(router, deps.registerOperation, {
      method,
      path: "/:name",
      summary,
      tags,
      scope: "namespaces:admin",
      params: byName,
      body,
      errorCodes: ["API_006"],
      response: one,
      handler: async ({ principal, params, body: input }) => {
        assertNamespaceAccess(principal, [params.name]);
        return { success: true, namespace: await action(params.name, input) };
      },
    });
  onNamedNamespace("get", "Get a namespace", (name) => getNamespace({ prisma, name }));
  onNamedNamespace<UpdateNamespaceInput>(
    "patch",
    "Update a namespace: per platform, given credentials/settings replace the stored ones, null removes them",
    (name, input) => updateNamespace({ prisma, key, name, input }),
    updateNamespaceInputSchema,
  );
  onNamedNamespace("delete", "Delete a namespace and everything synced into it", (name) => deleteNamespace({ prisma, name }));
  return router;
}
