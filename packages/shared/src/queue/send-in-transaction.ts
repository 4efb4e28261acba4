import type { SendOptions } from "pg-boss";
import type { PoolClient } from "../db/create-pool";
import type { Boss } from "./create-boss";
import { getJob, type JobName, type JobPayload } from "../jobs/jobs";

/**
 * Enqueues through the caller's transaction, so a job record and its queue entry commit (or vanish) together.
 */
export async function sendInTransaction<N extends JobName>(
  boss: Boss,
  client: PoolClient,
  name: N,
  data: JobPayload<N>,
  options: SendOptions = {},
): Promise<string> {
  const { error } = getJob(name).schema.validate(data);
  if (error) throw new Error(`Invalid ${name} payload: ${error.message}`);
  const id = await boss.send(name, data, {
    ...options,
    db: { executeSql: (text: string, values?: unknown[]) => client.query(text, values) },
  });
  if (!id) throw new Error(`pg-boss refused the ${name} job`);
  return id;
}
