import { createApiKey, listApiKeys, revokeApiKey, SCOPES, type ApiKeyView } from "@full-sync/shared";
import { commandGroup, UsageError, type CliContext } from "../cli-command";
import { parseDuration, parseList, parseOptions } from "../parse-cli-values";

function describeKey(key: ApiKeyView): string {
  const namespaces = key.namespaces.length > 0 ? key.namespaces.join(",") : "all";
  return [key.id, key.prefix, key.status.padEnd(7), key.name, `scopes=${key.scopes.join(",")}`, `namespaces=${namespaces}`, `expires=${key.expires_at ?? "never"}`, `last_used=${key.last_used_at ?? "never"}`].join("  ");
}

async function create(args: string[], context: CliContext): Promise<number> {
  const { values } = parseOptions(args, {
    name: { type: "string" },
    scopes: { type: "string" },
    namespaces: { type: "string" },
    "expires-in": { type: "string" },
    json: { type: "boolean" },
  });
  if (!values.name) throw new UsageError("--name is required");
  if (!values.scopes) throw new UsageError(`--scopes is required ('*' or a comma list of: ${SCOPES.join(", ")})`);
  const expiresAt = values["expires-in"] ? new Date(Date.now() + parseDuration(values["expires-in"], "--expires-in")) : null;
  const { prisma } = await context.openDatabase();
  const { key, apiKey } = await createApiKey({
    prisma,
    input: { name: values.name, scopes: parseList(values.scopes), namespaces: parseList(values.namespaces), expiresAt },
  });
  if (values.json) {
    context.out(JSON.stringify({ key, api_key: apiKey }));
    return 0;
  }
  context.out(`Created API key "${apiKey.name}" (${apiKey.id})`);
  context.out(`  scopes: ${apiKey.scopes.join(", ")}   namespaces: ${apiKey.namespaces.join(", ") || "all"}   expires: ${apiKey.expires_at ?? "never"}`);
  context.out("The key is shown only this once; store it now:");
  context.out();
  context.out(key);
  return 0;
}

async function list(args: string[], context: CliContext): Promise<number> {
  const { values } = parseOptions(args, { json: { type: "boolean" } });
  const { prisma } = await context.openDatabase();
  const keys = await listApiKeys({ prisma });
  if (values.json) context.out(JSON.stringify(keys));
  else if (keys.length === 0) context.out("No API keys yet: pnpm fullsync apikey create --name NAME --scopes '*'");
  else keys.forEach((key) => context.out(describeKey(key)));
  return 0;
}

async function revoke(args: string[], context: CliContext): Promise<number> {
  const { positionals } = parseOptions(args, {}, true);
  const [id, ...extra] = positionals;
  if (!id || extra.length > 0) throw new UsageError("apikey revoke takes exactly one key id");
  const { prisma } = await context.openDatabase();
  const revoked = await revokeApiKey({ prisma, id });
  context.out(`Revoked ${revoked.prefix} "${revoked.name}" (${revoked.id}) at ${revoked.revoked_at ?? "?"}`);
  return 0;
}

export const apikeyCommand = commandGroup({
  name: "apikey",
  summary: "create, list and revoke API keys (works with no key yet: talks to the database)",
  usage: [
    "pnpm fullsync apikey create --name NAME --scopes '*'|SCOPE,SCOPE [--namespaces a,b] [--expires-in 30d] [--json]",
    "pnpm fullsync apikey list [--json]",
    "pnpm fullsync apikey revoke ID",
    `scopes: * (all), ${SCOPES.join(", ")}`,
  ],
  subcommands: { create, list, revoke },
});
