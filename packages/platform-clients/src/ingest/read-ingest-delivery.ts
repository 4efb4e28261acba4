import type { NormalizedPage, SourcePlatform } from "@full-sync/shared";
import type { LemlistActivity } from "../lemlist/lemlist-types";
import { normalizeLemlistPage } from "../lemlist/normalize-lemlist-page";
import { normalizeSmartleadWebhook } from "../smartlead/normalize-smartlead-webhook";

/**
 * One webhook delivery per platform as the events it holds: the receiver checks a delivery with it before queueing
 * it, and the ingest-drain job stores what it gives with the polled sync's engine and store.
 */
export const readIngestDelivery: Record<SourcePlatform, (payload: Record<string, unknown>) => NormalizedPage> = {
  // A Lemlist hook delivers the activity object of the API, with the same _id: the key needs that id.
  lemlist: (payload) =>
    typeof payload._id === "string" && payload._id !== ""
      ? normalizeLemlistPage([payload as LemlistActivity])
      : { events: [], people: [], rejected: [{ reason: "no activity _id" }] },
  smartlead: normalizeSmartleadWebhook,
};
