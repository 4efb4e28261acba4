import { waitFor } from "@full-sync/testing";
import type { RunningProcess } from "../e2e/support/spawn-process";
import { SyncStack } from "../e2e/support/sync-stack";
import type { ChaosPostgres } from "./chaos-postgres";
import type { FaultConfig } from "@full-sync/emulators";
import { describeAction, type ChaosAction, type ChaosPhase, type Destination, type TrialPlan } from "./chaos-schedule";
import { checkTrial } from "./check-trial";
import { startTraffic } from "./chaos-traffic";

export interface TrialResult {
  seed: number;
  passed: boolean;
  problems: string[];
  durationMs: number;
  /** One line: jobs, answers by status, actions done and skipped. */
  summary: string;
}

// chaos-x is the one namespace that exports: Mixpanel dedups on the event's own identity and Attio asserts people
// by e-mail, so two namespaces holding the same platform data would write over each other's records there.
const NAMESPACES = { full: ["chaos-a", "chaos-b"], range: "chaos-r", decoy: "chaos-decoy", exported: "chaos-x" };
const EXPORT_FLAGS = { enableMixpanelTracking: true, enableAttioSync: true };
// Drains run after each sync task and then each minute, so a run lost with a killed worker is picked up soon; fan-out
// retries are short; the hourly periodic sync is off (it would start jobs the trial did not schedule).
const WORKER_ENV = {
  FULLSYNC_MIXPANEL_SYNC_CRON: "* * * * *",
  FULLSYNC_ATTIO_SYNC_CRON: "* * * * *",
  FANOUT_RETRY_BASE_MS: "250",
  FANOUT_RETRY_MAX_MS: "3000",
  FULLSYNC_PERIODIC_SYNC: "false",
};
const PLATFORMS = "smartlead,lemlist";
const FINISH_TIMEOUT_MS = 300_000;

// The schedule's instants are the point of the exercise: here waiting a drawn time is the fault, not a guess.
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Boots a stack for the plan, runs its phases under the scheduled faults and checks the end state. */
export async function runTrial(options: { plan: TrialPlan; postgres: ChaosPostgres; log?: (line: string) => void }): Promise<TrialResult> {
  const { plan, postgres } = options;
  const log = options.log ?? (() => undefined);
  const started = Date.now();
  const problems: string[] = [];
  const stack = await SyncStack.start({
    seed: plan.seed,
    campaigns: plan.campaigns,
    leadsPerCampaign: plan.leadsPerCampaign,
    workers: 0,
    database: () => postgres.createDatabase(),
    smartleadRateLimit: "100/1000",
    lemlistRateLimit: "100/1000",
    workerEnv: WORKER_ENV,
  });
  const chaos = new ChaosControl(stack, postgres, problems, log);
  let summary = "";
  try {
    await chaos.watch(stack.gateway);
    await Promise.all([chaos.fillSlot(0), chaos.fillSlot(1)]);
    const settings = { smartlead: { rateLimit: { limit: 50, windowMs: 1000 } }, lemlist: { rateLimit: { limit: 50, windowMs: 1000 } } };
    for (const name of [...NAMESPACES.full, NAMESPACES.range, NAMESPACES.decoy]) await stack.createNamespace(name, settings);
    await stack.createNamespace(NAMESPACES.exported, settings, { destinations: true });
    const traffic = await startTraffic({ stack, seed: plan.trafficSeed, decoyNamespace: NAMESPACES.decoy, batchSize: plan.batchSize });
    const mainJobs: string[] = [];
    const phaseNotes: string[] = [];
    try {
      for (const phase of plan.phases) {
        await chaos.setLatency(plan.latencyMs);
        const jobs = await startPhaseJobs(stack, phase, plan);
        mainJobs.push(...jobs);
        traffic.watchJobs(jobs);
        chaos.phaseJobs = jobs;
        await chaos.play(phase);
        await chaos.settle();
        for (const jobId of jobs) {
          const status = await stack.waitForJob(jobId, undefined, FINISH_TIMEOUT_MS).catch(() => "stuck");
          if (status !== "completed") problems.push(`${phase.name}: job ${jobId} ended ${status}, not completed`);
        }
        phaseNotes.push(await describePhaseRun(stack, phase, jobs));
      }
    } finally {
      await traffic.stop();
    }
    const checked = await checkTrial({ stack, plan, namespaces: NAMESPACES, finishTimeoutMs: FINISH_TIMEOUT_MS });
    problems.push(...checked.problems, ...chaos.exitProblems());
    summary = `${phaseNotes.join(", ")}; jobs ${mainJobs.length} + ${traffic.decoyJobs.length} decoy; answers ${countStatuses(stack)}; actions ${chaos.done} done, ${chaos.skipped} skipped; ${checked.exports}`;
  } catch (error) {
    problems.push(`trial aborted: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    chaos.closing = true;
    await stack.stop().catch((error: unknown) => problems.push(`stack did not stop cleanly: ${String(error)}`));
  }
  return { seed: plan.seed, passed: problems.length === 0, problems, durationMs: Date.now() - started, summary };
}

async function startPhaseJobs(stack: SyncStack, phase: ChaosPhase, plan: TrialPlan): Promise<string[]> {
  // After an outage of the previous phase the gateway may answer 503 for a moment: ask again until accepted.
  const execute = (body: Record<string, unknown>) =>
    waitFor(() => stack.execute(body).catch(() => undefined), { timeoutMs: FINISH_TIMEOUT_MS, intervalMs: 250, description: `${phase.name} execute accepted` });
  if (phase.name === "delta") {
    return Promise.all([
      execute({ platforms: PLATFORMS, syncMode: "delta_since_last", namespaces: NAMESPACES.full, batchSize: plan.batchSize }),
      execute({ platforms: PLATFORMS, syncMode: "delta_since_last", namespaces: NAMESPACES.exported, batchSize: plan.batchSize, ...EXPORT_FLAGS }),
    ]);
  }
  return Promise.all([
    execute({ platforms: PLATFORMS, syncMode: "full_historical", namespaces: NAMESPACES.full, batchSize: plan.batchSize }),
    execute({ platforms: PLATFORMS, syncMode: "date_range", namespaces: NAMESPACES.range, batchSize: plan.batchSize, ...plan.range }),
    execute({ platforms: PLATFORMS, syncMode: "full_historical", namespaces: NAMESPACES.exported, batchSize: plan.batchSize, ...EXPORT_FLAGS }),
  ]);
}

/** How long the phase's syncs ran and how many of its actions fell inside that time (the rest hit an idle stack). */
async function describePhaseRun(stack: SyncStack, phase: ChaosPhase, jobs: string[]): Promise<string> {
  const { rows } = await stack.db.pool.query<{ ms: number }>(
    `SELECT (extract(epoch FROM max(finished_at) - min(created_at)) * 1000)::int AS ms FROM sync_jobs WHERE id = ANY($1)`,
    [jobs],
  );
  const ms = rows[0]?.ms ?? 0;
  return `${phase.name} ${(ms / 1000).toFixed(1)} s with ${phase.actions.filter((a) => a.atMs <= ms).length}/${phase.actions.length} actions inside`;
}

function countStatuses(stack: SyncStack): string {
  const counts = new Map<number, number>();
  for (const r of stack.responses) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  return [...counts.entries()].sort(([a], [b]) => a - b).map(([status, n]) => `${status}x${n}`).join(" ");
}

/** Plays a phase's actions on the live stack and keeps two worker slots filled, as an orchestrator would. */
class ChaosControl {
  done = 0;
  skipped = 0;
  closing = false;
  private readonly slots: (RunningProcess | undefined)[] = [undefined, undefined];
  private readonly expectedExits = new Set<RunningProcess>();
  private readonly pending = new Set<Promise<unknown>>();
  private readonly unexpected: string[] = [];
  private outage: Promise<void> | undefined;
  private exportKill: Promise<void> | undefined;
  /** The destination an export kill is holding: a fault drawn meanwhile must keep the hold. */
  private holding: Destination | undefined;
  private latencyMs = 0;
  /** The faults each destination was last given, so that releasing a hold keeps them. */
  private readonly destinationFaults: Partial<Record<Destination, FaultConfig>> = {};
  /** The running phase's jobs: an export kill stops waiting once they are done and nothing is left to export. */
  phaseJobs: string[] = [];

  constructor(
    private readonly stack: SyncStack,
    private readonly postgres: ChaosPostgres,
    private readonly problems: string[],
    private readonly log: (line: string) => void,
  ) {}

  /** An exit the trial did not cause is a finding; the process is started again so the trial can go on. */
  async watch(process: RunningProcess): Promise<void> {
    void process.exited.then(({ code, signal }) => {
      if (this.closing || this.expectedExits.has(process)) return;
      this.unexpected.push(`${process.name} exited by itself (${code ?? signal}); last lines: ${process.lines.slice(-3).join(" | ")}`);
      if (process === this.stack.gateway) this.track(this.restart(() => this.stack.startGateway()).then((gateway) => this.watch(gateway)));
      const slot = this.slots.indexOf(process);
      if (slot >= 0) {
        this.slots[slot] = undefined;
        this.track(this.fillSlot(slot));
      }
    });
  }

  exitProblems(): string[] {
    return this.unexpected;
  }

  async fillSlot(slot: number): Promise<void> {
    const worker = await this.restart(() => this.stack.startWorker());
    this.slots[slot] = worker;
    await this.watch(worker);
  }

  /** Starts a process, again and again while it fails to boot (PostgreSQL may be down): a restart policy. */
  private async restart(start: () => Promise<RunningProcess>): Promise<RunningProcess> {
    return waitFor(
      () =>
        start().catch((error: unknown) => {
          this.log(`    (start failed, retrying: ${String(error).split("\n")[0]})`);
          return undefined;
        }),
      { timeoutMs: 180_000, intervalMs: 500, description: "a process to start" },
    );
  }

  private track(promise: Promise<unknown>): void {
    const tracked = promise.catch((error: unknown) => this.problems.push(`chaos action failed: ${String(error)}`)).finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
  }

  async play(phase: ChaosPhase): Promise<void> {
    const t0 = Date.now();
    for (const { atMs, action } of phase.actions) {
      const wait = t0 + atMs - Date.now();
      if (wait > 0) await delay(wait);
      if (this.perform(action)) this.done += 1;
      else {
        this.skipped += 1;
        this.log(`    skipped: ${describeAction(action)}`);
      }
    }
  }

  /** Every response slowed by the plan's latency; each fault switched on keeps it (switching faults replaces them all). */
  async setLatency(latencyMs: number): Promise<void> {
    this.latencyMs = latencyMs;
    await Promise.all((["smartlead", "lemlist"] as const).map((p) => this.stack.control(p, "POST", "/faults", { slowMs: latencyMs })));
  }

  /**
   * Source faults off, outages over, both worker slots running: then the jobs must finish by themselves. Counted
   * destination faults stay armed: exports mostly run after the syncs, and must meet them.
   */
  async settle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
    await Promise.all((["smartlead", "lemlist"] as const).map((p) => this.stack.control(p, "DELETE", "/faults")));
  }

  private perform(action: ChaosAction): boolean {
    switch (action.kind) {
      case "kill": {
        const victim = this.slots[action.worker];
        if (!victim) return false;
        this.slots[action.worker] = undefined;
        this.expectedExits.add(victim);
        this.track(
          victim.stop(action.signal).then(async ({ code, signal }) => {
            if (action.signal === "SIGTERM" && code !== 0) this.problems.push(`${victim.name} exited ${code ?? signal} after SIGTERM, not 0`);
            await delay(action.restartAfterMs);
            await this.fillSlot(action.worker);
          }),
        );
        return true;
      }
      case "postgres": {
        if (this.outage) return false;
        this.outage = this.postgres.outage(this.stack.db.name, action.downMs).finally(() => (this.outage = undefined));
        this.track(this.outage);
        return true;
      }
      case "fault":
        this.track(this.stack.control(action.platform, "POST", "/faults", { ...action.faults, slowMs: Math.max(this.latencyMs, action.faults.slowMs ?? 0) }));
        return true;
      case "arrivals":
        this.track(this.stack.control(action.platform, "POST", "/activities", { count: action.count }));
        return true;
      case "destination-fault":
        this.destinationFaults[action.destination] = action.faults;
        this.track(this.stack.control(action.destination, "POST", "/faults", { ...action.faults, ...(this.holding === action.destination ? { hold: true } : {}) }));
        return true;
      case "export-kill": {
        if (this.exportKill) return false;
        this.exportKill = this.killDuringExport(action).finally(() => (this.exportKill = undefined));
        this.track(this.exportKill);
        return true;
      }
    }
  }

  /**
   * Holds every request to the destination (the emulator's `hold`), waits until an exporter's request arrives and
   * is held there, signals every worker, then lets the request go: the batch is in flight when the signal lands.
   * With nothing to export any more (the phase's jobs done, the destination's outbox empty), nothing is killed.
   */
  private async killDuringExport(action: Extract<ChaosAction, { kind: "export-kill" }>): Promise<void> {
    const { destination } = action;
    const requests = async () => (await this.stack.control<{ requests: number }>(destination, "GET", "/stats")).requests;
    this.holding = destination;
    await this.stack.control(destination, "POST", "/faults", { ...this.destinationFaults[destination], hold: true });
    let arrived = false;
    try {
      // Counted once the hold is on: any request after this one is held, so the kill lands while it is in flight.
      const before = await requests();
      arrived = await waitFor(
        async () => {
          if ((await requests()) > before) return "export";
          return (await this.nothingLeftToExport(destination)) ? "idle" : undefined;
        },
        { timeoutMs: FINISH_TIMEOUT_MS, intervalMs: 100, description: `a ${destination} export in flight` },
      ).then((outcome) => outcome === "export");
      if (!arrived) return;
      const victims = this.slots.map((worker, slot) => ({ worker, slot })).filter((v): v is { worker: RunningProcess; slot: number } => v.worker !== undefined);
      for (const { worker, slot } of victims) {
        this.slots[slot] = undefined;
        this.expectedExits.add(worker);
      }
      const exits = victims.map(({ worker }) => worker.stop(action.signal).then((exit) => ({ worker, exit })));
      // Released only after the signals: a SIGKILLed batch dies mid-request, a SIGTERMed one finishes it and stops.
      await this.releaseHold(destination);
      for (const { worker, exit } of await Promise.all(exits)) {
        if (action.signal === "SIGTERM" && exit.code !== 0) this.problems.push(`${worker.name} exited ${exit.code ?? exit.signal} after SIGTERM during an export, not 0`);
      }
      this.log(`    ${action.signal} ${victims.map((v) => v.worker.name).join(", ")} during a ${destination} export`);
      await delay(action.restartAfterMs);
      await Promise.all(victims.map(({ slot }) => this.fillSlot(slot)));
    } finally {
      if (!arrived) {
        await this.releaseHold(destination);
        this.done -= 1;
        this.skipped += 1;
        this.log(`    skipped: ${describeAction(action)} (nothing left to export)`);
      }
    }
  }

  /** Back to the faults last drawn for the destination (their counts armed again: at worst more faults), or none. */
  private async releaseHold(destination: Destination): Promise<void> {
    this.holding = undefined;
    const faults = this.destinationFaults[destination];
    await this.stack.control(destination, faults ? "POST" : "DELETE", "/faults", faults);
  }

  private async nothingLeftToExport(destination: Destination): Promise<boolean> {
    const { rows } = await this.stack.db.pool.query<{ running: number; pending: number }>(
      `SELECT (SELECT count(*)::int FROM sync_jobs WHERE id = ANY($1) AND finished_at IS NULL) AS running,
              (SELECT count(*)::int FROM fanout_outbox WHERE destination = $2 AND status = 'pending') AS pending`,
      [this.phaseJobs, destination],
    );
    return rows[0]!.running === 0 && rows[0]!.pending === 0;
  }
}
