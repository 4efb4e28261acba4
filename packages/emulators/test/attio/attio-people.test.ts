import { startAttioEmulator, type RunningAttioEmulator } from "../../src";
import { httpGet } from "../http-helpers";
import { attioRequest, upsertPerson, type RecordAnswer } from "./attio-helpers";

const UNLIMITED = { limit: 1_000_000, windowMs: 1000 };

describe("attio emulator people API", () => {
  let emulator: RunningAttioEmulator;
  beforeEach(async () => {
    emulator = await startAttioEmulator({ seed: 2, readRateLimit: UNLIMITED, writeRateLimit: UNLIMITED });
  });
  afterEach(() => emulator.close());

  it.each([
    ["no token", null],
    ["a wrong token", "not-a-token"],
  ])("when the request has %s, then 401 with Attio's auth_error body", async (_name, token) => {
    const answer = await attioRequest(emulator, { path: "/self", token });
    expect(answer.status).toBe(401);
    expect(answer.json()).toEqual({ status_code: 401, type: "auth_error", code: "unauthorized", message: expect.any(String) });
  });

  it("when /self is asked with a valid token, then it describes an active token of the workspace", async () => {
    const answer = await attioRequest(emulator, { path: "/self" });
    expect(answer.status).toBe(200);
    expect(answer.json()).toEqual(expect.objectContaining({ active: true, workspace_id: emulator.workspaceId, token_type: "Bearer" }));
  });

  it("when a new email is upserted, then a person is created with the documented response shape and the email lowercased", async () => {
    const answer = await upsertPerson(emulator, { email_addresses: ["Sam.Taylor@Example.com"], name: [{ first_name: "Sam", last_name: "Taylor", full_name: "Sam Taylor" }], job_title: "CTO" });
    expect(answer.status).toBe(200);
    const { data } = answer.json<RecordAnswer>();
    expect(data.id).toEqual({ workspace_id: emulator.workspaceId, object_id: expect.any(String), record_id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(data.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z$/);
    expect(data.web_url).toContain(data.id.record_id);
    expect(data.values.email_addresses).toEqual([expect.objectContaining({ email_address: "sam.taylor@example.com", original_email_address: "Sam.Taylor@Example.com", email_domain: "example.com", attribute_type: "email-address" })]);
    expect(data.values.name).toEqual([expect.objectContaining({ first_name: "Sam", last_name: "Taylor", full_name: "Sam Taylor" })]);
    expect(data.values.job_title).toEqual([expect.objectContaining({ value: "CTO", attribute_type: "text" })]);
    expect(data.values.description).toEqual([]);
    expect(emulator.people()).toHaveLength(1);
  });

  it("when a known email is upserted again with another email, then the same record is updated, keeping old emails and adding new ones", async () => {
    const first = (await upsertPerson(emulator, { email_addresses: ["sam@example.com"], job_title: "CTO" })).json<RecordAnswer>().data;
    const second = (await upsertPerson(emulator, { email_addresses: ["SAM@example.com", "sam@work.example.com"], job_title: "CEO" })).json<RecordAnswer>().data;
    expect(second.id.record_id).toBe(first.id.record_id);
    expect(second.values.email_addresses!.map((value) => value.email_address)).toEqual(["sam@example.com", "sam@work.example.com"]);
    expect(second.values.job_title!.map((value) => value.value)).toEqual(["CEO"]);
    const third = (await upsertPerson(emulator, { email_addresses: ["sam@work.example.com"] })).json<RecordAnswer>().data;
    expect(third.id.record_id).toBe(first.id.record_id);
    expect(third.values.email_addresses).toHaveLength(2);
    expect(emulator.people()).toHaveLength(1);
    const read = await attioRequest(emulator, { path: `/objects/people/records/${first.id.record_id}` });
    expect(read.json<RecordAnswer>().data.values.email_addresses!.map((value) => value.email_address)).toEqual(["sam@example.com", "sam@work.example.com"]);
  });

  it("when the emails given belong to two different records, then 400 uniqueness_conflict and nothing is stored", async () => {
    await upsertPerson(emulator, { email_addresses: ["a@example.com"] });
    await upsertPerson(emulator, { email_addresses: ["b@example.com"], job_title: "Before" });
    const before = emulator.people();
    const answer = await upsertPerson(emulator, { email_addresses: ["a@example.com", "b@example.com"], job_title: "After" });
    expect(answer.status).toBe(400);
    expect(answer.json()).toEqual({ status_code: 400, type: "invalid_request_error", code: "uniqueness_conflict", message: expect.stringContaining("b@example.com") });
    expect(emulator.people()).toEqual(before);
  });

  it.each([
    ["an invalid email", { email_addresses: ["not-an-email"] }, "validation_type"],
    ["no email at all", { job_title: "CTO" }, "missing_value"],
    ["an unknown attribute", { email_addresses: ["x@example.com"], shoe_size: 42 }, "value_not_found"],
    ["a read-only interaction attribute", { email_addresses: ["x@example.com"], last_email_interaction: "2026-01-01T00:00:00Z" }, "validation_type"],
  ])("when the values hold %s, then 400 %s and nothing is stored", async (_name, values, code) => {
    const answer = await upsertPerson(emulator, values);
    expect(answer.status).toBe(400);
    expect(answer.json()).toEqual(expect.objectContaining({ status_code: 400, type: "invalid_request_error", code }));
    expect(emulator.people()).toEqual([]);
  });

  it("when the body has no data.values, then 400 validation_type with validation_errors", async () => {
    const answer = await attioRequest(emulator, { method: "PUT", path: "/objects/people/records?matching_attribute=email_addresses", body: { values: {} } });
    expect(answer.json()).toEqual({ status_code: 400, type: "invalid_request_error", code: "validation_type", message: "Body payload validation error.", validation_errors: [{ code: "invalid_type", path: ["data"], message: "Required" }] });
  });

  it("when a custom attribute is created, then it is listed, values of its type are stored, and other types or a duplicate slug are refused", async () => {
    const create = (data: Record<string, unknown>) => attioRequest(emulator, { method: "POST", path: "/objects/people/attributes", body: { data } });
    const created = await create({ title: "Emails opened", api_slug: "emails_opened", type: "number", description: null, is_required: false, is_unique: false, is_multiselect: false, config: {} });
    expect(created.status).toBe(200);
    expect(created.json()).toEqual({ data: expect.objectContaining({ api_slug: "emails_opened", type: "number", is_system_attribute: false, id: expect.objectContaining({ workspace_id: emulator.workspaceId }) }) });
    expect((await create({ title: "Last opened", api_slug: "last_opened_at", type: "timestamp" })).status).toBe(200);
    const duplicate = await create({ title: "Again", api_slug: "emails_opened", type: "number" });
    expect([duplicate.status, duplicate.json<{ code: string }>().code]).toEqual([400, "slug_conflict"]);
    const badType = await create({ title: "Odd", api_slug: "odd", type: "hologram" });
    expect(badType.json()).toEqual(expect.objectContaining({ code: "validation_type", validation_errors: [expect.objectContaining({ path: ["data", "type"] })] }));
    const person = await upsertPerson(emulator, { email_addresses: ["o@example.com"], emails_opened: 3, last_opened_at: "2026-10-01T10:00:00Z" });
    expect(person.json<RecordAnswer>().data.values).toEqual(expect.objectContaining({ emails_opened: [expect.objectContaining({ value: 3 })], last_opened_at: [expect.objectContaining({ value: "2026-10-01T10:00:00.000000000Z" })] }));
    const wrongType = await upsertPerson(emulator, { email_addresses: ["o@example.com"], emails_opened: "three" });
    expect(wrongType.json()).toEqual(expect.objectContaining({ code: "validation_type", validation_errors: [expect.objectContaining({ path: ["data", "values", "emails_opened", 0] })] }));
    const listed = await attioRequest(emulator, { path: "/objects/people/attributes" });
    expect(listed.json<{ data: { api_slug: string }[] }>().data.map((attribute) => attribute.api_slug)).toEqual(expect.arrayContaining(["email_addresses", "emails_opened", "last_opened_at"]));
  });

  it("when people exist, then records/query pages by limit/offset and filters by email, and the control endpoint lists them", async () => {
    for (const email of ["p1@example.com", "p2@example.com", "p3@example.com"]) await upsertPerson(emulator, { email_addresses: [email] });
    const page = await attioRequest(emulator, { method: "POST", path: "/objects/people/records/query", body: { limit: 2, offset: 2 } });
    expect(page.json<{ data: unknown[] }>().data).toHaveLength(1);
    const found = await attioRequest(emulator, { method: "POST", path: "/objects/people/records/query", body: { filter: { email_addresses: "P2@example.com" } } });
    expect(found.json<{ data: RecordAnswer["data"][] }>().data.map((record) => record.values.email_addresses![0]!.email_address)).toEqual(["p2@example.com"]);
    expect((await httpGet(`${emulator.controlUrl}/people`)).json()).toEqual(emulator.people());
    expect((await attioRequest(emulator, { path: "/objects/people/records/00000000-0000-4000-8000-000000000000" })).json()).toEqual(expect.objectContaining({ status_code: 404, code: "not_found" }));
  });
});
