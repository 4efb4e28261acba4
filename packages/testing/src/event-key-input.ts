import type { EventKeyInput } from "@full-sync/shared";

/**
 * The contract's example event (`lemlist_campaign123_emailsent_activity456_...`), valid in every field, with
 * the given fields replaced: tests change one field at a time from a known good input.
 */
export function eventKeyInput(overrides: Partial<Record<keyof EventKeyInput, unknown>> = {}): EventKeyInput {
  return {
    platform: "lemlist",
    campaignId: "campaign_123",
    eventType: "email_sent",
    email: "user@example.com",
    activityId: "activity_456",
    timestamp: "2024-01-15T10:30:00Z",
    namespace: "production",
    ...overrides,
  };
}
