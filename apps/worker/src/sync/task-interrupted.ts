/** cancelled: the user asked. shutdown: this process stops. superseded: another attempt owns the task now (or it ended). */
export type StopReason = "cancelled" | "shutdown" | "superseded";

export class TaskInterrupted extends Error {
  constructor(readonly reason: StopReason) {
    super(`sync task interrupted: ${reason}`);
    this.name = "TaskInterrupted";
  }
}
