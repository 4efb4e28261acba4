import { normalizeSmartleadLead, normalizeSmartleadPage, normalizeSmartleadStatisticsRow, type SmartleadStatisticsRow } from "../../src";

const row = (overrides: Partial<SmartleadStatisticsRow> = {}): SmartleadStatisticsRow => ({
  stats_id: "6d6ef88a-d0c9-4b7c-9522-922c05b37a35",
  lead_email: "  John@Example.com ",
  sent_time: "2025-07-07T11:13:06.744Z",
  open_time: null,
  click_time: null,
  reply_time: null,
  is_unsubscribed: false,
  is_bounced: false,
  ...overrides,
});

const summary = (events: ReturnType<typeof normalizeSmartleadStatisticsRow>) =>
  events.map((e) => `${e.eventType}@${e.occurredAt}`);

describe("normalizeSmartleadStatisticsRow", () => {
  it("when only an email was sent, then one email_sent event keyed by stats_id", () => {
    const events = normalizeSmartleadStatisticsRow(row(), 123);
    expect(events).toEqual([
      {
        platform: "smartlead",
        campaignId: "123",
        eventType: "email_sent",
        email: "john@example.com",
        activityId: "6d6ef88a-d0c9-4b7c-9522-922c05b37a35",
        occurredAt: "2025-07-07T11:13:06.744Z",
        raw: row(),
      },
    ]);
  });

  it("when the lead engaged, then opened, clicked and replied at their own times", () => {
    const events = normalizeSmartleadStatisticsRow(
      row({ open_time: "2025-07-07T12:00:00Z", click_time: "2025-07-07T12:01:00.5Z", reply_time: "2025-07-08T09:00:00.000Z" }),
      "9",
    );
    expect(summary(events)).toEqual([
      "email_sent@2025-07-07T11:13:06.744Z",
      "email_opened@2025-07-07T12:00:00.000Z",
      "email_clicked@2025-07-07T12:01:00.500Z",
      "email_replied@2025-07-08T09:00:00.000Z",
    ]);
  });

  it("when bounced, then email_bounced at sent_time", () => {
    expect(summary(normalizeSmartleadStatisticsRow(row({ is_bounced: true }), 1))).toEqual([
      "email_sent@2025-07-07T11:13:06.744Z",
      "email_bounced@2025-07-07T11:13:06.744Z",
    ]);
  });

  it("when unsubscribed, then at the latest known time of the row", () => {
    const events = normalizeSmartleadStatisticsRow(
      row({ open_time: "2025-07-09T00:00:00.000Z", click_time: "2025-07-08T00:00:00.000Z", is_unsubscribed: true }),
      1,
    );
    expect(summary(events).at(-1)).toBe("email_unsubscribed@2025-07-09T00:00:00.000Z");
    const onlySent = normalizeSmartleadStatisticsRow(row({ is_unsubscribed: true }), 1);
    expect(summary(onlySent).at(-1)).toBe("email_unsubscribed@2025-07-07T11:13:06.744Z");
  });

  it("when the email is missing or unusable, then no events", () => {
    expect(normalizeSmartleadStatisticsRow(row({ lead_email: null }), 1)).toEqual([]);
    expect(normalizeSmartleadStatisticsRow(row({ lead_email: "not an email" }), 1)).toEqual([]);
  });
});

describe("normalizeSmartleadLead", () => {
  it("when a campaign-lead row has a lead, then the person carries lead.id as smartlead_lead_id", () => {
    const person = normalizeSmartleadLead({
      campaign_lead_map_id: 2433664091,
      lead: { id: 2995276770, first_name: "John", last_name: "Doe", email: "JOHN@example.com", company_name: "Acme" },
    });
    expect(person).toEqual({
      email: "john@example.com",
      firstName: "John",
      lastName: "Doe",
      companyName: "Acme",
      platformIds: { smartlead_lead_id: "2995276770" },
    });
  });

  it("when the row has no lead or no email, then null", () => {
    expect(normalizeSmartleadLead({ campaign_lead_map_id: 1 })).toBeNull();
    expect(normalizeSmartleadLead({ lead: { id: 1, email: "" } })).toBeNull();
  });
});

describe("normalizeSmartleadPage", () => {
  it("when a page has rows with and without a usable email, then events and people come from the good rows and each bad row is rejected once", () => {
    const named = { lead_name: "John Ronald Smith", open_time: "2025-07-07T12:00:00.000Z" };
    const page = normalizeSmartleadPage([row(named), row({ ...named, stats_id: "s2", lead_email: "not an email" }), row({ ...named, stats_id: "s3", lead_email: null })], 42);
    expect(page.events.map((e) => `${e.eventType}|${e.email}|${e.campaignId}`)).toEqual(["email_sent|john@example.com|42", "email_opened|john@example.com|42"]);
    expect(page.people).toEqual([{ email: "john@example.com", firstName: "John", lastName: "Ronald Smith" }]);
    expect(page.rejected).toEqual([{ reason: "statistics row without a usable lead_email" }, { reason: "statistics row without a usable lead_email" }]);
  });

  it("when a row has no lead_name, then the person has an email and no names", () => {
    expect(normalizeSmartleadPage([row({ lead_name: undefined })], 1).people).toEqual([{ email: "john@example.com", firstName: null, lastName: null }]);
  });
});
