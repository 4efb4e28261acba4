import { json, Router, type ErrorRequestHandler, type Response } from "express";
import { firstQueryValue } from "../core/parse-query";
import { createAttioAttribute } from "./attio-attributes";
import { AttioRequestError, sendAttioError } from "./attio-errors";
import type { AttioStore } from "./attio-store";
import type { AttioActor, AttioRecord } from "./attio-types";
import { attioTimestamp } from "./render-attio-value";
import { upsertAttioPerson } from "./upsert-attio-person";

export const ATTIO_ROUTES = [
  "GET /self",
  "PUT /objects/people/records",
  "GET /objects/people/records/:record_id",
  "POST /objects/people/records/query",
  "GET /objects/people/attributes",
  "POST /objects/people/attributes",
];

/** Attio returns every attribute of the object, empty ones as []; attributes created later appear on old records too. */
export function presentAttioRecord(options: { record: AttioRecord; store: AttioStore }): AttioRecord {
  const values = Object.fromEntries(options.store.attributes.map((attribute) => [attribute.api_slug, options.record.values[attribute.api_slug] ?? []]));
  return { ...options.record, values };
}

/** Runs a handler, answering AttioRequestError with Attio's error body. */
function answer(res: Response, produce: () => unknown): void {
  try {
    res.status(200).json(produce());
  } catch (error) {
    if (!(error instanceof AttioRequestError)) throw error;
    sendAttioError(res, error.answer);
  }
}

export function createAttioRouter(options: { store: AttioStore; clientId: string }): Router {
  const { store } = options;
  const router = Router();
  router.use(json({ limit: "10mb" }));
  // Every write here is made by the one API token of the workspace.
  const actor: AttioActor = { type: "api-token", id: options.clientId };
  const present = (record: AttioRecord): AttioRecord => presentAttioRecord({ record, store });

  router.get("/self", (_req, res) => {
    res.json({
      active: true,
      scope: "record_permission:read-write object_configuration:read-write note:read-write",
      client_id: options.clientId,
      token_type: "Bearer",
      exp: null,
      iat: 1_767_225_600,
      sub: store.workspaceId,
      aud: options.clientId,
      iss: "attio.com",
      authorized_by_workspace_member_id: null,
      workspace_id: store.workspaceId,
      workspace_name: "Full Sync Emulator",
      workspace_slug: store.workspaceSlug,
      workspace_logo_url: null,
    });
  });

  router.put("/objects/people/records", (req, res) => {
    answer(res, () => ({ data: present(upsertAttioPerson({ store, body: req.body, matchingAttribute: firstQueryValue(req.query.matching_attribute), actor })) }));
  });

  router.get("/objects/people/records/:record_id", (req, res) => {
    const record = store.records.get(req.params.record_id);
    if (!record) return sendAttioError(res, { status: 404, code: "not_found", message: `Record with ID "${req.params.record_id}" not found.` });
    res.json({ data: present(record) });
  });

  router.post("/objects/people/records/query", (req, res) => {
    const body = (typeof req.body === "object" && req.body !== null ? req.body : {}) as { limit?: unknown; offset?: unknown; filter?: { email_addresses?: unknown } };
    const limit = typeof body.limit === "number" && body.limit > 0 ? Math.min(500, Math.floor(body.limit)) : 500;
    const offset = typeof body.offset === "number" && body.offset > 0 ? Math.floor(body.offset) : 0;
    const email = typeof body.filter?.email_addresses === "string" ? body.filter.email_addresses.trim().toLowerCase() : undefined;
    const ownerId = email === undefined ? undefined : store.emailOwners.get(email);
    const matching = [...store.records.values()].filter((record) => email === undefined || record.id.record_id === ownerId);
    res.json({ data: matching.slice(offset, offset + limit).map(present) });
  });

  router.get("/objects/people/attributes", (_req, res) => {
    res.json({ data: store.listAttributes() });
  });

  router.post("/objects/people/attributes", (req, res) => {
    answer(res, () => {
      const attribute = createAttioAttribute({ body: req.body, existing: store.attributes, workspaceId: store.workspaceId, objectId: store.objectId, now: attioTimestamp(Date.now()) });
      store.attributes.push(attribute);
      return { data: attribute };
    });
  });

  router.use((req, res) => sendAttioError(res, { status: 404, code: "not_found", message: `No route for ${req.method} ${req.baseUrl}${req.path}.` }));
  const unreadableBody: ErrorRequestHandler = (_error, _req, res, _next) => {
    sendAttioError(res, { status: 400, code: "validation_type", message: "Body payload validation error.", validationErrors: [{ code: "invalid_json", path: [], message: "The request body is not valid JSON" }] });
  };
  router.use(unreadableBody);
  return router;
}

export function createAttioControl(options: { store: AttioStore }): Router {
  const router = Router();
  router.get("/people", (_req, res) => void res.json(options.store.people().map((record) => presentAttioRecord({ record, store: options.store }))));
  router.get("/attributes", (_req, res) => void res.json(options.store.listAttributes()));
  router.post("/conflicting-emails", json(), (req, res) => {
    const emails = Array.isArray((req.body as { emails?: unknown } | undefined)?.emails) ? ((req.body as { emails: unknown[] }).emails) : [];
    for (const email of emails) if (typeof email === "string") options.store.conflictingEmails.add(email.trim().toLowerCase());
    res.status(204).end();
  });
  return router;
}
