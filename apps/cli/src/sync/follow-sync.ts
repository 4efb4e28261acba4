import { createProgressPrinter, type ProgressSnapshot } from "./render-progress";

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
export async function followSync({ baseUrl, apiKey, jobId, intervalMs = 500, stream = process.stdout, cancelOnInterrupt = true }: FollowSyncOptions): Promise<ProgressSnapshot & { jobId: string }> {
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
      const body = (await response.json()) as ProgressSnapshot & { jobId: string; error?: { message: string } };
      if (!response.ok) throw new Error(`status request failed (${response.status}): ${body.error?.message ?? "unknown error"}`);
      printer.update(body);
      if (TERMINAL.has(body.status)) return body;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  } finally {
    printer.done();
    if (cancelOnInterrupt) process.off("SIGINT", onInterrupt);
  }
}
