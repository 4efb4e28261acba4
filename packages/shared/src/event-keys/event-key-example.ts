import type { EventKeyInput } from "./event-key-types";

/** The API contract's example event (`lemlist_campaign123_emailsent_activity456_...`): documented and tested. */
export const EVENT_KEY_INPUT_EXAMPLE: EventKeyInput = {
  platform: "lemlist",
  campaignId: "campaign_123",
  eventType: "email_sent",
  email: "user@example.com",
  activityId: "activity_456",
  timestamp: "2024-01-15T10:30:00Z",
  namespace: "production",
};
