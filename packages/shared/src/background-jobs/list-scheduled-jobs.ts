import type { AppConfig } from "../config/config-schema";
import { JOBS } from "../jobs/jobs";
import type { ScheduledJobInfo } from "./background-job-view";

/** Every job of the registry with a schedule, on or off and with the cron the configuration gives it. */
export function listScheduledJobs(config: AppConfig): ScheduledJobInfo[] {
  return JOBS.flatMap((job) => {
    if (!("schedule" in job) || !job.schedule) return [];
    return [
      {
        name: job.name,
        description: job.description,
        enabled: config.jobSchedules[job.name] ?? job.schedule.enabledBy.enabledByDefault,
        cron: config.jobCrons[job.name] ?? job.schedule.cron,
      },
    ];
  });
}
