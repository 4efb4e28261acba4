import { randomBytes } from "node:crypto";

/** job_<base36 time><random>: sortable by creation and not guessable. */
export function newJobId(now = Date.now()): string {
  return `job_${now.toString(36)}${randomBytes(8).toString("hex")}`;
}
