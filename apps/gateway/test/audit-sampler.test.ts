import type { AuditEntry } from "@full-sync/shared";
import { createUnauthenticatedAuditSampler } from "../src/observability/sample-unauthenticated-audit";
import { createCapturingLogger } from "./gateway-harness";

const entry = (clientIp: string, apiKeyId: string | null = null): AuditEntry => ({
  requestId: "r",
  apiKeyId,
  method: "GET",
  path: "/api/event-keys/stats",
  status: apiKeyId ? 200 : 401,
  durationMs: 1,
  clientIp,
  userAgent: null,
});

describe("unauthenticated audit sampling", () => {
  it("when one client sends many unauthenticated requests, then only the first few per window are admitted, and the skipped count is logged when its window ends", () => {
    const { logger, logs } = createCapturingLogger();
    let now = 1_000_000;
    const sampler = createUnauthenticatedAuditSampler({ logger, perClient: 3, windowMs: 60_000, now: () => now });

    const admitted = Array.from({ length: 50 }, () => sampler.admit(entry("198.51.100.1"))).filter(Boolean).length;
    expect(admitted).toBe(3);
    expect(logs.text()).not.toContain("not recorded individually");

    now += 60_000;
    expect(sampler.admit(entry("198.51.100.1"))).toBe(true);
    const report = logs.parsed().find((line) => String(line.message).includes("not recorded individually"));
    expect(report).toMatchObject({ skipped: 47, recorded: 3, client: "198.51.100.1" });
  });

  it("when requests are authenticated or come from other clients, then they are admitted regardless", () => {
    const { logger } = createCapturingLogger();
    const sampler = createUnauthenticatedAuditSampler({ logger, perClient: 1, now: () => 0 });
    sampler.admit(entry("198.51.100.2"));

    expect(sampler.admit(entry("198.51.100.2", "key-id"))).toBe(true);
    expect(sampler.admit(entry("198.51.100.3"))).toBe(true);
    expect(sampler.admit(entry("198.51.100.2"))).toBe(false);
  });

  it("when IPv6 clients rotate addresses within one /56, then they share one sample", () => {
    const { logger } = createCapturingLogger();
    const sampler = createUnauthenticatedAuditSampler({ logger, perClient: 2, now: () => 0 });

    const admitted = Array.from({ length: 20 }, (_, i) => sampler.admit(entry(`2001:4860:4860:00${(i % 10).toString(16)}0::${i + 1}`))).filter(Boolean).length;

    expect(admitted).toBe(2);
  });
});
