import { Router } from "express";
import Joi from "joi";
import {
  createNamespace,
  createNamespaceInputSchema,
  deleteNamespace,
  getNamespace,
  listNamespaces,
  namespaceNameSchema,
  updateNamespace,
  updateNamespaceInputSchema,
  type CreateNamespaceInput,
  type UpdateNamespaceInput,
} from "@full-sync/shared";
import { assertNamespaceAccess } from "../auth/assert-namespace-access";
import { defineOperation } from "../openapi/define-operation";
import type { RouteDeps } from "../gateway-deps";

const namespaceView = Joi.object({
  id: Joi.string().uuid(),
  name: Joi.string(),
  description: Joi.string().allow(null),
  configured_platforms: Joi.array().items(Joi.string().valid("smartlead", "lemlist", "mixpanel", "attio")).description("Platforms with stored credentials (the credentials are never returned)"),
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
  defineOperation<unknown, Record<string, unknown>, ByName>(router, deps.registerOperation, {
    method: "get",
    path: "/:name",
    summary: "Get a namespace",
    tags,
    scope: "namespaces:admin",
    params: byName,
    errorCodes: ["API_006"],
    response: one,
    handler: async ({ principal, params }) => {
      assertNamespaceAccess(principal, [params.name]);
      return { success: true, namespace: await getNamespace({ prisma, name: params.name }) };
    },
  });
  defineOperation<UpdateNamespaceInput, Record<string, unknown>, ByName>(router, deps.registerOperation, {
    method: "patch",
    path: "/:name",
    summary: "Update a namespace: per platform, given credentials/settings replace the stored ones, null removes them",
    tags,
    scope: "namespaces:admin",
    params: byName,
    body: updateNamespaceInputSchema,
    errorCodes: ["API_006"],
    response: one,
    handler: async ({ principal, params, body }) => {
      assertNamespaceAccess(principal, [params.name]);
      return { success: true, namespace: await updateNamespace({ prisma, key, name: params.name, input: body }) };
    },
  });
  defineOperation<unknown, Record<string, unknown>, ByName>(router, deps.registerOperation, {
    method: "delete",
    path: "/:name",
    summary: "Delete a namespace and everything synced into it",
    tags,
    scope: "namespaces:admin",
    params: byName,
    errorCodes: ["API_006"],
    response: one,
    handler: async ({ principal, params }) => {
      assertNamespaceAccess(principal, [params.name]);
      return { success: true, namespace: await deleteNamespace({ prisma, name: params.name }) };
    },
  });
  return router;
}
