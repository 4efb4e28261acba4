import { PlatformRequestAborted } from "@full-sync/platform-clients";

/** cancelled: the user asked. shutdown: this process stops. superseded: another attempt owns the task now (or it ended). */
export type StopReason = "cancelled" | "shutdown" | "superseded";

export class TaskInterrupted extends Error {
  constructor(readonly reason: StopReason) {
    super(`sync task interrupted: ${reason}`);
    this.name = "TaskInterrupted";
  }
}

/**
 * A platform call this worker gave up because it stops is a shutdown, like one seen at a page boundary: the page
 * was not stored, and the task goes back to the queue instead of spending a retry or recording an error.
 */
export function asInterruption(error: unknown): unknown {
  return error instanceof PlatformRequestAborted ? new TaskInterrupted("shutdown") : error;
}
