import type { JobName, JobPayload } from "@full-sync/shared";
import type { Job } from "pg-boss";
import type { WorkerDeps } from "./worker-deps";

/** Runs one job whose payload has already passed its schema. Throwing makes pg-boss retry it (queue policy). */
export type JobHandler<N extends JobName> = (job: Job<JobPayload<N>>, deps: WorkerDeps) => Promise<void>;

/** One handler per job of the registry: a job without one fails the typecheck. */
export type JobHandlers = { [N in JobName]: JobHandler<N> };
