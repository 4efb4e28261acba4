import type { RunningEmulator } from "../src";

export interface HttpAnswer {
  status: number;
  contentType: string;
  headers: Headers;
  text: string;
  json<T = unknown>(): T;
}

export async function httpGet(url: string, init: RequestInit = {}): Promise<HttpAnswer> {
  const response = await fetch(url, init);
  const text = await response.text();
  return {
    status: response.status,
    contentType: response.headers.get("content-type") ?? "",
    headers: response.headers,
    text,
    json: <T>() => JSON.parse(text) as T,
  };
}

export function smartleadUrl(emulator: RunningEmulator, path: string, query: Record<string, string | number> = {}): string {
  const params = new URLSearchParams({ ...Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])), api_key: emulator.apiKeys[0]! });
  return `${emulator.baseUrl}${path}?${params.toString()}`;
}

export function lemlistUrl(emulator: RunningEmulator, path: string, query: Record<string, string | number> = {}): string {
  const params = new URLSearchParams(Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])));
  const search = params.toString();
  return `${emulator.baseUrl}${path}${search ? `?${search}` : ""}`;
}

export function lemlistAuth(key: string, user = ""): RequestInit {
  return { headers: { authorization: `Basic ${Buffer.from(`${user}:${key}`).toString("base64")}` } };
}

/** A limit high enough that listing everything in a test never meets it. */
export const UNLIMITED = { limit: 1_000_000, windowMs: 1000 };
