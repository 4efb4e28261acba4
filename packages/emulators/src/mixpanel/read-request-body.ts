import { gunzipSync } from "node:zlib";
import type { Request } from "express";

export type BodyOutcome = { ok: true; text: string } | { ok: false; reason: "tooLarge" | "badEncoding" };

/** The whole body, gunzipped when `Content-Encoding: gzip`; the byte limit applies to the uncompressed size. */
export async function readRequestBody(options: { req: Request; maxBytes: number }): Promise<BodyOutcome> {
  const { req, maxBytes } = options;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += buffer.length;
    chunks.push(buffer);
  }
  const raw = Buffer.concat(chunks, size);
  const encoding = (req.get("content-encoding") ?? "identity").trim().toLowerCase();
  if (encoding === "identity" || encoding === "") return raw.length > maxBytes ? { ok: false, reason: "tooLarge" } : { ok: true, text: raw.toString("utf8") };
  if (encoding !== "gzip") return { ok: false, reason: "badEncoding" };
  try {
    return { ok: true, text: gunzipSync(raw, { maxOutputLength: maxBytes }).toString("utf8") };
  } catch (error) {
    // zlib refuses output beyond maxOutputLength with ERR_BUFFER_TOO_LARGE.
    if ((error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") return { ok: false, reason: "tooLarge" };
    return { ok: false, reason: "badEncoding" };
  }
}

/** A JSON array, or NDJSON (one JSON value per line; a single object is one line). undefined when unreadable. */
export function parseJsonRecords(text: string): unknown[] | undefined {
  const trimmed = text.trim();
  try {
    if (trimmed.startsWith("[")) {
      const parsed: unknown = JSON.parse(trimmed);
      return Array.isArray(parsed) ? parsed : undefined;
    }
    return trimmed
      .split(/\r?\n/)
      .filter((line) => line.trim() !== "")
      .map((line) => JSON.parse(line) as unknown);
  } catch {
    return undefined;
  }
}
