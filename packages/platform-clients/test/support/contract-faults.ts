import type { FaultConfig } from "@full-sync/emulators";

/** Every fault kind a client must recover from, as the emulators inject them; both contract suites run them all. */
export const CONTRACT_FAULTS: Array<[string, FaultConfig]> = [
  ["429 with Retry-After in seconds", { rateLimitBurst: { count: 2, retryAfter: "seconds" } }],
  ["429 with Retry-After as a date", { rateLimitBurst: { count: 1, retryAfter: "date" } }],
  ["429 without Retry-After", { rateLimitBurst: { count: 2, retryAfter: "none" } }],
  ["5xx answers", { serverErrors: { count: 1, status: 500 } }],
  ["503 answers", { serverErrors: { count: 2, status: 503 } }],
  ["timeouts", { timeouts: { count: 2 } }],
  ["connection resets", { connectionResets: { count: 2 } }],
  ["malformed bodies", { malformed: { count: 2 } }],
  ["pages repeating items", { repeatItems: { count: 4 } }],
];
