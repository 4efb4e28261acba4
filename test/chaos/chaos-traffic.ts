import { createPrng } from "@full-sync/emulators";
import type { SyncStack } from "../e2e/support/sync-stack";

export interface Traffic {
  /** Jobs started by the traffic on the decoy namespace (some cancelled at random). */
  decoyJobs: string[];
  /** Status polls and duplicate executes also aim at these. */
  watchJobs(jobIds: string[]): void;
  stop(): Promise<void>;
}

const CLIENTS = 3;

// Think time between a client's requests is part of the drawn traffic, not a wait for a condition.
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Several API clients, each with a key of its own, sending what dashboards and operators send while a sync runs:
 * status polls, executes (on a decoy namespace, and duplicates of running syncs that must get 409), cancels and
 * readiness probes. Every answer is recorded by the stack; none may be a 500.
 */
export async function startTraffic(options: { stack: SyncStack; seed: number; decoyNamespace: string; batchSize: number }): Promise<Traffic> {
  const { stack, decoyNamespace, batchSize } = options;
  const keys = await Promise.all(Array.from({ length: CLIENTS }, () => stack.newKey()));
  const watched: string[] = [];
  const decoyJobs: string[] = [];
  let running = true;

  const client = async (index: number): Promise<void> => {
    const prng = createPrng({ seed: options.seed, stream: 100 + index });
    const key = keys[index]!;
    while (running) {
      await delay(prng.int(150, 700));
      if (!running) return;
      const roll = prng.next();
      const job = watched.length > 0 ? prng.pick(watched) : undefined;
      try {
        if (roll < 0.45 && job) await stack.api("GET", `/api/full-sync/status/${job}`, undefined, key);
        else if (roll < 0.6) await executeDecoy(prng.pick(["smartlead", "lemlist", "smartlead,lemlist"]));
        else if (roll < 0.75 && decoyJobs.length > 0) await stack.api("DELETE", `/api/full-sync/cancel/${prng.pick(decoyJobs)}`, undefined, key);
        else if (roll < 0.85) await stack.api("POST", "/api/full-sync/execute", { platforms: "lemlist", syncMode: "full_historical", namespaces: "chaos-a", batchSize }, await stack.newKey());
        else await probeReadiness();
      } catch {
        // No answer at all is recorded by the stack (status 0) and judged at the end; the client goes on.
      }
    }
  };

  // Execute allows a key 3 requests per 18 minutes: each decoy execute comes from a fresh key.
  const executeDecoy = async (platforms: string): Promise<void> => {
    const response = await stack.api<{ jobId?: string }>("POST", "/api/full-sync/execute", { platforms, syncMode: "full_historical", namespaces: decoyNamespace, batchSize }, await stack.newKey());
    if (response.status === 202 && response.body.jobId) {
      decoyJobs.push(response.body.jobId);
      watched.push(response.body.jobId);
    }
  };

  const probeReadiness = async (): Promise<void> => {
    try {
      const response = await fetch(`${stack.gatewayUrl}/readyz`);
      await response.arrayBuffer();
      stack.responses.push({ method: "GET", path: "/readyz", status: response.status });
    } catch (error) {
      stack.responses.push({ method: "GET", path: "/readyz", status: 0 });
      throw error;
    }
  };

  const clients = Array.from({ length: CLIENTS }, (_, i) => client(i));
  return {
    decoyJobs,
    watchJobs: (jobIds) => watched.push(...jobIds),
    stop: async () => {
      running = false;
      await Promise.all(clients);
    },
  };
}
