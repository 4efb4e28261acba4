import type { FaultConfig } from "../types";

export type RequestFault =
  | { kind: "connectionReset" }
  | { kind: "timeout" }
  | { kind: "rateLimit"; retryAfter: "seconds" | "date" | "none" }
  | { kind: "serverError"; status: number }
  | { kind: "malformed" };

/**
 * Holds the switched-on faults and hands out at most one per request, in a fixed priority, each consuming one unit
 * of its count. Latency (slowMs) applies to every request and consumes nothing.
 */
export function createFaultInjector() {
  let faults: FaultConfig = {};
  let releaseHeld: (() => void) | undefined;
  let held: Promise<void> = Promise.resolve();
  const applyHold = (on: boolean): void => {
    if (on && !releaseHeld) held = new Promise<void>((resolve) => (releaseHeld = resolve));
    if (!on && releaseHeld) {
      releaseHeld();
      releaseHeld = undefined;
    }
  };
  const consume = (key: "connectionResets" | "timeouts" | "rateLimitBurst" | "serverErrors" | "malformed" | "repeatItems"): boolean => {
    const fault = faults[key];
    if (!fault || fault.count <= 0) return false;
    fault.count -= 1;
    return true;
  };
  return {
    set(config: FaultConfig): void {
      // A copy, because the counts are consumed in place.
      faults = JSON.parse(JSON.stringify(config)) as FaultConfig;
      applyHold(faults.hold === true);
    },
    clear(): void {
      faults = {};
      applyHold(false);
    },
    current(): FaultConfig {
      return JSON.parse(JSON.stringify(faults)) as FaultConfig;
    },
    /** Resolves at once, or when the current hold is released. */
    held(): Promise<void> {
      return held;
    },
    slowMs(): number {
      return Math.max(0, faults.slowMs ?? 0);
    },
    nextRequestFault(): RequestFault | undefined {
      if (consume("connectionResets")) return { kind: "connectionReset" };
      if (consume("timeouts")) return { kind: "timeout" };
      const retryAfter = faults.rateLimitBurst?.retryAfter ?? "seconds";
      if (consume("rateLimitBurst")) return { kind: "rateLimit", retryAfter };
      const status = faults.serverErrors?.status ?? 500;
      if (consume("serverErrors")) return { kind: "serverError", status };
      if (consume("malformed")) return { kind: "malformed" };
      return undefined;
    },
    /** Asked by list routes only. */
    takeRepeatItems(): boolean {
      return consume("repeatItems");
    },
  };
}

export type FaultInjector = ReturnType<typeof createFaultInjector>;
