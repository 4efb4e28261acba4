import { normalizeEmail } from "@full-sync/shared";
import type { LemlistActivity } from "./lemlist-types";

/** The lead's email an activity names (leadEmail, else email), normalised; undefined when none is usable. */
export function lemlistActivityEmail(activity: LemlistActivity): string | undefined {
  return normalizeEmail(activity.leadEmail ?? activity.email);
}
