import { createPrng, type FaultConfig, type Prng } from "@full-sync/emulators";

export type Platform = "smartlead" | "lemlist";
export type Destination = "mixpanel" | "attio";

export type ChaosAction =
  | { kind: "kill"; worker: number; signal: "SIGKILL" | "SIGTERM"; restartAfterMs: number }
  | { kind: "postgres"; downMs: number }
  | { kind: "fault"; platform: Platform; faults: FaultConfig }
  | { kind: "arrivals"; platform: Platform; count: number }
  /** Switched on when drawn; the counted ones stay armed until exports consume them. */
  | { kind: "destination-fault"; destination: Destination; faults: FaultConfig }
  /** Every worker signalled while an export batch to the destination is in flight (held by the emulator). */
  | { kind: "export-kill"; destination: Destination; signal: "SIGKILL" | "SIGTERM"; restartAfterMs: number };

export interface ScheduledAction {
  /** Milliseconds after the phase's sync was accepted. */
  atMs: number;
  action: ChaosAction;
}

export interface ChaosPhase {
  name: "full+range" | "delta";
  actions: ScheduledAction[];
}

/** Everything a trial does that does not depend on timing, drawn from its seed alone: replaying the seed replays it. */
export interface TrialPlan {
  seed: number;
  campaigns: number;
  leadsPerCampaign: number;
  batchSize: number;
  /** The date_range sync's window, inside the emulators' 90 days of history. */
  range: { startDate: string; endDate: string };
  phases: ChaosPhase[];
  /** Latency the platforms add to every response during the phases, so that syncs last long enough to be hit. */
  latencyMs: number;
  /** Seed of the concurrent API traffic (executes, status polls, cancels). */
  trafficSeed: number;
}

export interface PlanOptions {
  /** How long after a full sync starts faults keep arriving (half of it for a delta, which reads less). */
  phaseSpanMs?: number;
  /** Actions per phase, at most. */
  maxActions?: number;
}

const HISTORY_END = Date.parse("2026-11-01T00:00:00.000Z");
const DAY = 86_400_000;

const FAULTS = {
  rateLimitBurst: (prng: Prng): FaultConfig => ({ rateLimitBurst: { count: prng.int(1, 6), retryAfter: prng.pick(["seconds", "date", "none"] as const) } }),
  serverErrors: (prng: Prng): FaultConfig => ({ serverErrors: { count: prng.int(1, 4), status: prng.pick([500, 502, 503]) } }),
  slow: (prng: Prng): FaultConfig => ({ slowMs: prng.int(50, 400) }),
  // Each costs the client its whole 30 s request timeout.
  timeouts: (): FaultConfig => ({ timeouts: { count: 1 } }),
  connectionResets: (prng: Prng): FaultConfig => ({ connectionResets: { count: prng.int(1, 3) } }),
  malformed: (prng: Prng): FaultConfig => ({ malformed: { count: prng.int(1, 3) } }),
  repeatItems: (prng: Prng): FaultConfig => ({ repeatItems: { count: prng.int(1, 5) } }),
};
const PLATFORM_FAULTS = [FAULTS.rateLimitBurst, FAULTS.serverErrors, FAULTS.slow, FAULTS.timeouts, FAULTS.connectionResets, FAULTS.malformed, FAULTS.repeatItems];
/** What a destination can do to an export: the faults Mixpanel and Attio really show (429s, 5xx, slowness, resets). */
const DESTINATION_FAULTS = [FAULTS.rateLimitBurst, FAULTS.serverErrors, FAULTS.slow, FAULTS.connectionResets];

const drawFault = (prng: Prng, kinds: ((prng: Prng) => FaultConfig)[]): FaultConfig => kinds[prng.int(0, kinds.length - 1)]!(prng);

function drawAction(prng: Prng, phase: ChaosPhase["name"]): ChaosAction {
  const roll = prng.next();
  const signal = () => (prng.chance(0.6) ? "SIGKILL" : "SIGTERM");
  if (roll < 0.22) return { kind: "kill", worker: prng.int(0, 1), signal: signal(), restartAfterMs: prng.int(0, 3000) };
  if (roll < 0.34) return { kind: "postgres", downMs: prng.int(500, 4000) };
  if (roll < 0.46) return { kind: "export-kill", destination: prng.pick(["mixpanel", "attio"] as const), signal: signal(), restartAfterMs: prng.int(0, 3000) };
  if (roll < 0.64) return { kind: "destination-fault", destination: prng.pick(["mixpanel", "attio"] as const), faults: drawFault(prng, DESTINATION_FAULTS) };
  // New activities arrive during the full sync only, so that the delta after it must bring them all.
  if (roll < 0.76 && phase === "full+range") return { kind: "arrivals", platform: prng.pick(["smartlead", "lemlist"] as const), count: prng.int(1, 8) };
  return { kind: "fault", platform: prng.pick(["smartlead", "lemlist"] as const), faults: drawFault(prng, PLATFORM_FAULTS) };
}

export function planTrial(seed: number, options: PlanOptions = {}): TrialPlan {
  const { phaseSpanMs = 8_000, maxActions = 7 } = options;
  const prng = createPrng({ seed, stream: 7 });
  const rangeEnd = HISTORY_END - prng.int(0, 40) * DAY;
  const rangeStart = rangeEnd - prng.int(10, 45) * DAY;
  const phases = (["full+range", "delta"] as const).map((name) => {
    const count = prng.int(2, maxActions);
    const span = name === "delta" ? phaseSpanMs / 2 : phaseSpanMs;
    const actions = Array.from({ length: count }, () => ({ atMs: prng.int(0, span), action: drawAction(prng, name) }));
    return { name, actions: actions.sort((a, b) => a.atMs - b.atMs) };
  });
  return {
    seed,
    campaigns: prng.int(1, 3),
    leadsPerCampaign: prng.int(5, 12),
    batchSize: prng.pick([3, 5, 10]),
    latencyMs: prng.int(60, 180),
    range: { startDate: new Date(rangeStart).toISOString(), endDate: new Date(rangeEnd).toISOString() },
    phases,
    trafficSeed: prng.int(1, 2 ** 30),
  };
}

export function describeAction(action: ChaosAction): string {
  switch (action.kind) {
    case "kill":
      return `${action.signal} worker slot ${action.worker}, restart after ${action.restartAfterMs} ms`;
    case "postgres":
      return `PostgreSQL down for ${action.downMs} ms`;
    case "arrivals":
      return `${action.count} new ${action.platform} activities`;
    case "fault":
      return `${action.platform} fault ${JSON.stringify(action.faults)}`;
    case "destination-fault":
      return `${action.destination} fault ${JSON.stringify(action.faults)}`;
    case "export-kill":
      return `${action.signal} every worker during a ${action.destination} export batch, restart after ${action.restartAfterMs} ms`;
  }
}

export function describePlan(plan: TrialPlan): string[] {
  return [
    `data: ${plan.campaigns} campaigns x ${plan.leadsPerCampaign} leads per platform, batchSize ${plan.batchSize}, latency ${plan.latencyMs} ms, date_range ${plan.range.startDate} .. ${plan.range.endDate}`,
    ...plan.phases.flatMap((phase) => [`phase ${phase.name}:`, ...phase.actions.map((a) => `  +${String(a.atMs).padStart(5)} ms  ${describeAction(a.action)}`)]),
  ];
}
