import { handleAttioSync } from "./attio-sync.handler";
import { handleIngestDrain } from "./ingest-drain.handler";
import type { JobHandlers } from "./job-handler";
import { handleMixpanelSync } from "./mixpanel-sync.handler";
import { handlePeriodicSync } from "./periodic-sync.handler";
import { handleRateLimitPrune } from "./rate-limit-prune.handler";
import { handleStrandedTaskSweep } from "./stranded-task-sweep.handler";
import { handleSyncTaskDead } from "./sync-task-dead.handler";
import { handleSyncTask } from "./sync-task.handler";
import { handleSyncUnit } from "./sync-unit.handler";
import { handleWebhookDeliveryDead } from "./webhook-delivery-dead.handler";
import { handleWebhookDelivery } from "./webhook-delivery.handler";

/** Job name -> handler, checked by the typecheck to cover every job of the registry (JOBS). */
export const jobHandlers: JobHandlers = {
  "sync-task": handleSyncTask,
  "sync-task-dead": handleSyncTaskDead,
  "sync-unit": handleSyncUnit,
  "webhook-delivery": handleWebhookDelivery,
  "webhook-delivery-dead": handleWebhookDeliveryDead,
  "stranded-task-sweep": handleStrandedTaskSweep,
  periodic_sync: handlePeriodicSync,
  mixpanel_sync: handleMixpanelSync,
  attio_sync: handleAttioSync,
  "ingest-drain": handleIngestDrain,
  "rate-limit-prune": handleRateLimitPrune,
};
