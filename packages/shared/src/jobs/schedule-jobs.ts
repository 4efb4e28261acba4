import type { AppConfig } from "../config/config-schema";
import type { Boss } from "../queue/create-boss";
import { JOBS } from "./jobs";

/**
 * Writes (or removes) pg-boss's schedule of every scheduled job, as the config says. Idempotent: every worker calls
 * it at start and pg-boss keeps one schedule row per job, so the job is sent once per cron slot for all of them.
 */
export async function scheduleJobs({ boss, config }: { boss: Boss; config: AppConfig }): Promise<{ scheduled: string[]; disabled: string[] }> {
  const scheduled: string[] = [];
  const disabled: string[] = [];
  for (const job of JOBS) {
    if (!("schedule" in job) || !job.schedule) continue;
    if (config.jobSchedules[job.name] ?? job.schedule.enabledBy.enabledByDefault) {
      await boss.schedule(job.name, config.jobCrons[job.name] ?? job.schedule.cron, {}, { tz: "UTC" });
      scheduled.push(job.name);
    } else {
      await boss.unschedule(job.name);
      disabled.push(job.name);
    }
  }
  return { scheduled, disabled };
}
