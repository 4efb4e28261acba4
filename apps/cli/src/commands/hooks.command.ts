import { manageIngestHooks, type IngestHook } from "@full-sync/platform-clients";
import { resolveCredentialsKey } from "@full-sync/shared";
import { commandGroup, UsageError, type CliContext } from "../cli-command";
import { parseOptions } from "../parse-cli-values";

const OPTIONS = { namespace: { type: "string" }, "public-url": { type: "string" }, json: { type: "boolean" } } as const;

function show(context: CliContext, hooks: IngestHook[], json: boolean | undefined, verb: string): void {
  if (json) return context.out(JSON.stringify(hooks));
  if (hooks.length === 0) return context.out("No hooks point at this namespace's receivers");
  for (const hook of hooks) context.out(`${verb}  ${hook.platform}  ${hook.id}${hook.campaignId ? `  campaign ${hook.campaignId}` : ""}  ${hook.targetUrl}`);
}

/** register, list and remove run the same domain function as /api/namespaces/{name}/hooks, straight from here. */
function subcommand(action: "register" | "list" | "remove", verb: string) {
  return async (args: string[], context: CliContext): Promise<number> => {
    const { values } = parseOptions(args, OPTIONS);
    if (!values.namespace) throw new UsageError(`hooks ${action} needs --namespace N`);
    if (action === "register" && !values["public-url"]) throw new UsageError("hooks register needs --public-url URL (where the platforms reach the gateway)");
    const { prisma, pool } = await context.openDatabase();
    const hooks = await manageIngestHooks({
      prisma,
      pool,
      key: resolveCredentialsKey({ config: context.config }),
      config: context.config,
      namespace: values.namespace,
      action,
      publicUrl: values["public-url"],
    });
    show(context, hooks, values.json, verb);
    return 0;
  };
}

export const hooksCommand = commandGroup({
  name: "hooks",
  summary: "register, list and remove the namespace's webhooks on Smartlead and Lemlist (real-time ingest)",
  usage: [
    "pnpm fullsync hooks register --namespace N --public-url https://sync.example.com [--json]   (idempotent; creates missing ingest secrets)",
    "pnpm fullsync hooks list --namespace N [--json]",
    "pnpm fullsync hooks remove --namespace N [--public-url URL] [--json]",
  ],
  subcommands: { register: subcommand("register", "registered"), list: subcommand("list", "hook"), remove: subcommand("remove", "removed") },
});
