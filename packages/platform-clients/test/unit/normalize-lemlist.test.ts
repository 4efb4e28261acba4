import { explainLemlistActivity, normalizeLemlistActivity, normalizeLemlistActivityPerson, normalizeLemlistPage, type LemlistActivity } from "../../src";

const activity = (overrides: Partial<LemlistActivity> = {}): LemlistActivity => ({
  _id: "act_x6esGLhoPa2SMHCZ7",
  type: "emailsOpened",
  createdAt: "2025-10-27T20:20:59.696Z",
  campaignId: "cam_1",
  leadId: "lea_1",
  leadEmail: " Sam@Example.com",
  leadFirstName: "Sam",
  leadLastName: "Taylor",
  leadCompanyName: "Unicorn",
  ...overrides,
});

describe("normalizeLemlistActivity", () => {
  it("when an email activity arrives, then one canonical event with its id, campaign and time", () => {
    expect(normalizeLemlistActivity(activity())).toEqual({
      platform: "lemlist",
      campaignId: "cam_1",
      eventType: "email_opened",
      email: "sam@example.com",
      activityId: "act_x6esGLhoPa2SMHCZ7",
      occurredAt: "2025-10-27T20:20:59.696Z",
      raw: activity(),
    });
  });

  it("when the type is unknown, then it is kept in snake_case", () => {
    expect(normalizeLemlistActivity(activity({ type: "linkedinVisitDone" }))?.eventType).toBe("linkedin_visit_done");
  });

  it("when only the v1 flat email is present, then it is used", () => {
    expect(normalizeLemlistActivity(activity({ leadEmail: undefined, email: "a@b.co" }))?.email).toBe("a@b.co");
  });

  it("when there is no usable email, then null with a reason", () => {
    const result = explainLemlistActivity(activity({ leadEmail: null }));
    expect(result.event).toBeNull();
    expect(result.reason).toMatch(/email/);
    expect(normalizeLemlistActivity(activity({ leadEmail: "nope" }))).toBeNull();
  });
});

describe("normalizeLemlistActivityPerson", () => {
  it("when the activity names its lead, then the person carries lemlist_lead_id", () => {
    expect(normalizeLemlistActivityPerson(activity())).toEqual({
      email: "sam@example.com",
      firstName: "Sam",
      lastName: "Taylor",
      companyName: "Unicorn",
      platformIds: { lemlist_lead_id: "lea_1" },
    });
  });

  it("when only the nested lead has the id, then that id is used", () => {
    const person = normalizeLemlistActivityPerson(activity({ leadId: undefined, lead: { _id: "lea_2" } }));
    expect(person?.platformIds).toEqual({ lemlist_lead_id: "lea_2" });
  });
});

describe("normalizeLemlistPage", () => {
  it("when a page mixes good and unusable activities, then one event per good activity, the leads with an email, and a reason per rejected one", () => {
    const page = normalizeLemlistPage([activity({ _id: "act_1" }), activity({ _id: "act_2", type: undefined }), activity({ _id: "act_3", leadEmail: undefined, email: undefined })]);
    expect(page.events.map((e) => `${e.activityId}|${e.eventType}|${e.email}`)).toEqual(["act_1|email_opened|sam@example.com"]);
    // The activity without a type still names its lead.
    expect(page.people.map((p) => p.email)).toEqual(["sam@example.com", "sam@example.com"]);
    expect(page.rejected).toEqual([{ reason: "no activity type" }, { reason: "no usable email (leadEmail/email)" }]);
  });
});
