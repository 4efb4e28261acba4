import { createEventKeyEngine, type CanonicalEvent } from "@full-sync/shared";
import { normalizeLemlistPage, normalizeSmartleadPage, readIngestDelivery, type SmartleadStatisticsRow } from "../../src";

// Golden vectors of the identity rule (packages/shared/src/event-keys/README.md, "Pushed and polled events"): the key
// a webhook delivery gets and the key its polled copy gets. Pinned: a change is a breaking change of stored keys.
const engine = createEventKeyEngine();
const keyOf = (event: CanonicalEvent | undefined) => {
  if (!event) throw new Error("no event");
  const result = engine.generate({ ...event, timestamp: event.occurredAt, namespace: "production" });
  if (!result.ok) throw new Error(result.message);
  return result.key;
};

const STATS_ID = "a1b2c3d4-0000-4000-8000-000000000001";
const row: SmartleadStatisticsRow = {
  stats_id: STATS_ID,
  lead_name: "Bob Stone",
  lead_email: "Bob@Example.com",
  sent_time: "2026-11-20T09:00:00.000Z",
  open_time: "2026-11-20T10:15:30.000Z",
  click_time: "2026-11-20T10:16:00.000Z",
  reply_time: "2026-11-21T08:00:00.000Z",
  is_bounced: true,
  is_unsubscribed: true,
};
const polled = new Map(normalizeSmartleadPage([row], 4242).events.map((e) => [e.eventType, keyOf(e)]));
const pushed = (eventType: string, eventTimestamp: string, extra: Record<string, unknown> = {}) =>
  keyOf(readIngestDelivery.smartlead({ event_type: eventType, campaign_id: 4242, stats_id: STATS_ID, sl_lead_email: "bob@example.com", event_timestamp: eventTimestamp, ...extra }).events[0]);

describe("identity of pushed and polled events (golden vectors)", () => {
  it("when Lemlist pushes an activity, then its key is the polled activity's key (same _id, same object)", () => {
    const activity = { _id: "act_7f3a9c", type: "emailsOpened", createdAt: "2026-11-20T10:15:30.000Z", campaignId: "cam_QX12", leadEmail: "ada@example.com" };
    const key = "lemlist_camQX12_emailopened_act7f3a9c_701d6aac";
    expect(keyOf(normalizeLemlistPage([activity]).events[0])).toBe(key);
    expect(keyOf(readIngestDelivery.lemlist({ ...activity }).events[0])).toBe(key);
  });

  it.each([
    ["EMAIL_SENT", "email_sent", row.sent_time, {}, "smartlead_4242_emailsent_a1b2c3d4000040008000000000000001_54be24df"],
    ["FIRST_EMAIL_SENT", "email_sent", row.sent_time, {}, "smartlead_4242_emailsent_a1b2c3d4000040008000000000000001_54be24df"],
    ["EMAIL_OPEN", "email_opened", row.open_time, {}, "smartlead_4242_emailopened_a1b2c3d4000040008000000000000001_1fda10f6"],
    ["EMAIL_LINK_CLICK", "email_clicked", row.click_time, {}, "smartlead_4242_emailclicked_a1b2c3d4000040008000000000000001_4d72f535"],
    ["EMAIL_REPLY", "email_replied", row.reply_time, {}, "smartlead_4242_emailreplied_a1b2c3d4000040008000000000000001_67a231ed"],
    // A bounce is dated by the email it bounced (the statistics row's sent_time), which the delivery carries.
    ["EMAIL_BOUNCE", "email_bounced", "2026-11-20T09:00:05.000Z", { sent_message: { time: row.sent_time } }, "smartlead_4242_emailbounced_a1b2c3d4000040008000000000000001_8a428070"],
  ])("when Smartlead pushes %s at the time its statistics row records, then the key is the polled %s key", (type, eventType, at, extra, key) => {
    expect(pushed(type, at as string, extra)).toBe(key);
    expect(polled.get(eventType)).toBe(key);
  });

  it("when Smartlead pushes a repeat open or an unsubscribe, then its key differs from the polled one and the store's identity rule (stats_id, type) keeps one row", () => {
    expect(pushed("EMAIL_OPEN", "2026-11-20T18:00:00.000Z")).toBe("smartlead_4242_emailopened_a1b2c3d4000040008000000000000001_3e6f4600");
    expect(pushed("LEAD_UNSUBSCRIBED", "2026-11-22T00:00:00.000Z")).toBe("smartlead_4242_emailunsubscribed_a1b2c3d4000040008000000000000001_81ee48e9");
    expect(polled.get("email_unsubscribed")).toBe("smartlead_4242_emailunsubscribed_a1b2c3d4000040008000000000000001_5c99f776");
  });

  it("when Smartlead pushes the nested shape, then the event is the flat shape's", () => {
    const nested = readIngestDelivery.smartlead({ event: "EMAIL_OPEN", timestamp: row.open_time, campaign_id: "4242", stats_id: STATS_ID, lead: { email: " BOB@example.com" } });
    expect(keyOf(nested.events[0])).toBe("smartlead_4242_emailopened_a1b2c3d4000040008000000000000001_1fda10f6");
  });

  it("when Smartlead pushes LEAD_CATEGORY_UPDATED, then no event and no rejection; when a field is missing, then a rejection naming it", () => {
    expect(readIngestDelivery.smartlead({ event_type: "LEAD_CATEGORY_UPDATED", campaign_id: 1 })).toEqual({ events: [], people: [], rejected: [] });
    expect(readIngestDelivery.smartlead({ event_type: "EMAIL_OPEN", campaign_id: 1, sl_lead_email: "a@b.co", event_timestamp: row.open_time }).rejected).toEqual([{ reason: "no stats_id" }]);
    expect(readIngestDelivery.lemlist({ type: "emailsOpened" }).rejected).toEqual([{ reason: "no activity _id" }]);
  });
});
