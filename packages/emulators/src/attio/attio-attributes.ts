import { randomUUID } from "node:crypto";
import { AttioRequestError, type AttioValidationError } from "./attio-errors";
import type { AttioAttribute } from "./attio-types";
import { isJsonObject } from "../core/is-json-object";

/** Types this emulator can store values for (Attio has more: select, status, currency, record-reference, ...). */
export const ATTIO_CREATABLE_TYPES = ["text", "number", "checkbox", "date", "timestamp", "rating"] as const;

type StandardAttribute = Pick<AttioAttribute, "api_slug" | "title" | "type" | "is_writable" | "is_unique" | "is_multiselect">;

// The people object's system attributes this emulator knows; interaction attributes are read-only, as in Attio.
const STANDARD_PEOPLE_ATTRIBUTES: StandardAttribute[] = [
  { api_slug: "record_id", title: "Record ID", type: "text", is_writable: false, is_unique: true, is_multiselect: false },
  { api_slug: "name", title: "Name", type: "personal-name", is_writable: true, is_unique: false, is_multiselect: false },
  { api_slug: "email_addresses", title: "Email addresses", type: "email-address", is_writable: true, is_unique: true, is_multiselect: true },
  { api_slug: "description", title: "Description", type: "text", is_writable: true, is_unique: false, is_multiselect: false },
  { api_slug: "job_title", title: "Job title", type: "text", is_writable: true, is_unique: false, is_multiselect: false },
  { api_slug: "linkedin", title: "LinkedIn", type: "text", is_writable: true, is_unique: false, is_multiselect: false },
  { api_slug: "twitter", title: "Twitter", type: "text", is_writable: true, is_unique: false, is_multiselect: false },
  { api_slug: "created_at", title: "Created at", type: "timestamp", is_writable: false, is_unique: false, is_multiselect: false },
  { api_slug: "first_interaction", title: "First interaction", type: "interaction", is_writable: false, is_unique: false, is_multiselect: false },
  { api_slug: "last_interaction", title: "Last interaction", type: "interaction", is_writable: false, is_unique: false, is_multiselect: false },
  { api_slug: "first_email_interaction", title: "First email interaction", type: "interaction", is_writable: false, is_unique: false, is_multiselect: false },
  { api_slug: "last_email_interaction", title: "Last email interaction", type: "interaction", is_writable: false, is_unique: false, is_multiselect: false },
  { api_slug: "strongest_connection_strength", title: "Connection strength", type: "select", is_writable: false, is_unique: false, is_multiselect: false },
];

export function standardPeopleAttributes(options: { workspaceId: string; objectId: string; createdAt: string }): AttioAttribute[] {
  return STANDARD_PEOPLE_ATTRIBUTES.map((attribute) => ({
    ...attribute,
    id: { workspace_id: options.workspaceId, object_id: options.objectId, attribute_id: randomUUID() },
    description: null,
    is_system_attribute: true,
    is_required: false,
    is_default_value_enabled: false,
    is_archived: false,
    default_value: null,
    relationship: null,
    created_at: options.createdAt,
    config: {},
  }));
}

/** A custom attribute from a `POST /v2/objects/people/attributes` body; validation_type or slug_conflict otherwise. */
export function createAttioAttribute(options: { body: unknown; existing: AttioAttribute[]; workspaceId: string; objectId: string; now: string }): AttioAttribute {
  const data = isJsonObject(options.body) ? options.body.data : undefined;
  if (!isJsonObject(data)) throw new AttioRequestError({ status: 400, code: "validation_type", message: "Body payload validation error.", validationErrors: [{ code: "invalid_type", path: ["data"], message: "Required" }] });
  const errors: AttioValidationError[] = [];
  const title = data.title;
  const slug = data.api_slug;
  const type = data.type;
  if (typeof title !== "string" || title.trim() === "") errors.push({ code: "invalid_type", path: ["data", "title"], message: "Expected a non-empty string" });
  if (typeof slug !== "string" || !/^[a-z][a-z0-9_]*$/.test(slug)) errors.push({ code: "invalid_string", path: ["data", "api_slug"], message: "Expected snake_case: lower-case letters, digits and underscores, starting with a letter" });
  if (typeof type !== "string" || !(ATTIO_CREATABLE_TYPES as readonly string[]).includes(type)) errors.push({ code: "invalid_enum_value", path: ["data", "type"], message: `Expected one of: ${ATTIO_CREATABLE_TYPES.join(", ")}` });
  if (data.description !== undefined && data.description !== null && typeof data.description !== "string") errors.push({ code: "invalid_type", path: ["data", "description"], message: "Expected string or null" });
  for (const flag of ["is_required", "is_unique", "is_multiselect"] as const) {
    if (data[flag] !== undefined && typeof data[flag] !== "boolean") errors.push({ code: "invalid_type", path: ["data", flag], message: "Expected boolean" });
  }
  if (data.config !== undefined && !isJsonObject(data.config)) errors.push({ code: "invalid_type", path: ["data", "config"], message: "Expected object" });
  if (errors.length > 0) throw new AttioRequestError({ status: 400, code: "validation_type", message: "Body payload validation error.", validationErrors: errors });
  if (options.existing.some((attribute) => attribute.api_slug === slug)) {
    throw new AttioRequestError({ status: 400, code: "slug_conflict", message: `An attribute with slug "${String(slug)}" already exists on this object.` });
  }
  return {
    id: { workspace_id: options.workspaceId, object_id: options.objectId, attribute_id: randomUUID() },
    title: String(title),
    description: typeof data.description === "string" ? data.description : null,
    api_slug: String(slug),
    type: String(type),
    is_system_attribute: false,
    is_writable: true,
    is_required: data.is_required === true,
    is_unique: data.is_unique === true,
    is_multiselect: data.is_multiselect === true,
    is_default_value_enabled: false,
    is_archived: false,
    default_value: null,
    relationship: null,
    created_at: options.now,
    config: isJsonObject(data.config) ? data.config : {},
  };
}
