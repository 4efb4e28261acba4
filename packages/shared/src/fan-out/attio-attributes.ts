import type { AttioAttributeSpec } from "./destination-clients";

/**
 * The custom attributes of the people object that hold the engagement summary, created once per workspace. The
 * slugs carry a `fullsync_` prefix so they never clash with a workspace's own attributes.
 */
export const ATTIO_SUMMARY_ATTRIBUTES: AttioAttributeSpec[] = [
  { slug: "fullsync_company", title: "Company (Full Sync)", type: "text", description: "Company name from the outreach platform" },
  { slug: "fullsync_first_contacted_at", title: "First contacted", type: "timestamp", description: "First email sent" },
  { slug: "fullsync_last_contacted_at", title: "Last contacted", type: "timestamp", description: "Last email sent" },
  { slug: "fullsync_last_opened_at", title: "Last opened", type: "timestamp", description: "Last email opened" },
  { slug: "fullsync_last_clicked_at", title: "Last clicked", type: "timestamp", description: "Last link clicked" },
  { slug: "fullsync_last_replied_at", title: "Last replied", type: "timestamp", description: "Last reply received" },
  { slug: "fullsync_emails_sent", title: "Emails sent", type: "number", description: "Emails sent to this person" },
  { slug: "fullsync_emails_opened", title: "Emails opened", type: "number", description: "Open events" },
  { slug: "fullsync_emails_clicked", title: "Emails clicked", type: "number", description: "Click events" },
  { slug: "fullsync_emails_replied", title: "Emails replied", type: "number", description: "Reply events" },
  { slug: "fullsync_emails_bounced", title: "Emails bounced", type: "number", description: "Bounce events" },
  { slug: "fullsync_unsubscribed", title: "Unsubscribes", type: "number", description: "Unsubscribe events" },
  { slug: "fullsync_events_total", title: "Engagement events", type: "number", description: "Every engagement event stored for this person" },
  { slug: "fullsync_campaigns", title: "Campaigns", type: "text", description: "Campaigns this person is in (platform: name), comma separated" },
];
