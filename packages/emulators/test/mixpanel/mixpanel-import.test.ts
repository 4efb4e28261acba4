import { startMixpanelEmulator, type RunningMixpanelEmulator } from "../../src";
import { anEvent, gzipped, postImport } from "./mixpanel-helpers";

const INVALID_CREDENTIALS = { code: 401, error: "Invalid credentials", status: "Unauthorized" };

describe("mixpanel emulator /import", () => {
  let emulator: RunningMixpanelEmulator;
  beforeEach(async () => {
    emulator = await startMixpanelEmulator({ projectId: 42, maxBytes: 50_000, rateLimit: { limit: 1000, windowMs: 1000 } });
  });
  afterEach(() => emulator.close());

  it("when the service account and project_id are right, then the events are imported with 200 and the documented body", async () => {
    const answer = await postImport(emulator, { events: [anEvent(1), anEvent(2)] });
    expect(answer.status).toBe(200);
    expect(answer.json()).toEqual({ code: 200, num_records_imported: 2, status: "OK" });
    expect(emulator.events().map((event) => event.properties.$insert_id)).toEqual(["ins-1", "ins-2"]);
  });

  it.each([
    ["no Authorization header", null, "strict=1&project_id=42"],
    ["a wrong secret", `Basic ${Buffer.from("full-sync.42.mp-service-account:wrong").toString("base64")}`, "strict=1&project_id=42"],
  ])("when the request has %s, then 401 with the documented body and nothing is stored", async (_name, authorization, query) => {
    const answer = await postImport(emulator, { events: [anEvent(1)], authorization, query });
    expect(answer.status).toBe(401);
    expect(answer.json()).toEqual(INVALID_CREDENTIALS);
    expect(emulator.rawImports()).toBe(0);
  });

  it("when the service account is right but project_id is missing or another project, then 401", async () => {
    expect((await postImport(emulator, { events: [anEvent(1)], query: "strict=1" })).json()).toEqual(INVALID_CREDENTIALS);
    expect((await postImport(emulator, { events: [anEvent(1)], query: "strict=1&project_id=43" })).status).toBe(401);
  });

  it("when the project token is the Basic user with an empty password, then it is accepted; with a password it is not", async () => {
    const token = (password: string) => `Basic ${Buffer.from(`${emulator.projectToken}:${password}`).toString("base64")}`;
    expect((await postImport(emulator, { events: [anEvent(1)], authorization: token(""), query: "strict=1" })).status).toBe(200);
    expect((await postImport(emulator, { events: [anEvent(2)], authorization: token("x"), query: "strict=1" })).status).toBe(401);
  });

  it("when some events fail strict validation, then 400 lists each failed record and the valid events are still ingested", async () => {
    const future = Date.now() + 2 * 3_600_000;
    const events = [
      anEvent(0),
      anEvent(1, { time: Date.UTC(1970, 5, 1) }),
      anEvent(2, { time: future }),
      anEvent(3, { distinct_id: "undefined" }),
      anEvent(4, { $insert_id: "has spaces!" }),
      anEvent(5, { $insert_id: "x".repeat(37) }),
      { properties: anEvent(6).properties },
      anEvent(7, { time: 1_760_000_007 }),
    ];
    const answer = await postImport(emulator, { events });
    expect(answer.status).toBe(400);
    const body = answer.json<{ failed_records: { index: number; insert_id: string; field: string; message: string }[] }>();
    expect(body).toEqual(expect.objectContaining({ code: 400, error: "some data points in the request failed validation", status: "Bad Request", num_records_imported: 2 }));
    expect(body.failed_records.map(({ index, insert_id, field }) => ({ index, insert_id, field }))).toEqual([
      { index: 1, insert_id: "ins-1", field: "properties.time" },
      { index: 2, insert_id: "ins-2", field: "properties.time" },
      { index: 3, insert_id: "ins-3", field: "properties.distinct_id" },
      { index: 4, insert_id: "has spaces!", field: "properties.$insert_id" },
      { index: 5, insert_id: "x".repeat(37), field: "properties.$insert_id" },
      { index: 6, insert_id: "ins-6", field: "event" },
    ]);
    expect(body.failed_records[3]!.message).toBe("'$insert_id' is invalid: must only contain alphanumeric or hyphen '-' characters");
    // Seconds and milliseconds are both accepted.
    expect(emulator.events().map((event) => event.properties.$insert_id)).toEqual(["ins-0", "ins-7"]);
  });

  it.each(["anon", "NULL", " none ", "0", "-1", "false", "00000000-0000-0000-0000-000000000000"])("when distinct_id is the placeholder %p, then the event is refused", async (distinctId) => {
    const answer = await postImport(emulator, { events: [anEvent(1, { distinct_id: distinctId })] });
    expect(answer.status).toBe(400);
    expect(emulator.rawImports()).toBe(0);
  });

  it("when strict is not 1, then invalid events are dropped silently with 200", async () => {
    const answer = await postImport(emulator, { events: [anEvent(1), anEvent(2, { distinct_id: "null" })], query: "project_id=42" });
    expect(answer.json()).toEqual({ code: 200, num_records_imported: 1, status: "OK" });
  });

  it("when a request has 2000 events it is accepted, and 2001 events are refused whole", async () => {
    const big = await startMixpanelEmulator({ projectId: 42, maxBytes: 10_000_000 });
    try {
      const events = Array.from({ length: 2001 }, (_, index) => anEvent(index));
      const refused = await postImport(big, { events });
      expect(refused.status).toBe(400);
      expect(refused.json()).toEqual({ code: 400, error: "request exceeds max limit of 2000 records", status: "Bad Request" });
      expect(big.rawImports()).toBe(0);
      expect((await postImport(big, { events: events.slice(0, 2000) })).json()).toEqual({ code: 200, num_records_imported: 2000, status: "OK" });
    } finally {
      await big.close();
    }
  });

  it("when the uncompressed body exceeds maxBytes (plain or gzipped), then 413 with the documented body", async () => {
    const events = Array.from({ length: 600 }, (_, index) => anEvent(index));
    const text = JSON.stringify(events);
    expect(text.length).toBeGreaterThan(50_000);
    const expected = { code: 413, error: "request exceeds max limit of 50000 bytes", status: "Request Entity Too Large" };
    const plain = await postImport(emulator, { body: text });
    expect([plain.status, plain.json()]).toEqual([413, expected]);
    const compressed = gzipped(text);
    expect(compressed.length).toBeLessThan(50_000);
    const zipped = await postImport(emulator, { body: compressed, headers: { "content-encoding": "gzip" } });
    expect([zipped.status, zipped.json()]).toEqual([413, expected]);
    expect(emulator.rawImports()).toBe(0);
  });

  it("when the default limit applies, then it is the documented 2 MB", async () => {
    const defaults = await startMixpanelEmulator({});
    try {
      const answer = await postImport(defaults, { body: `[${" ".repeat(2_097_153)}]` });
      expect(answer.json()).toEqual({ code: 413, error: "request exceeds max limit of 2097152 bytes", status: "Request Entity Too Large" });
    } finally {
      await defaults.close();
    }
  });

  it("when the body is gzipped NDJSON, then every line is imported", async () => {
    const ndjson = [anEvent(1), anEvent(2), anEvent(3)].map((event) => JSON.stringify(event)).join("\n");
    const answer = await postImport(emulator, { body: gzipped(`${ndjson}\n`), headers: { "content-encoding": "gzip", "content-type": "application/x-ndjson" } });
    expect(answer.json()).toEqual({ code: 200, num_records_imported: 3, status: "OK" });
  });

  it("when the body is not JSON, then 400 and nothing is stored", async () => {
    const answer = await postImport(emulator, { body: "[{not json" });
    expect(answer.status).toBe(400);
    expect(answer.json()).toEqual(expect.objectContaining({ code: 400, status: "Bad Request" }));
  });

  it("when the same batch is sent again, then raw imports double but the deduplicated events do not", async () => {
    const events = [anEvent(1), anEvent(2)];
    await postImport(emulator, { events });
    await postImport(emulator, { events });
    expect(emulator.rawImports()).toBe(4);
    expect(emulator.events()).toHaveLength(2);
  });

  it("when events share $insert_id but differ in event, distinct_id or time, or lack $insert_id, then none are deduplicated", async () => {
    const base = anEvent(1);
    const events = [
      base,
      { ...base, event: "email_clicked" },
      anEvent(1, { distinct_id: "someone-else" }),
      anEvent(1, { time: 1_760_000_001_001 }),
      anEvent(9, { $insert_id: undefined }),
      anEvent(9, { $insert_id: undefined }),
      // The same instant in seconds is the same time.
      anEvent(1, { time: 1_760_000_001 }),
    ];
    await postImport(emulator, { events });
    expect(emulator.rawImports()).toBe(7);
    expect(emulator.events()).toHaveLength(6);
  });
});
