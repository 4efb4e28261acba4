import type { FinalSnapshot } from "./describe-sync-outcome";
import { createProgressPrinter } from "./render-progress";

export interface FollowSyncOptions {
  baseUrl: string;
  apiKey: string;
  jobId: string;
  intervalMs?: number;
  stream?: NodeJS.WriteStream;
  /** Called when the person presses Ctrl-C: the sync is cancelled, not abandoned. */
  cancelOnInterrupt?: boolean;
}

export const TERMINAL = new Set(["completed", "failed", "cancelled"]);

/** Polls the status endpoint and draws the progress bar until the sync ends; returns the final status body. */
// The Status/Stats limit is 100 a minute with bursts of 20 per 12 s: one poll a second stays inside it.
export async function followSync({ baseUrl, apiKey, jobId, intervalMs = 1000, stream = process.stdout, cancelOnInterrupt = true }: FollowSyncOptions): Promise<FinalSnapshot> {
  const printer = createProgressPrinter(stream);
  const headers = { authorization: `Bearer ${apiKey}` };
  let interrupted = false;
  const onInterrupt = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    stream.write("\ncancelling the sync (Ctrl-C again to leave it running)...\n");
    void fetch(`${baseUrl}/api/full-sync/cancel/${jobId}`, { method: "DELETE", headers });
  };
  if (cancelOnInterrupt) process.on("SIGINT", onInterrupt);
  try {
    for (;;) {
      const response = await fetch(`${baseUrl}/api/full-sync/status/${jobId}`, { headers });
      if (response.status === 429) {
        // Another client shares this key's status budget: wait as told, then keep following.
        await response.arrayBuffer();
        await new Promise((resolve) => setTimeout(resolve, Math.max(1, Number(response.headers.get("retry-after") ?? 1)) * 1000));
        continue;
      }
      const body = (await response.json()) as FinalSnapshot;
      if (!response.ok) throw new Error(`status request failed (${response.status}): ${(body.error as { message?: string } | undefined)?.message ?? "unknown error"}`);
      printer.update(body);
      if (TERMINAL.has(body.status)) return body;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  } finally {
    printer.done();
    if (cancelOnInterrupt) process.off("SIGINT", onInterrupt);
  }
}
