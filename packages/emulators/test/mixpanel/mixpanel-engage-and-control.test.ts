import { startMixpanelEmulator, type RunningMixpanelEmulator } from "../../src";
import { httpGet } from "../http-helpers";
import { anEvent, postImport } from "./mixpanel-helpers";

function postEngage(emulator: RunningMixpanelEmulator, updates: unknown[], query = "verbose=1") {
  return httpGet(`${emulator.baseUrl}/engage?${query}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(updates) });
}

describe("mixpanel emulator /engage, rate limit, faults and control", () => {
  let emulator: RunningMixpanelEmulator;
  beforeEach(async () => {
    emulator = await startMixpanelEmulator({ projectId: 7, rateLimit: { limit: 3, windowMs: 60_000 } });
  });
  afterEach(() => emulator.close());

  it("when $set updates carry the project token, then profiles are stored and verbose=1 answers {status: 1, error: null}", async () => {
    const answer = await postEngage(emulator, [
      { $token: emulator.projectToken, $distinct_id: "sam@example.com", $set: { $email: "sam@example.com", opens: 1 } },
      { $token: emulator.projectToken, $distinct_id: "sam@example.com", $set: { opens: 2 } },
      { $token: emulator.projectToken, $distinct_id: "sam@example.com", $set_once: { opens: 9, first_seen: "2026-11-01" } },
    ]);
    expect([answer.status, answer.json()]).toEqual([200, { status: 1, error: null }]);
    expect(emulator.profiles()).toEqual([{ $distinct_id: "sam@example.com", $properties: { $email: "sam@example.com", opens: 2, first_seen: "2026-11-01" } }]);
  });

  it("when some updates fail, then the answer is still 200 with status 0 and the valid updates are applied", async () => {
    const answer = await postEngage(emulator, [
      { $token: "wrong", $distinct_id: "a@example.com", $set: { x: 1 } },
      { $token: emulator.projectToken, $distinct_id: "b@example.com", $set: { x: 2 } },
      { $token: emulator.projectToken, $set: { x: 3 } },
    ]);
    expect(answer.status).toBe(200);
    expect(answer.json()).toEqual({ status: 0, error: expect.stringMatching(/update 0: .*token.*; update 2: .*distinct_id/) });
    expect(emulator.profiles().map((profile) => profile.$distinct_id)).toEqual(["b@example.com"]);
  });

  it("when verbose is not asked, then the body is 1 or 0 as plain text", async () => {
    expect((await postEngage(emulator, [{ $token: emulator.projectToken, $distinct_id: "c", $set: { y: 1 } }], "")).text).toBe("1");
    expect((await postEngage(emulator, [{ $token: "nope", $distinct_id: "c", $set: { y: 1 } }], "")).text).toBe("0");
  });

  it("when the project exceeds its request rate, then 429 with the documented body and no Retry-After", async () => {
    for (let i = 0; i < 3; i += 1) expect((await postImport(emulator, { events: [anEvent(i)], query: "strict=1&project_id=7" })).status).toBe(200);
    const refused = await postImport(emulator, { events: [anEvent(9)], query: "strict=1&project_id=7" });
    expect(refused.status).toBe(429);
    expect(refused.json()).toEqual({ code: 429, error: "Project exceeded rate limits. Please retry the request with exponential backoff.", status: "Too Many Requests" });
    expect(refused.headers.get("retry-after")).toBeNull();
    expect(emulator.stats()).toEqual(expect.objectContaining({ rateLimited: 1, requests: 4 }));
    expect(emulator.rawImports()).toBe(3);
  });

  it.each([
    ["a 429 burst", { rateLimitBurst: { count: 1 } }, 429],
    ["a 503", { serverErrors: { count: 1, status: 503 } }, 503],
    ["a malformed answer", { malformed: { count: 1 } }, 200],
  ])("when %s is injected, then the next import gets it, stores nothing, and the one after succeeds", async (_name, faults, status) => {
    emulator.setFaults(faults);
    const faulty = await postImport(emulator, { events: [anEvent(1)], query: "strict=1&project_id=7" });
    expect(faulty.status).toBe(status);
    if (status === 200) expect(() => faulty.json()).toThrow();
    expect(emulator.rawImports()).toBe(0);
    expect((await postImport(emulator, { events: [anEvent(1)], query: "strict=1&project_id=7" })).status).toBe(200);
    expect(emulator.stats().injectedFaults).toBe(1);
  });

  it("when a connection reset is injected, then the request fails at the socket and nothing is stored", async () => {
    emulator.setFaults({ connectionResets: { count: 1 } });
    await expect(postImport(emulator, { events: [anEvent(1)], query: "strict=1&project_id=7" })).rejects.toThrow();
    expect(emulator.rawImports()).toBe(0);
  });

  it("when events and profiles are stored, then the control endpoints list them and faults can be set over HTTP", async () => {
    await postImport(emulator, { events: [anEvent(1), anEvent(1)], query: "strict=1&project_id=7" });
    await postEngage(emulator, [{ $token: emulator.projectToken, $distinct_id: "d", $set: { z: true } }]);
    expect((await httpGet(`${emulator.controlUrl}/events`)).json()).toEqual(emulator.events());
    expect((await httpGet(`${emulator.controlUrl}/events`)).json<unknown[]>()).toHaveLength(1);
    expect((await httpGet(`${emulator.controlUrl}/profiles`)).json()).toEqual([{ $distinct_id: "d", $properties: { z: true } }]);
    const set = await httpGet(`${emulator.controlUrl}/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ serverErrors: { count: 1 } }) });
    expect(set.status).toBe(204);
    expect((await postImport(emulator, { events: [anEvent(2)], query: "strict=1&project_id=7" })).status).toBe(500);
    expect((await httpGet(`${emulator.controlUrl}/stats`)).json()).toEqual(expect.objectContaining({ injectedFaults: 1, byRoute: { "POST /import": 2, "POST /engage": 1 } }));
  });
});
