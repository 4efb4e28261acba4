import { AttioRequestError } from "./attio-errors";
import type { AttioActor, AttioAttribute, AttioValue } from "./attio-types";
import { isJsonObject } from "../core/is-json-object";

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Attio prints timestamps with nanoseconds. */
export function attioTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1000000Z");
}

function invalid(slug: string, index: number, message: string): never {
  throw new AttioRequestError({ status: 400, code: "validation_type", message: `Invalid value was passed to attribute with slug "${slug}".`, validationErrors: [{ code: "invalid_value", path: ["data", "values", slug, index], message }] });
}

/** The type-specific fields of one written value (a bare value or Attio's object form), in Attio's read shape. */
function readValueFields(options: { attribute: AttioAttribute; input: unknown; index: number }): Record<string, unknown> {
  const { attribute, input, index } = options;
  const slug = attribute.api_slug;
  const fail = (message: string): never => invalid(slug, index, message);
  const unwrapped = isJsonObject(input) && "value" in input ? input.value : input;
  switch (attribute.type) {
    case "email-address": {
      const given = isJsonObject(input) ? input.email_address : input;
      if (typeof given !== "string" || !EMAIL_PATTERN.test(given.trim())) return fail("Expected a valid email address");
      const email = given.trim().toLowerCase();
      const [local = "", domain = ""] = email.split("@");
      return { original_email_address: given, email_address: email, email_domain: domain, email_root_domain: domain.split(".").slice(-2).join("."), email_local_specifier: local };
    }
    case "personal-name": {
      if (typeof input === "string") {
        const [first = "", ...rest] = input.trim().split(/\s+/);
        return { first_name: first, last_name: rest.join(" "), full_name: input.trim() };
      }
      if (!isJsonObject(input)) return fail("Expected an object with first_name, last_name and full_name");
      const field = (name: string): string => (typeof input[name] === "string" ? (input[name] as string) : input[name] === undefined || input[name] === null ? "" : fail(`Expected ${name} to be a string`));
      const first = field("first_name");
      const last = field("last_name");
      return { first_name: first, last_name: last, full_name: field("full_name") || `${first} ${last}`.trim() };
    }
    case "text":
      return typeof unwrapped === "string" ? { value: unwrapped } : fail("Expected a string");
    case "number":
      return typeof unwrapped === "number" && Number.isFinite(unwrapped) ? { value: unwrapped } : fail("Expected a number");
    case "checkbox":
      return typeof unwrapped === "boolean" ? { value: unwrapped } : fail("Expected a boolean");
    case "rating":
      return typeof unwrapped === "number" && Number.isInteger(unwrapped) && unwrapped >= 0 && unwrapped <= 5 ? { value: unwrapped } : fail("Expected an integer from 0 to 5");
    case "date":
      return typeof unwrapped === "string" && /^\d{4}-\d{2}-\d{2}$/.test(unwrapped) && Number.isFinite(Date.parse(unwrapped)) ? { value: unwrapped } : fail("Expected a date as YYYY-MM-DD");
    case "timestamp": {
      const ms = typeof unwrapped === "string" ? Date.parse(unwrapped) : Number.NaN;
      return Number.isFinite(ms) ? { value: attioTimestamp(ms) } : fail("Expected an ISO 8601 timestamp");
    }
    default:
      return fail(`Attribute type "${attribute.type}" cannot be written through this API`);
  }
}

export function renderAttioValue(options: { attribute: AttioAttribute; input: unknown; index: number; actor: AttioActor; now: string }): AttioValue {
  return {
    active_from: options.now,
    active_until: null,
    created_by_actor: options.actor,
    ...readValueFields(options),
    attribute_type: options.attribute.type,
  };
}

/** What makes two values of one attribute the same (emails compare lowercased). */
export function attioValueIdentity(value: AttioValue): string {
  if (value.attribute_type === "email-address") return String(value.email_address);
  const { active_from: _from, active_until: _until, created_by_actor: _actor, original_email_address: _original, ...fields } = value;
  return JSON.stringify(fields);
}
