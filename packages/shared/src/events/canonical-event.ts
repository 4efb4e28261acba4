import { SOURCE_PLATFORMS, type SourcePlatform } from "../platforms/platforms";

/** The platforms events come from (the source platforms). */
export const PLATFORMS = SOURCE_PLATFORMS;
export type Platform = SourcePlatform;

/**
 * One engagement event as every part of the product sees it, whichever platform it came from.
 * Emulators generate these as ground truth; platform normalisers produce them from records; the event-key
 * engine keys them; the worker stores them.
 */
export interface CanonicalEvent {
  platform: Platform;
  /** Platform campaign id as a string (Smartlead's numeric ids too). */
  campaignId: string;
  /** Canonical type: email_sent, email_opened, ...; unknown platform types kept in snake_case. */
  eventType: string;
  /** Trimmed and lower-cased. */
  email: string;
  /** Lemlist activity `_id`; Smartlead statistics `stats_id` (the event type tells the events of one row apart). */
  activityId: string | null;
  /** ISO 8601 UTC with milliseconds. */
  occurredAt: string;
  raw?: Record<string, unknown>;
}

/** What a source platform's normaliser makes of one page of records. */
export interface NormalizedPage {
  events: CanonicalEvent[];
  people: CanonicalPerson[];
  /** Records that could not be turned into events (no usable email, ...), with a reason. */
  rejected: { reason: string }[];
}

/** A person as the platforms describe them, keyed by normalised email within a namespace. */
export interface CanonicalPerson {
  email: string;
  firstName?: string | null;
  lastName?: string | null;
  companyName?: string | null;
  /** e.g. { smartlead_lead_id: "2995276770", lemlist_lead_id: "lea_..." } */
  platformIds?: Record<string, string>;
}
