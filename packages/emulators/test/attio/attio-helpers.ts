import type { RunningAttioEmulator } from "../../src";
import { httpGet, type HttpAnswer } from "../http-helpers";

export function attioRequest(emulator: RunningAttioEmulator, options: { method?: string; path: string; body?: unknown; token?: string | null }): Promise<HttpAnswer> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  const token = options.token === undefined ? emulator.accessTokens[0]! : options.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  return httpGet(`${emulator.baseUrl}${options.path}`, { method: options.method ?? "GET", headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
}

export function upsertPerson(emulator: RunningAttioEmulator, values: Record<string, unknown>, matchingAttribute = "email_addresses"): Promise<HttpAnswer> {
  return attioRequest(emulator, { method: "PUT", path: `/objects/people/records?matching_attribute=${matchingAttribute}`, body: { data: { values } } });
}

export interface RecordAnswer {
  data: { id: { workspace_id: string; object_id: string; record_id: string }; created_at: string; web_url: string; values: Record<string, Record<string, unknown>[]> };
}
