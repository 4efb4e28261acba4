/**
 * A control for the event-key benchmark, not an engine: the least any key engine written in JavaScript must do
 * per event, timed on the same pages as the real one. It reads the seven fields, turns numeric ids into
 * decimal text, copies every character of the text into a page once (prepared bytes for the namespace head),
 * hashes each text with the same one-shot sha256 in a second pass, and builds the key and a result with its
 * canonical fields.
 * It checks nothing and normalises nothing: no e-mail lower-casing or shape check, no timestamp parsing, no
 * event-type table, no key-segment cleaning, no fallback instant. Its keys are wrong by design. What the
 * engine spends beyond this floor is the cost of being correct; the floor's own ratio to bare sha256 bounds
 * what any engine can reach on the machine that runs it.
 */
import { hash } from "node:crypto";
// Not part of the shared package's main API (an explicit subpath of its exports): the control borrows the engine's id
// conversion rather than copying it.
import { plainId } from "@full-sync/shared/internal/clean-key-lines";

interface FloorResult {
  ok: true;
  key: string;
  fingerprint: string;
  fallbackUsed: boolean;
  canonical: Record<string, unknown>;
}

const HEAD = new TextEncoder().encode("v1\nproduction\n");
const page = new Uint8Array(1024 * 2048);
const starts: number[] = [];
const ends: number[] = [];

// The engine's own conversion of numeric ids (a string is returned as it is).
const idText = (value: unknown): string => plainId(value) as string;

function put(text: string, at: number): number {
  const n = text.length;
  for (let i = 0; i < n; i++) page[at + i] = text.charCodeAt(i);
  page[at + n] = 10;
  return at + n + 1;
}

/** The floor's keys for one page of at most 1024 inputs. */
export function keyFloorPage(inputs: readonly Record<string, unknown>[]): FloorResult[] {
  const results = new Array<FloorResult>(inputs.length);
  let at = 0;
  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i] as Record<string, unknown>;
    const platform = input.platform as string;
    const eventType = input.eventType as string;
    const email = input.email as string;
    const timestamp = input.timestamp as string;
    const campaignId = idText(input.campaignId);
    const activityId = input.activityId === undefined ? null : idText(input.activityId);
    starts[i] = at;
    page.set(HEAD, at);
    at = put(platform, at + HEAD.length);
    at = put(campaignId, at);
    at = put(eventType, at);
    at = put(email, at);
    at = put(activityId ?? "", at);
    at = put(timestamp, at) - 1;
    ends[i] = at;
    const canonical = { namespace: "production", platform, campaignId, eventType, email, activityId, timestamp, timestampMs: 0 };
    results[i] = { ok: true, key: `${platform}_${campaignId}_${eventType}_${activityId ?? "fb"}_`, fingerprint: "", fallbackUsed: activityId === null, canonical };
  }
  for (let i = 0; i < inputs.length; i++) {
    const fingerprint = hash("sha256", page.subarray(starts[i] as number, ends[i] as number), "hex");
    const result = results[i] as FloorResult;
    result.fingerprint = fingerprint;
    result.key = result.key + fingerprint.slice(0, 8);
  }
  return results;
}
