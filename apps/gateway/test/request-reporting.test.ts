import http from "node:http";
import type { AddressInfo } from "node:net";
import { Router } from "express";
import request from "supertest";
import { waitFor } from "@full-sync/testing";
import { createGatewayHarness, type GatewayHarness } from "./gateway-harness";

describe("each finished request reported once: log line, audit row", () => {
  let h: GatewayHarness;
  let key: { key: string; id: string; auth: [string, string] };
  let server: http.Server;
  let arrived: () => void;

  beforeAll(async () => {
    h = await createGatewayHarness({
      // A route that never answers, so the only way the request ends is the client hanging up.
      extraRouters: [{ basePath: "/api/test-hangup", create: () => Router().get("/", () => arrived()) }],
    });
    key = await h.key({ scopes: ["*"] });
    server = h.app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await h.close();
  });

  const auditRows = (requestId: string) => h.db.prisma.auditRecord.findMany({ where: { requestId } });
  const logLines = (requestId: string) => h.logs.parsed().filter((l) => l.requestId === requestId && typeof l.status === "number");

  it("when a response completes, then one log line and one audit row carry its status", async () => {
    await request(h.app).get("/api/keys").set(...key.auth).set("X-Request-Id", "report-once-1");
    await h.app.flushAudit();
    const rows = await waitFor(async () => ((await auditRows("report-once-1")).length > 0 ? auditRows("report-once-1") : undefined));
    expect(rows.map((r) => r.status)).toEqual([200]);
    expect(logLines("report-once-1").map((l) => l.status)).toEqual([200]);
  });

  it("when a probe is answered, in any case or with a trailing slash, then its line is at debug and it is not audited", async () => {
    // Probes that need no database (a busy machine could make /readyz's check time out).
    for (const [path, id] of [["/healthz", "probe-1"], ["/HEALTHZ", "probe-2"], ["/metrics/", "probe-3"]] as const) {
      expect((await request(h.app).get(path).set("X-Request-Id", id)).status).toBe(200);
    }
    await request(h.app).get("/api/keys").set(...key.auth).set("X-Request-Id", "not-a-probe-1");
    // Reported after the probes (each finished before the next was sent), so once this row is written all are.
    await waitFor(async () => ((await auditRows("not-a-probe-1")).length === 1 ? true : undefined));
    await h.app.flushAudit();
    for (const id of ["probe-1", "probe-2", "probe-3"]) {
      expect(await auditRows(id)).toEqual([]);
      expect(logLines(id).map((l) => [l.level, l.status])).toEqual([["debug", 200]]);
    }
  });

  it("when the client hangs up before the answer, then the request is reported once, as 499", async () => {
    const reached = new Promise<void>((resolve) => (arrived = resolve));
    const { port } = server.address() as AddressInfo;
    const client = http.get({ host: "127.0.0.1", port, path: "/api/test-hangup", headers: { authorization: key.auth[1], "x-request-id": "hangup-1" } });
    client.on("error", () => undefined); // the hang-up below
    await reached;
    client.destroy();
    const rows = await waitFor(async () => ((await auditRows("hangup-1")).length > 0 ? auditRows("hangup-1") : undefined));
    await h.app.flushAudit();
    expect((await auditRows("hangup-1")).map((r) => r.status)).toEqual([499]);
    expect(rows[0]).toMatchObject({ apiKeyId: key.id, path: "/api/test-hangup" });
    expect(logLines("hangup-1").map((l) => l.status)).toEqual([499]);
  });
});
