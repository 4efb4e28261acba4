import type { CanonicalPerson } from "@full-sync/shared";
import { lemlistActivityEmail } from "./lemlist-activity-email";
import type { LemlistActivity } from "./lemlist-types";

/** The lead an activity is about; null when it carries no usable email. */
export function normalizeLemlistActivityPerson(
  activity: LemlistActivity,
  /** The activity's email, normalised: a page normaliser passes the one it already has. */
  email: string | undefined = lemlistActivityEmail(activity),
): CanonicalPerson | null {
  if (!email) return null;
  const person: CanonicalPerson = {
    email,
    firstName: activity.leadFirstName ?? null,
    lastName: activity.leadLastName ?? null,
    companyName: activity.leadCompanyName ?? null,
  };
  const leadId = activity.leadId ?? activity.lead?._id;
  if (leadId) person.platformIds = { lemlist_lead_id: leadId };
  return person;
}
