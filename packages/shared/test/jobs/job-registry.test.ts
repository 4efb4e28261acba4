import { ConfigError, JOBS, jobsInCreationOrder, loadConfig } from "@full-sync/shared";

describe("job registry", () => {
  it("when queues are created in registry order, then every dead-letter queue comes before the queue naming it", () => {
    const order = jobsInCreationOrder().map((job) => job.name);
    expect([...order].sort()).toEqual(JOBS.map((job) => job.name).sort());
    for (const job of JOBS) {
      if (job.queue.deadLetter) expect(order.indexOf(job.queue.deadLetter)).toBeLessThan(order.indexOf(job.name));
    }
  });

  it("when names are listed, then each job is there once", () => {
    const names = JOBS.map((job) => job.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it("when a payload misses a field, then the job's schema names it", () => {
    const syncTask = JOBS.find((job) => job.name === "sync-task")!;
    expect(syncTask.schema.validate({ jobId: "job_1" }).error?.message).toMatch(/taskId/);
    expect(syncTask.schema.validate({ jobId: "job_1", taskId: "8c1f3f1e-5f0a-4b3c-9a55-0e6f3a0b7a11" }).error).toBeUndefined();
  });

  it("when the config is read, then each scheduled job is on by default and its own variable turns it off", () => {
    const on = { "stranded-task-sweep": true, periodic_sync: true, mixpanel_sync: true, attio_sync: true, "ingest-drain": true, "rate-limit-prune": true };
    expect(loadConfig({}).jobSchedules).toEqual(on);
    expect(loadConfig({ FULLSYNC_STRANDED_TASK_SWEEP: "false" }).jobSchedules).toEqual({ ...on, "stranded-task-sweep": false });
    expect(loadConfig({ FULLSYNC_INGEST_SWEEP: "false" }).jobSchedules).toEqual({ ...on, "ingest-drain": false });
    expect(loadConfig({ FULLSYNC_RATE_LIMIT_PRUNE: "false" }).jobSchedules).toEqual({ ...on, "rate-limit-prune": false });
    expect(() => loadConfig({ FULLSYNC_STRANDED_TASK_SWEEP: "sometimes" })).toThrow(ConfigError);
  });

  it("when a job's cron variable is set, then it replaces the definition's schedule, and an expression that is not five-field cron is refused", () => {
    expect(loadConfig({}).jobCrons).toEqual({ "stranded-task-sweep": "* * * * *", periodic_sync: "0 * * * *", mixpanel_sync: "*/5 * * * *", attio_sync: "*/5 * * * *", "ingest-drain": "* * * * *", "rate-limit-prune": "*/10 * * * *" });
    expect(loadConfig({ FULLSYNC_MIXPANEL_SYNC_CRON: "*/2 * * * *" }).jobCrons.mixpanel_sync).toBe("*/2 * * * *");
    expect(() => loadConfig({ FULLSYNC_PERIODIC_SYNC_CRON: "every hour" })).toThrow(/FULLSYNC_PERIODIC_SYNC_CRON/);
    expect(() => loadConfig({ FULLSYNC_PERIODIC_SYNC_CRON: "*/10 * * * * *" })).toThrow(/five-field cron/);
    expect(() => loadConfig({ FULLSYNC_ATTIO_SYNC_CRON: "61 * * * *" })).toThrow(ConfigError);
  });

  it("when FULLSYNC_QUEUE_MONITOR_SECONDS is set, then it is read through the config and checked", () => {
    expect(loadConfig({}).queueMonitorSeconds).toBe(10);
    expect(loadConfig({ FULLSYNC_QUEUE_MONITOR_SECONDS: "1" }).queueMonitorSeconds).toBe(1);
    expect(() => loadConfig({ FULLSYNC_QUEUE_MONITOR_SECONDS: "0" })).toThrow(/FULLSYNC_QUEUE_MONITOR_SECONDS/);
  });
});
