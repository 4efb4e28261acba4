/** The canonical engagement types; anything else a platform sends is kept under its own snake_case name. */
export const CANONICAL_EVENT_TYPES = [
  "email_sent",
  "email_opened",
  "email_clicked",
  "email_replied",
  "email_bounced",
  "email_unsubscribed",
  "email_failed",
  "email_interested",
  "email_not_interested",
] as const;

// Spellings the platforms and users write for the same thing (compared after lower-casing and removing _ - space).
const ALIASES: Record<string, string> = {
  emailsent: "email_sent",
  emailssent: "email_sent",
  firstemailsent: "email_sent",
  sent: "email_sent",
  emailopen: "email_opened",
  emailopened: "email_opened",
  emailsopened: "email_opened",
  open: "email_opened",
  opened: "email_opened",
  emailclick: "email_clicked",
  emailclicked: "email_clicked",
  emailsclicked: "email_clicked",
  emaillinkclick: "email_clicked",
  click: "email_clicked",
  clicked: "email_clicked",
  emailreply: "email_replied",
  emailreplied: "email_replied",
  emailsreplied: "email_replied",
  reply: "email_replied",
  replied: "email_replied",
  emailbounce: "email_bounced",
  emailbounced: "email_bounced",
  emailsbounced: "email_bounced",
  bounce: "email_bounced",
  bounced: "email_bounced",
  emailunsubscribe: "email_unsubscribed",
  emailunsubscribed: "email_unsubscribed",
  emailsunsubscribed: "email_unsubscribed",
  leadunsubscribed: "email_unsubscribed",
  unsubscribed: "email_unsubscribed",
  emailfailed: "email_failed",
  emailsfailed: "email_failed",
  emailinterested: "email_interested",
  emailsinterested: "email_interested",
  emailnotinterested: "email_not_interested",
  emailsnotinterested: "email_not_interested",
};

/**
 * `emailsOpened`, `EMAIL_OPEN`, `email_opened`, `Email Opened` all give `email_opened`. Unknown types are
 * kept: camelCase and spaces become snake_case (`linkedinVisitDone` gives `linkedin_visit_done`).
 * Returns undefined for an empty or non-string input.
 */
export function normalizeEventType(input: unknown): string | undefined {
  if (typeof input !== "string") return undefined;
  const trimmed = input.trim();
  if (!trimmed) return undefined;
  const compact = trimmed.toLowerCase().replace(/[\s_-]+/g, "");
  const alias = ALIASES[compact];
  if (alias) return alias;
  const snake = trimmed
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/[\s-]+/g, "_")
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, "")
    .replace(/_+/g, "_")
    .replace(/^_|_$/g, "");
  return snake || undefined;
}

/** Trimmed, lower-cased; undefined when it is not a plausible address. */
export function normalizeEmail(input: unknown): string | undefined {
  if (typeof input !== "string") return undefined;
  const email = input.trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) ? email : undefined;
}
