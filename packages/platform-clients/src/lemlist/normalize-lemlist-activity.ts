import { normalizeEventType, type CanonicalEvent } from "@full-sync/shared";
import { lemlistActivityEmail } from "./lemlist-activity-email";
import { toIsoTimestamp } from "../to-iso-timestamp";
import type { LemlistActivity } from "./lemlist-types";

export type LemlistNormalization = { event: CanonicalEvent; reason?: undefined } | { event: null; reason: string };

/** One activity gives one event; unknown types are kept under their snake_case name. */
export function normalizeLemlistActivity(activity: LemlistActivity): CanonicalEvent | null {
  return explainLemlistActivity(activity).event;
}

/** The same normalisation, saying why an activity gives no event (for skip counters and logs). */
export function explainLemlistActivity(
  activity: LemlistActivity,
  /** The activity's email, normalised: a page normaliser passes the one it already has. */
  email: string | undefined = lemlistActivityEmail(activity),
): LemlistNormalization {
  if (!email) return { event: null, reason: "no usable email (leadEmail/email)" };
  const eventType = normalizeEventType(activity.type);
  if (!eventType) return { event: null, reason: "no activity type" };
  const occurredAt = toIsoTimestamp(activity.createdAt);
  if (!occurredAt) return { event: null, reason: "no readable createdAt" };
  if (typeof activity.campaignId !== "string" || !activity.campaignId) return { event: null, reason: "no campaignId" };
  return {
    event: {
      platform: "lemlist",
      campaignId: activity.campaignId,
      eventType,
      email,
      activityId: typeof activity._id === "string" ? activity._id : null,
      occurredAt,
      raw: activity,
    },
  };
}
