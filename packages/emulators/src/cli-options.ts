import { parseArgs } from "node:util";
import type { AttioEmulatorOptions } from "./attio/attio-types";
import type { MixpanelEmulatorOptions } from "./mixpanel/mixpanel-types";
import type { EmulatorOptions } from "./types";

export interface CliOptions {
  smartlead: EmulatorOptions;
  lemlist: EmulatorOptions;
  mixpanel: MixpanelEmulatorOptions;
  attio: AttioEmulatorOptions;
}

const USAGE = `Usage: pnpm emulators [options]
  --seed N                 deterministic data (env EMULATOR_SEED, default 1)
  --campaigns N            campaigns per platform (env EMULATOR_CAMPAIGNS, default 3)
  --leads-per-campaign N   (env EMULATOR_LEADS_PER_CAMPAIGN, default 20)
  --smartlead-port N       (env SMARTLEAD_EMULATOR_PORT, default 0 = any free port)
  --lemlist-port N         (env LEMLIST_EMULATOR_PORT, default 0 = any free port)
  --host HOST              (env EMULATOR_HOST, default 127.0.0.1)
  --smartlead-api-key KEY  (env SMARTLEAD_EMULATOR_API_KEY, default derived from the seed)
  --lemlist-api-key KEY    (env LEMLIST_EMULATOR_API_KEY, default derived from the seed)
  --smartlead-rate-limit N/MS  requests per window (env SMARTLEAD_EMULATOR_RATE_LIMIT, default 10/2000)
  --lemlist-rate-limit N/MS    (env LEMLIST_EMULATOR_RATE_LIMIT, default 20/2000)
  --mixpanel-port N        (env MIXPANEL_EMULATOR_PORT, default 0 = any free port)
  --mixpanel-project-id N  (env MIXPANEL_EMULATOR_PROJECT_ID, default 1)
  --attio-port N           (env ATTIO_EMULATOR_PORT, default 0 = any free port)
  --attio-access-token T   (env ATTIO_EMULATOR_ACCESS_TOKEN, default derived from the seed)`;

/** Flags win over environment variables; both are optional. Throws with the usage text on bad input. */
export function parseCliOptions(options: { argv: string[]; env: NodeJS.ProcessEnv }): CliOptions | "help" {
  const { values } = parseArgs({
    args: options.argv,
    options: {
      seed: { type: "string" },
      campaigns: { type: "string" },
      "leads-per-campaign": { type: "string" },
      "smartlead-port": { type: "string" },
      "lemlist-port": { type: "string" },
      host: { type: "string" },
      "smartlead-api-key": { type: "string" },
      "lemlist-api-key": { type: "string" },
      "smartlead-rate-limit": { type: "string" },
      "lemlist-rate-limit": { type: "string" },
      "mixpanel-port": { type: "string" },
      "mixpanel-project-id": { type: "string" },
      "attio-port": { type: "string" },
      "attio-access-token": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) return "help";
  const number = (name: string, raw: string | undefined): number | undefined => {
    if (raw === undefined || raw === "") return undefined;
    const parsed = Number(raw);
    if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`--${name} must be a non-negative integer, got "${raw}"\n${USAGE}`);
    return parsed;
  };
  const env = options.env;
  const shared: EmulatorOptions = {
    seed: number("seed", values.seed ?? env.EMULATOR_SEED),
    campaigns: number("campaigns", values.campaigns ?? env.EMULATOR_CAMPAIGNS),
    leadsPerCampaign: number("leads-per-campaign", values["leads-per-campaign"] ?? env.EMULATOR_LEADS_PER_CAMPAIGN),
    host: values.host ?? env.EMULATOR_HOST ?? "127.0.0.1",
  };
  const rateLimit = (name: string, raw: string | undefined): { limit: number; windowMs: number } | undefined => {
    if (raw === undefined || raw === "") return undefined;
    const match = /^(\d+)\/(\d+)$/.exec(raw.trim());
    if (!match || Number(match[1]) < 1 || Number(match[2]) < 1) throw new Error(`--${name} must look like 10/2000, got "${raw}"\n${USAGE}`);
    return { limit: Number(match[1]), windowMs: Number(match[2]) };
  };
  const keys = (key: string | undefined): string[] | undefined => (key ? [key] : undefined);
  return {
    smartlead: { ...shared, port: number("smartlead-port", values["smartlead-port"] ?? env.SMARTLEAD_EMULATOR_PORT), apiKeys: keys(values["smartlead-api-key"] ?? env.SMARTLEAD_EMULATOR_API_KEY), rateLimit: rateLimit("smartlead-rate-limit", values["smartlead-rate-limit"] ?? env.SMARTLEAD_EMULATOR_RATE_LIMIT) },
    lemlist: { ...shared, port: number("lemlist-port", values["lemlist-port"] ?? env.LEMLIST_EMULATOR_PORT), apiKeys: keys(values["lemlist-api-key"] ?? env.LEMLIST_EMULATOR_API_KEY), rateLimit: rateLimit("lemlist-rate-limit", values["lemlist-rate-limit"] ?? env.LEMLIST_EMULATOR_RATE_LIMIT) },
    mixpanel: { host: shared.host, port: number("mixpanel-port", values["mixpanel-port"] ?? env.MIXPANEL_EMULATOR_PORT), projectId: number("mixpanel-project-id", values["mixpanel-project-id"] ?? env.MIXPANEL_EMULATOR_PROJECT_ID) },
    attio: { host: shared.host, seed: shared.seed, port: number("attio-port", values["attio-port"] ?? env.ATTIO_EMULATOR_PORT), accessTokens: keys(values["attio-access-token"] ?? env.ATTIO_EMULATOR_ACCESS_TOKEN) },
  };
}

export { USAGE };
