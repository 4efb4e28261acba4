import { randomBytes } from "node:crypto";
import {
  createNamespace,
  deleteNamespace,
  getNamespace,
  listNamespaces,
  resolveCredentialsKey,
  updateNamespace,
  PLATFORMS_WITH_CREDENTIALS,
  SOURCE_PLATFORMS,
  type IngestSecretsPatch,
  type NamespaceCredentialsPatch,
  type NamespaceSettingsPatch,
  type NamespaceView,
} from "@full-sync/shared";
import { commandGroup, UsageError, type CliContext } from "../cli-command";
import { parseList, parseOptions, parseRate, parseSwitch } from "../parse-cli-values";

const PLATFORM_OPTIONS = {
  description: { type: "string" },
  "smartlead-key": { type: "string" },
  "smartlead-rate": { type: "string" },
  "lemlist-key": { type: "string" },
  "lemlist-rate": { type: "string" },
  "mixpanel-project-id": { type: "string" },
  "mixpanel-region": { type: "string" },
  "mixpanel-username": { type: "string" },
  "mixpanel-secret": { type: "string" },
  "mixpanel-token": { type: "string" },
  "mixpanel-export-all-events": { type: "string" },
  "mixpanel-profiles": { type: "string" },
  "mixpanel-rate": { type: "string" },
  "attio-token": { type: "string" },
  "attio-rate": { type: "string" },
  "attio-export-all-people": { type: "string" },
  "smartlead-ingest-secret": { type: "string" },
  "lemlist-ingest-secret": { type: "string" },
  "generate-ingest-secrets": { type: "string" },
  clear: { type: "string" },
  json: { type: "boolean" },
} as const;

type PlatformValues = { [K in keyof typeof PLATFORM_OPTIONS]?: (typeof PLATFORM_OPTIONS)[K]["type"] extends "boolean" ? boolean : string };

/** Flags to per-platform credentials and settings; only the platforms a flag names are touched. */
function toPatches(values: PlatformValues): { credentials: NamespaceCredentialsPatch; settings: NamespaceSettingsPatch } {
  const credentials: NamespaceCredentialsPatch = {};
  const settings: NamespaceSettingsPatch = {};
  if (values["smartlead-key"]) credentials.smartlead = { apiKey: values["smartlead-key"] };
  if (values["lemlist-key"]) credentials.lemlist = { apiKey: values["lemlist-key"] };
  if (values["attio-token"]) credentials.attio = { accessToken: values["attio-token"] };
  if (values["mixpanel-username"] || values["mixpanel-secret"] || values["mixpanel-token"]) {
    credentials.mixpanel = { username: values["mixpanel-username"], secret: values["mixpanel-secret"], projectToken: values["mixpanel-token"] };
  }
  if (values["smartlead-rate"]) settings.smartlead = { rateLimit: parseRate(values["smartlead-rate"], "--smartlead-rate") };
  if (values["lemlist-rate"]) settings.lemlist = { rateLimit: parseRate(values["lemlist-rate"], "--lemlist-rate") };
  const mixpanel = {
    projectId: values["mixpanel-project-id"],
    region: values["mixpanel-region"] as "us" | "eu" | "in" | undefined,
    exportAllEvents: parseSwitch(values["mixpanel-export-all-events"], "--mixpanel-export-all-events"),
    profiles: parseSwitch(values["mixpanel-profiles"], "--mixpanel-profiles"),
    rateLimit: values["mixpanel-rate"] ? parseRate(values["mixpanel-rate"], "--mixpanel-rate") : undefined,
  };
  if (Object.values(mixpanel).some((value) => value !== undefined)) settings.mixpanel = mixpanel;
  const attio = {
    exportAllPeople: parseSwitch(values["attio-export-all-people"], "--attio-export-all-people"),
    rateLimit: values["attio-rate"] ? parseRate(values["attio-rate"], "--attio-rate") : undefined,
  };
  if (Object.values(attio).some((value) => value !== undefined)) settings.attio = attio;
  for (const platform of parseList(values.clear)) {
    if (!(PLATFORMS_WITH_CREDENTIALS as readonly string[]).includes(platform)) throw new UsageError(`--clear takes ${PLATFORMS_WITH_CREDENTIALS.join(",")}`);
    credentials[platform as keyof NamespaceCredentialsPatch] = null;
  }
  // Drop undefined members so joi sees only what was given.
  return JSON.parse(JSON.stringify({ credentials, settings })) as { credentials: NamespaceCredentialsPatch; settings: NamespaceSettingsPatch };
}

function show(context: CliContext, namespace: NamespaceView, json: boolean | undefined): void {
  if (json) context.out(JSON.stringify(namespace));
  else context.out(`${namespace.name}  platforms=${namespace.configured_platforms.join(",") || "none"}  ingest=${namespace.ingest_platforms.join(",") || "none"}  settings=${JSON.stringify(namespace.settings)}${namespace.description ? `  "${namespace.description}"` : ""}`);
}

function nameOf(positionals: string[], sub: string): string {
  const [name, ...extra] = positionals;
  if (!name || extra.length > 0) throw new UsageError(`namespace ${sub} takes exactly one NAME`);
  return name;
}

/**
 * The webhook secrets to write: given ones, and generated ones (256 random bits, printed once, like a new API key,
 * for the platform's hook registration).
 */
function toIngestSecrets(values: PlatformValues, context: CliContext): IngestSecretsPatch {
  const secrets: IngestSecretsPatch = {};
  if (values["smartlead-ingest-secret"]) secrets.smartlead = values["smartlead-ingest-secret"];
  if (values["lemlist-ingest-secret"]) secrets.lemlist = values["lemlist-ingest-secret"];
  for (const platform of parseList(values["generate-ingest-secrets"])) {
    if (!(SOURCE_PLATFORMS as readonly string[]).includes(platform)) throw new UsageError(`--generate-ingest-secrets takes ${SOURCE_PLATFORMS.join(",")}`);
    const secret = `fsi_${randomBytes(32).toString("base64url")}`;
    secrets[platform as keyof IngestSecretsPatch] = secret;
    context.out(`${platform} ingest secret (shown once): ${secret}`);
  }
  return secrets;
}

async function create(args: string[], context: CliContext): Promise<number> {
  const { values, positionals } = parseOptions(args, PLATFORM_OPTIONS, true);
  const name = nameOf(positionals, "create");
  const { credentials, settings } = toPatches(values);
  const ingestSecrets = toIngestSecrets(values, context);
  const { prisma } = await context.openDatabase();
  const key = resolveCredentialsKey({ config: context.config });
  const input = { name, description: values.description, credentials, settings, ingestSecrets } as Parameters<typeof createNamespace>[0]["input"];
  show(context, await createNamespace({ prisma, key, input }), values.json);
  return 0;
}

async function update(args: string[], context: CliContext): Promise<number> {
  const { values, positionals } = parseOptions(args, PLATFORM_OPTIONS, true);
  const name = nameOf(positionals, "update");
  const { credentials, settings: given } = toPatches(values);
  const ingestSecrets = toIngestSecrets(values, context);
  const { prisma } = await context.openDatabase();
  // A flag changes that setting only: the platform's other settings (a project id, a rate) are kept, where the
  // API's per-platform patch would replace them.
  const current = Object.keys(given).length > 0 ? ((await getNamespace({ prisma, name })).settings as NamespaceSettingsPatch) : {};
  const settings = Object.fromEntries(Object.entries(given).map(([platform, patch]) => [platform, { ...current[platform as keyof NamespaceSettingsPatch], ...patch }])) as NamespaceSettingsPatch;
  const input = {
    ...(values.description !== undefined ? { description: values.description } : {}),
    ...(Object.keys(credentials).length > 0 ? { credentials } : {}),
    ...(Object.keys(settings).length > 0 ? { settings } : {}),
    ...(Object.keys(ingestSecrets).length > 0 ? { ingestSecrets } : {}),
  };
  if (Object.keys(input).length === 0) throw new UsageError("namespace update needs at least one option to change");
  const key = resolveCredentialsKey({ config: context.config });
  show(context, await updateNamespace({ prisma, key, name, input }), values.json);
  return 0;
}

async function list(args: string[], context: CliContext): Promise<number> {
  const { values } = parseOptions(args, { json: { type: "boolean" } });
  const { prisma } = await context.openDatabase();
  const namespaces = await listNamespaces({ prisma });
  if (values.json) context.out(JSON.stringify(namespaces));
  else if (namespaces.length === 0) context.out("No namespaces yet: pnpm fullsync namespace create NAME --smartlead-key K ...");
  else namespaces.forEach((n) => show(context, n, false));
  return 0;
}

async function remove(args: string[], context: CliContext): Promise<number> {
  const { positionals } = parseOptions(args, {}, true);
  const name = nameOf(positionals, "delete");
  const { prisma } = await context.openDatabase();
  const deleted = await deleteNamespace({ prisma, name });
  context.out(`Deleted namespace ${deleted.name} and everything synced into it`);
  return 0;
}

export const namespaceCommand = commandGroup({
  name: "namespace",
  summary: "create, update, list and delete namespaces (credentials are encrypted and never printed)",
  usage: [
    "pnpm fullsync namespace create NAME [--description D] [--smartlead-key K] [--smartlead-rate 10/2s] [--lemlist-key K] [--lemlist-rate 20/2s]",
    "       [--mixpanel-project-id N] [--mixpanel-region us|eu|in] [--mixpanel-username U --mixpanel-secret S | --mixpanel-token T]",
    "       [--mixpanel-export-all-events true|false] [--mixpanel-profiles true|false] [--mixpanel-rate 30/1s]",
    "       [--attio-token T] [--attio-export-all-people true|false] [--attio-rate 25/1s] [--json]",
    "       (secrets are stored encrypted and never printed; on update a setting flag keeps the platform's other settings)",
    "       [--smartlead-ingest-secret S] [--lemlist-ingest-secret S] [--generate-ingest-secrets smartlead,lemlist]  (webhook secrets; a generated one is printed once)",
    "pnpm fullsync namespace update NAME [same options] [--clear smartlead,lemlist,mixpanel,attio]",
    "pnpm fullsync namespace list [--json]",
    "pnpm fullsync namespace delete NAME",
  ],
  subcommands: { create, update, list, delete: remove },
});
