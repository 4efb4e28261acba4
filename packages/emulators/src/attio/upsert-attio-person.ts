import { randomUUID } from "node:crypto";
import type { AttioStore } from "./attio-store";
import { AttioRequestError } from "./attio-errors";
import { attioTimestamp, attioValueIdentity, renderAttioValue } from "./render-attio-value";
import type { AttioActor, AttioRecord, AttioValue } from "./attio-types";
import { isJsonObject } from "../core/is-json-object";

const MATCHING_ATTRIBUTE = "email_addresses";

/** The written values per attribute slug, validated and in read shape (null or [] clears an attribute). */
function renderWrittenValues(options: { store: AttioStore; values: Record<string, unknown>; actor: AttioActor; now: string }): Map<string, AttioValue[]> {
  const written = new Map<string, AttioValue[]>();
  for (const [slug, given] of Object.entries(options.values)) {
    const attribute = options.store.attributes.find((candidate) => candidate.api_slug === slug || candidate.id.attribute_id === slug);
    if (!attribute) throw new AttioRequestError({ status: 400, code: "value_not_found", message: `Cannot find attribute with slug/ID "${slug}".` });
    if (!attribute.is_writable) throw new AttioRequestError({ status: 400, code: "validation_type", message: `Cannot write to attribute with slug "${slug}": it is read-only.` });
    const inputs = given === null ? [] : Array.isArray(given) ? given : [given];
    if (!attribute.is_multiselect && inputs.length > 1) {
      throw new AttioRequestError({ status: 400, code: "validation_type", message: `Attribute with slug "${slug}" accepts a single value.`, validationErrors: [{ code: "too_big", path: ["data", "values", slug], message: "Expected at most 1 value" }] });
    }
    const rendered = inputs.map((input, index) => renderAttioValue({ attribute, input, index, actor: options.actor, now: options.now }));
    // Repeating an email in one request stores it once.
    written.set(attribute.api_slug, rendered.filter((value, index) => rendered.findIndex((other) => attioValueIdentity(other) === attioValueIdentity(value)) === index));
  }
  return written;
}

/**
 * `PUT /v2/objects/people/records?matching_attribute=email_addresses`: finds the person by any given email and
 * updates it, or creates one. The matching (multiselect) attribute gains new values and keeps old ones; other
 * attributes given are replaced. Emails owned by two different records are a uniqueness_conflict and store nothing.
 */
export function upsertAttioPerson(options: { store: AttioStore; body: unknown; matchingAttribute: string | undefined; actor: AttioActor; now?: number }): AttioRecord {
  const { store } = options;
  const nowMs = options.now ?? Date.now();
  const now = attioTimestamp(nowMs);
  if (!options.matchingAttribute) {
    throw new AttioRequestError({ status: 400, code: "validation_type", message: "Query parameter validation error.", validationErrors: [{ code: "invalid_type", path: ["matching_attribute"], message: "Required" }] });
  }
  if (options.matchingAttribute !== MATCHING_ATTRIBUTE) {
    throw new AttioRequestError({ status: 400, code: "validation_type", message: `Matching on "${options.matchingAttribute}" is not supported: people are matched by the unique attribute "${MATCHING_ATTRIBUTE}".` });
  }
  const data = isJsonObject(options.body) ? options.body.data : undefined;
  const values = isJsonObject(data) ? data.values : undefined;
  if (!isJsonObject(values)) {
    throw new AttioRequestError({ status: 400, code: "validation_type", message: "Body payload validation error.", validationErrors: [{ code: "invalid_type", path: isJsonObject(data) ? ["data", "values"] : ["data"], message: "Required" }] });
  }
  const written = renderWrittenValues({ store, values, actor: options.actor, now });
  const emails = (written.get(MATCHING_ATTRIBUTE) ?? []).map((value) => String(value.email_address));
  if (emails.length === 0) throw new AttioRequestError({ status: 400, code: "missing_value", message: `A value for the matching attribute "${MATCHING_ATTRIBUTE}" is required.` });
  const conflicting = emails.find((email) => store.conflictingEmails.has(email));
  if (conflicting) {
    throw new AttioRequestError({ status: 400, code: "uniqueness_conflict", message: `The value "${conflicting}" provided for attribute "${MATCHING_ATTRIBUTE}" already exists on another record, and this attribute must be unique.` });
  }
  const owners = [...new Set(emails.flatMap((email) => store.emailOwners.get(email) ?? []))];
  if (owners.length > 1) {
    const taken = emails.find((email) => store.emailOwners.get(email) !== owners[0]) ?? emails[0];
    throw new AttioRequestError({ status: 400, code: "uniqueness_conflict", message: `The value "${taken}" provided for attribute "${MATCHING_ATTRIBUTE}" already exists on another record, and this attribute must be unique.` });
  }
  const existing = owners[0] === undefined ? undefined : store.records.get(owners[0]);
  if (!existing) {
    const missing = store.attributes.find((attribute) => attribute.is_required && !(written.get(attribute.api_slug)?.length ?? 0));
    if (missing) throw new AttioRequestError({ status: 400, code: "missing_value", message: `Required value for attribute with slug "${missing.api_slug}" was not provided.` });
  }
  const record: AttioRecord = existing ?? createEmptyRecord({ store, now, actor: options.actor });
  for (const [slug, rendered] of written) {
    if (existing && slug === MATCHING_ATTRIBUTE) {
      const current = record.values[slug] ?? [];
      const known = new Set(current.map(attioValueIdentity));
      record.values[slug] = [...current, ...rendered.filter((value) => !known.has(attioValueIdentity(value)))];
    } else record.values[slug] = rendered;
  }
  for (const email of emails) store.emailOwners.set(email, record.id.record_id);
  store.records.set(record.id.record_id, record);
  return structuredClone(record);
}

function createEmptyRecord(options: { store: AttioStore; now: string; actor: AttioActor }): AttioRecord {
  const { store, now } = options;
  const recordId = randomUUID();
  const system: AttioActor = { type: "system", id: null };
  const values: Record<string, AttioValue[]> = Object.fromEntries(store.attributes.map((attribute) => [attribute.api_slug, [] as AttioValue[]]));
  values.record_id = [{ active_from: now, active_until: null, created_by_actor: system, value: recordId, attribute_type: "text" }];
  values.created_at = [{ active_from: now, active_until: null, created_by_actor: system, value: now, attribute_type: "timestamp" }];
  return { id: { workspace_id: store.workspaceId, object_id: store.objectId, record_id: recordId }, created_at: now, web_url: store.webUrl(recordId), values };
}
