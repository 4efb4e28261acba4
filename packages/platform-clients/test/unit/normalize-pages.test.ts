import { normalizeLemlistPage, normalizeSmartleadPage, type LemlistActivity, type SmartleadStatisticsRow } from "../../src";

const statsRow = (overrides: Partial<SmartleadStatisticsRow> = {}): SmartleadStatisticsRow => ({
  stats_id: "6d6ef88a-d0c9-4b7c-9522-922c05b37a35",
  lead_email: "  John@Example.com ",
  lead_name: "John Ronald Smith",
  sent_time: "2025-07-07T11:13:06.744Z",
  open_time: "2025-07-07T12:00:00.000Z",
  click_time: null,
  reply_time: null,
  is_unsubscribed: false,
  is_bounced: false,
  ...overrides,
});

const activity = (overrides: Partial<LemlistActivity> = {}): LemlistActivity => ({
  _id: "act_1",
  type: "emailsOpened",
  createdAt: "2025-10-27T20:20:59.696Z",
  campaignId: "cam_1",
  leadId: "lea_1",
  leadEmail: " Sam@Example.com",
  leadFirstName: "Sam",
  ...overrides,
});

describe("normalizeSmartleadPage", () => {
  it("when a page has rows with and without a usable email, then events and people come from the good rows and each bad row is rejected once", () => {
    const page = normalizeSmartleadPage([statsRow(), statsRow({ stats_id: "s2", lead_email: "not an email" }), statsRow({ stats_id: "s3", lead_email: null })], 42);
    expect(page.events.map((e) => `${e.eventType}|${e.email}|${e.campaignId}`)).toEqual(["email_sent|john@example.com|42", "email_opened|john@example.com|42"]);
    expect(page.people).toEqual([{ email: "john@example.com", firstName: "John", lastName: "Ronald Smith" }]);
    expect(page.rejected).toEqual([{ reason: "statistics row without a usable lead_email" }, { reason: "statistics row without a usable lead_email" }]);
  });

  it("when a row has no lead_name, then the person has an email and no names", () => {
    expect(normalizeSmartleadPage([statsRow({ lead_name: undefined })], 1).people).toEqual([{ email: "john@example.com", firstName: null, lastName: null }]);
  });
});

describe("normalizeLemlistPage", () => {
  it("when a page mixes good and unusable activities, then one event per good activity, the leads with an email, and a reason per rejected one", () => {
    const page = normalizeLemlistPage([activity(), activity({ _id: "act_2", type: undefined }), activity({ _id: "act_3", leadEmail: undefined, email: undefined })]);
    expect(page.events.map((e) => `${e.activityId}|${e.eventType}|${e.email}`)).toEqual(["act_1|email_opened|sam@example.com"]);
    // The activity without a type still names its lead.
    expect(page.people.map((p) => p.email)).toEqual(["sam@example.com", "sam@example.com"]);
    expect(page.rejected).toEqual([{ reason: "no activity type" }, { reason: "no usable email (leadEmail/email)" }]);
  });
});
