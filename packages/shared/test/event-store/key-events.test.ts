import { createEventKeyEngine, keyEvents, type CanonicalEvent } from "@full-sync/shared";

describe("keyEvents", () => {
  it("when a page mixes valid and invalid events, then valid ones are keyed with normalised fields and invalid ones reported by position", () => {
    const engine = createEventKeyEngine();
    const events: CanonicalEvent[] = [
      { platform: "lemlist", campaignId: "cam_1", eventType: "emailsOpened", email: " A@B.co ", activityId: "act_1", occurredAt: "2024-01-15T11:30:00+01:00" },
      { platform: "lemlist", campaignId: "cam_1", eventType: "email_sent", email: "broken", activityId: "act_2", occurredAt: "2024-01-15T10:30:00.000Z" },
    ];
    const { keyed, invalid } = keyEvents({ engine, namespace: "production", events });
    expect(invalid).toEqual([{ index: 1, reason: "malformed_email", field: "email", message: expect.any(String) }]);
    expect(keyed).toHaveLength(1);
    expect(keyed[0]).toMatchObject({ eventType: "email_opened", email: "a@b.co", occurredAt: "2024-01-15T10:30:00.000Z", key: expect.stringMatching(/^lemlist_cam1_emailopened_act1_[0-9a-f]{8}$/) });
    expect(engine.drainCounts()).toMatchObject({ generated: 1, invalid: 1, keys: 2 });
  });
});
