/** What the status and trigger endpoints need to know of a scheduled job (from the job registry and the config). */
export interface ScheduledJobInfo {
  name: string;
  description: string;
  enabled: boolean;
  cron: string;
}
