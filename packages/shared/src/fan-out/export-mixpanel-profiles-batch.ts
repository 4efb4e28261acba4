import type { Pool } from "../db/create-pool";
import type { MixpanelSender } from "./destination-clients";
import { drainOutboxBatch, type BatchOutcome, type DrainedBatch, type OutboxCursor } from "./drain-outbox-batch";
import { loadEngagementSummaries } from "./load-engagement-summaries";
import { pauseOrRetry } from "./pause-or-retry";

/**
 * Mixpanel people profiles (/engage $set) for namespaces whose settings ask for them (`mixpanel.profiles: true`):
 * the same person and summary Attio gets, keyed by the same distinct_id (the normalised e-mail) as the events.
 */
export async function exportMixpanelProfilesBatch({ pool, senderFor, limit = 2000, cursor }: { pool: Pool; senderFor: (namespaceId: string) => Promise<MixpanelSender>; limit?: number; cursor?: OutboxCursor }): Promise<DrainedBatch | undefined> {
  return drainOutboxBatch({
    pool,
    destination: "mixpanel_profile",
    limit,
    cursor,
    send: async ({ client, namespaceId, rows }): Promise<BatchOutcome> => {
      const ids = rows.map((row) => row.id);
      const people = await loadEngagementSummaries({ client, outboxIds: ids });
      try {
        const sender = await senderFor(namespaceId);
        const { failed } = await sender.setProfiles(
          people.map((person) => ({
            distinctId: person.email,
            set: {
              $email: person.email,
              ...(person.first_name ? { $first_name: person.first_name } : {}),
              ...(person.last_name ? { $last_name: person.last_name } : {}),
              ...(person.company_name ? { company: person.company_name } : {}),
              emails_sent: person.emails_sent,
              emails_opened: person.emails_opened,
              emails_replied: person.emails_replied,
              last_contacted_at: person.last_contacted_at?.toISOString() ?? null,
            },
          })),
        );
        const refused = new Map(failed.map((failure) => [Number(people[failure.index]!.outbox_id), failure.message]));
        return {
          sent: people.map((person) => Number(person.outbox_id)).filter((id) => !refused.has(id)),
          refused: [...refused].map(([id, message]) => ({ id, message })),
          retry: undefined,
          pause: undefined,
        };
      } catch (error) {
        return pauseOrRetry({ error, ids, destination: "Mixpanel" });
      }
    },
  });
}
