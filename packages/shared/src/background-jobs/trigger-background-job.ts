import { withTransaction, type Pool } from "../db/create-pool";
import { AppError } from "../errors/app-error";
import type { Boss } from "../queue/create-boss";
import type { ScheduledJobInfo } from "./background-job-view";

export interface TriggeredJob {
  success: true;
  job_name: string;
  triggered_at: string;
  job_id: string;
}

/**
 * Queues one run of a scheduled job now, recorded as a manual run in the same transaction as its queue entry.
 * Unknown names are JOB_001 (404), disabled jobs JOB_002 (409).
 */
export async function triggerBackgroundJob({ pool, boss, jobs, name }: { pool: Pool; boss: Boss; jobs: ScheduledJobInfo[]; name: string }): Promise<TriggeredJob> {
  const job = jobs.find((candidate) => candidate.name === name);
  if (!job) {
    throw new AppError("JOB_001", `Background job ${name} not found`, [{ message: `known jobs: ${jobs.map((j) => j.name).join(", ")}`, path: "jobName" }]);
  }
  if (!job.enabled) throw new AppError("JOB_002", `Background job ${name} is disabled by configuration`, [{ message: "enable it in the configuration to run it", path: "jobName" }]);
  return withTransaction(pool, async (client) => {
    const id = await boss.send(name, {}, { db: { executeSql: (text: string, values?: unknown[]) => client.query(text, values) } });
    if (!id) throw new Error(`pg-boss refused a ${name} job`);
    const { rows } = await client.query<{ created_at: Date }>(
      `INSERT INTO background_job_runs (job_name, queue_job_id, trigger, status) VALUES ($1, $2, 'manual', 'queued') RETURNING created_at`,
      [name, id],
    );
    return { success: true, job_name: name, triggered_at: rows[0]!.created_at.toISOString(), job_id: id };
  });
}
