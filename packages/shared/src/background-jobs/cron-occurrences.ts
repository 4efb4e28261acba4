import { CronExpressionParser } from "cron-parser";

/** The next and previous occurrences of a cron expression (5 fields, or 6 with seconds), in UTC. */
export function cronOccurrences({ cron, now = new Date() }: { cron: string; now?: Date }): { next: Date; previous: Date } {
  const expression = CronExpressionParser.parse(cron, { tz: "UTC", currentDate: now });
  const next = expression.next().toDate();
  const previous = CronExpressionParser.parse(cron, { tz: "UTC", currentDate: now }).prev().toDate();
  return { next, previous };
}

/** True when cron-parser reads the expression (checked by the config schema at boot). */
export function isValidCron(cron: string): boolean {
  try {
    CronExpressionParser.parse(cron, { tz: "UTC", strict: false });
    return true;
  } catch {
    return false;
  }
}
