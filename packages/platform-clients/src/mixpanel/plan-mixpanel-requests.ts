import type { MixpanelImportEvent } from "@full-sync/shared";

export const MIXPANEL_MAX_EVENTS = 2000;
/** The documented 413 example's 2 MB, less room for the array's brackets and commas. */
export const MIXPANEL_MAX_BYTES = 2_097_152 - 16_384;

export interface MixpanelRequestPart {
  /** Index of the part's first event in the input. */
  offset: number;
  events: MixpanelImportEvent[];
  /** Each event's JSON, measured once here and sent as is (the request body is `[` + these joined by `,` + `]`). */
  json: string[];
}

/** Consecutive parts of at most maxEvents events and maxBytes of uncompressed JSON; offsets into the input. */
export function planMixpanelRequests(options: { events: MixpanelImportEvent[]; maxEvents: number; maxBytes: number }): MixpanelRequestPart[] {
  const parts: MixpanelRequestPart[] = [];
  let start = 0;
  let bytes = 2;
  let json: string[] = [];
  options.events.forEach((event, index) => {
    const text = JSON.stringify(event);
    const size = Buffer.byteLength(text) + 1;
    const count = index - start;
    if (count > 0 && (count >= options.maxEvents || bytes + size > options.maxBytes)) {
      parts.push({ offset: start, events: options.events.slice(start, index), json });
      start = index;
      bytes = 2;
      json = [];
    }
    bytes += size;
    json.push(text);
  });
  if (start < options.events.length) parts.push({ offset: start, events: options.events.slice(start), json });
  return parts;
}
