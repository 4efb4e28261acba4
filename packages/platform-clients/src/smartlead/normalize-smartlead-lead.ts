import { normalizeEmail, type CanonicalPerson } from "@full-sync/shared";
import type { SmartleadCampaignLead } from "./smartlead-types";

/** The person behind a campaign-lead row; null when the row has no usable email. */
export function normalizeSmartleadLead(row: SmartleadCampaignLead): CanonicalPerson | null {
  const lead = row.lead;
  const email = normalizeEmail(lead?.email);
  if (!lead || !email) return null;
  const person: CanonicalPerson = {
    email,
    firstName: lead.first_name ?? null,
    lastName: lead.last_name ?? null,
    companyName: lead.company_name ?? null,
  };
  if (lead.id !== undefined && lead.id !== null) person.platformIds = { smartlead_lead_id: String(lead.id) };
  return person;
}
