import { normalizeEmail, type CanonicalEvent, type CanonicalPerson, type NormalizedPage } from "@full-sync/shared";
import { normalizeSmartleadStatisticsRow } from "./normalize-smartlead-statistics-row";
import type { SmartleadStatisticsRow } from "./smartlead-types";

/** A page of a campaign's Smartlead statistics rows: each row's events and the lead it was sent to. */
export function normalizeSmartleadPage(rows: SmartleadStatisticsRow[], campaignId: number | string): NormalizedPage {
  const events: CanonicalEvent[] = [];
  const people: CanonicalPerson[] = [];
  const rejected: { reason: string }[] = [];
  for (const row of rows) {
    const email = normalizeEmail(row.lead_email); // once per row, for the events and the person
    if (!email) {
      rejected.push({ reason: "statistics row without a usable lead_email" });
      continue;
    }
    events.push(...normalizeSmartleadStatisticsRow(row, campaignId, email));
    people.push(smartleadRowPerson(row, email));
  }
  return { events, people, rejected };
}

/** The statistics row's lead: lead_name splits into first name and the rest. */
function smartleadRowPerson(row: SmartleadStatisticsRow, email: string): CanonicalPerson {
  const [firstName, ...rest] = (row.lead_name ?? "").trim().split(/\s+/);
  return { email, firstName: firstName || null, lastName: rest.join(" ") || null };
}
