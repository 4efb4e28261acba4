import type { CanonicalEvent, CanonicalPerson, NormalizedPage } from "@full-sync/shared";
import { lemlistActivityEmail } from "./lemlist-activity-email";
import type { LemlistActivity } from "./lemlist-types";
import { explainLemlistActivity } from "./normalize-lemlist-activity";
import { normalizeLemlistActivityPerson } from "./normalize-lemlist-activity-person";

/** A page of Lemlist activities: one event per activity (or the reason for none) and the lead it is about. */
export function normalizeLemlistPage(activities: LemlistActivity[]): NormalizedPage {
  const events: CanonicalEvent[] = [];
  const people: CanonicalPerson[] = [];
  const rejected: { reason: string }[] = [];
  for (const activity of activities) {
    const email = lemlistActivityEmail(activity); // once per activity, for the event and the person
    const result = explainLemlistActivity(activity, email);
    if (result.event) events.push(result.event);
    else rejected.push({ reason: result.reason });
    const person = normalizeLemlistActivityPerson(activity, email);
    if (person) people.push(person);
  }
  return { events, people, rejected };
}
