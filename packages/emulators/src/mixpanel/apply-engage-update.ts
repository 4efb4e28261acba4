import type { MixpanelStore } from "./mixpanel-store";
import { isJsonObject } from "../core/is-json-object";

const OPERATIONS = ["$set", "$set_once", "$add", "$union", "$unset", "$delete"] as const;

/** One /engage update: applied when valid, else the reason (Mixpanel still answers 200; verbose=1 shows it). */
export function applyEngageUpdate(options: { update: unknown; projectToken: string; store: MixpanelStore }): { ok: true } | { ok: false; error: string } {
  const { update, store } = options;
  if (!isJsonObject(update)) return { ok: false, error: "update must be a JSON object" };
  if (update.$token !== options.projectToken) return { ok: false, error: "$token is missing or invalid" };
  const distinctId = update.$distinct_id;
  if ((typeof distinctId !== "string" && typeof distinctId !== "number") || String(distinctId).trim() === "") return { ok: false, error: "$distinct_id is missing or empty" };
  const present = OPERATIONS.filter((operation) => operation in update);
  if (present.length !== 1) return { ok: false, error: `exactly one of ${OPERATIONS.join(", ")} is required` };
  const operation = present[0]!;
  const value = update[operation];
  if (operation === "$delete") {
    store.profile(String(distinctId)).$properties = {};
    return { ok: true };
  }
  if (operation === "$unset") {
    if (!Array.isArray(value)) return { ok: false, error: "$unset must be a list of property names" };
    const properties = store.profile(String(distinctId)).$properties;
    for (const name of value) delete properties[String(name)];
    return { ok: true };
  }
  if (!isJsonObject(value)) return { ok: false, error: `${operation} must be an object` };
  const properties = store.profile(String(distinctId)).$properties;
  for (const [name, given] of Object.entries(value)) {
    if (operation === "$set") properties[name] = given;
    else if (operation === "$set_once" && !(name in properties)) properties[name] = given;
    else if (operation === "$add" && typeof given === "number") properties[name] = (typeof properties[name] === "number" ? properties[name] : 0) + given;
    else if (operation === "$union" && Array.isArray(given)) {
      const current = Array.isArray(properties[name]) ? (properties[name] as unknown[]) : [];
      properties[name] = [...current, ...given.filter((item) => !current.some((existing) => JSON.stringify(existing) === JSON.stringify(item)))];
    }
  }
  return { ok: true };
}
