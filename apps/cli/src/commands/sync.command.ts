import { UsageError, type CliCommand } from "../cli-command";
import { parseOptions } from "../parse-cli-values";
import { describeSyncOutcome } from "../sync/describe-sync-outcome";
import { followSync } from "../sync/follow-sync";

const EXIT_BY_STATUS: Record<string, number> = { completed: 0, failed: 1, cancelled: 3 };

/** Starts a sync through a running gateway (the API, its auth and rate limits), optionally following it. */
export const syncCommand: CliCommand = {
  name: "sync",
  summary: "start a sync on a running gateway and follow it with a progress bar",
  usage: [
    "pnpm fullsync sync --platforms smartlead,lemlist --mode full_historical|delta_since_last|date_range|namespace_reset",
    "                   [--namespaces a,b] [--start-date 2024-01-01 --end-date 2024-12-31] [--batch-size 50]",
    "                   [--webhook-url URL] [--wait] [--url http://127.0.0.1:3000] [--api-key KEY]",
    "The key comes from --api-key or FULLSYNC_API_KEY; the gateway from --url or FULLSYNC_URL.",
    "With --wait: a live progress bar; Ctrl-C cancels the sync. Exit 0 completed, 1 failed, 3 cancelled.",
  ],
  async run(args, context) {
    const { values } = parseOptions(args, {
      platforms: { type: "string" },
      mode: { type: "string" },
      namespaces: { type: "string" },
      "start-date": { type: "string" },
      "end-date": { type: "string" },
      "batch-size": { type: "string" },
      "webhook-url": { type: "string" },
      wait: { type: "boolean" },
      url: { type: "string" },
      "api-key": { type: "string" },
      json: { type: "boolean" },
    });
    const apiKey = values["api-key"] ?? context.config.cliApiKey;
    if (!apiKey) throw new UsageError("an API key is needed: --api-key KEY or FULLSYNC_API_KEY (create one with pnpm fullsync apikey create)");
    if (!values.platforms || !values.mode) throw new UsageError("--platforms and --mode are required");
    const baseUrl = (values.url ?? context.config.cliGatewayUrl ?? `http://127.0.0.1:${context.config.gatewayPort}`).replace(/\/$/, "");
    const body = {
      platforms: values.platforms,
      syncMode: values.mode,
      namespaces: values.namespaces,
      startDate: values["start-date"],
      endDate: values["end-date"],
      batchSize: values["batch-size"] === undefined ? undefined : Number(values["batch-size"]),
      webhookUrl: values["webhook-url"],
    };
    const response = await fetch(`${baseUrl}/api/full-sync/execute`, {
      method: "POST",
      headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    }).catch((error: unknown) => {
      throw new Error(`cannot reach the gateway at ${baseUrl} (${error instanceof Error ? error.message : error}); is pnpm start running?`);
    });
    const result = (await response.json()) as { jobId?: string; estimatedDuration?: string; error?: { code: string; message: string; details?: { message: string }[] } };
    if (!response.ok || !result.jobId) {
      context.err(`error ${result.error?.code ?? response.status}: ${result.error?.message ?? "request failed"}`);
      result.error?.details?.forEach((d) => context.err(`  - ${d.message}`));
      return 1;
    }
    context.out(values.json ? JSON.stringify(result) : `Sync ${result.jobId} queued (estimated: ${result.estimatedDuration})`);
    if (!values.wait) return 0;
    const final = await followSync({ baseUrl, apiKey, jobId: result.jobId });
    describeSyncOutcome(final).forEach((line) => context.out(line));
    return EXIT_BY_STATUS[final.status] ?? 1;
  },
};
