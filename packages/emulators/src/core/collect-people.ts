import type { CanonicalPerson } from "@full-sync/shared";
import type { GeneratedPerson } from "./generate-people";

/** One person per distinct (already normalised) email, from the first lead record that names them. */
export function collectPeople<Lead extends { person: GeneratedPerson }>(options: { leads: Iterable<Lead>; platformIds: (lead: Lead) => Record<string, string> }): CanonicalPerson[] {
  const people = new Map<string, CanonicalPerson>();
  for (const lead of options.leads) {
    const { person } = lead;
    if (people.has(person.email)) continue;
    people.set(person.email, {
      email: person.email,
      firstName: person.firstName,
      lastName: person.lastName,
      companyName: person.companyName,
      platformIds: options.platformIds(lead),
    });
  }
  return [...people.values()];
}
