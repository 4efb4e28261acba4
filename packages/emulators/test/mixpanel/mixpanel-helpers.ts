import { gzipSync } from "node:zlib";
import type { RunningMixpanelEmulator } from "../../src";
import { httpGet, type HttpAnswer } from "../http-helpers";

export function serviceAccountAuth(emulator: RunningMixpanelEmulator): string {
  const { username, secret } = emulator.serviceAccount;
  return `Basic ${Buffer.from(`${username}:${secret}`).toString("base64")}`;
}

export function anEvent(index: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { event: "email_opened", properties: { time: 1_760_000_000_000 + index * 1000, distinct_id: `person-${index}@example.com`, $insert_id: `ins-${index}`, ...overrides } };
}

/** POST /import with service-account auth unless `authorization` is given; the body is JSON unless `body` is given. */
export function postImport(emulator: RunningMixpanelEmulator, options: { events?: unknown[]; body?: string | Buffer; headers?: Record<string, string>; query?: string; authorization?: string | null }): Promise<HttpAnswer> {
  const headers: Record<string, string> = { "content-type": "application/json", ...options.headers };
  const authorization = options.authorization === undefined ? serviceAccountAuth(emulator) : options.authorization;
  if (authorization !== null) headers.authorization = authorization;
  const body = options.body ?? JSON.stringify(options.events ?? []);
  return httpGet(`${emulator.baseUrl}/import?${options.query ?? `strict=1&project_id=${emulator.projectId}`}`, { method: "POST", headers, body });
}

export function gzipped(text: string): Buffer {
  return gzipSync(Buffer.from(text));
}
