import { describeSendFailure } from "./destination-clients";
import type { BatchOutcome } from "./drain-outbox-batch";

/** The namespace has no credentials (or project) for a destination: its export waits for an update. */
export class MissingDestination extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MissingDestination";
  }
}

/**
 * A whole batch failed. Refused credentials (401/403) or none at all stop the namespace's export with the reason;
 * a failure retries could still fix (429, 5xx, timeouts) waits and goes again; any other refusal of the whole
 * request marks its records failed with the destination's message.
 */
export function pauseOrRetry({ error, ids, destination }: { error: unknown; ids: number[]; destination: string }): BatchOutcome {
  const none: BatchOutcome = { sent: [], refused: [], retry: undefined, pause: undefined };
  if (error instanceof MissingDestination) return { ...none, pause: error.message };
  const failure = describeSendFailure(error);
  if (failure.status === 401 || failure.status === 403) {
    return { ...none, pause: `${destination} refused the namespace's credentials (${failure.status}): ${failure.message}. Export stopped until the namespace is updated.` };
  }
  if (failure.retryable || failure.status === undefined) return { ...none, retry: { ids, message: failure.message } };
  return { ...none, refused: ids.map((id) => ({ id, message: failure.message })) };
}
