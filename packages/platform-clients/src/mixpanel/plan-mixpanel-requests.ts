import type { MixpanelImportEvent } from "@full-sync/shared";

export const MIXPANEL_MAX_EVENTS = 2000;
/** The documented 413 example's 2 MB, less room for the array's brackets and commas. */
export const MIXPANEL_MAX_BYTES = 2_097_152 - 16_384;

/** Consecutive parts of at most maxEvents events and maxBytes of uncompressed JSON; offsets into the input. */
export function planMixpanelRequests(options: { events: MixpanelImportEvent[]; maxEvents: number; maxBytes: number }): { offset: number; events: MixpanelImportEvent[] }[] {
  const parts: { offset: number; events: MixpanelImportEvent[] }[] = [];
  let start = 0;
  let bytes = 2;
  options.events.forEach((event, index) => {
    const size = Buffer.byteLength(JSON.stringify(event)) + 1;
    const count = index - start;
    if (count > 0 && (count >= options.maxEvents || bytes + size > options.maxBytes)) {
      parts.push({ offset: start, events: options.events.slice(start, index) });
      start = index;
      bytes = 2;
    }
    bytes += size;
  });
  if (start < options.events.length) parts.push({ offset: start, events: options.events.slice(start) });
  return parts;
}
