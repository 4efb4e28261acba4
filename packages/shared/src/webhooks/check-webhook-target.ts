import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { refuseTargetAddress } from "./classify-target-address";

export interface CheckWebhookTargetOptions {
  url: string;
  allowPrivateTargets: boolean;
  /** When the host does not resolve: at request time accept (delivery retries), at delivery time refuse. */
  requireResolution?: boolean;
  /** The host's addresses. Default: the system resolver (`dns.lookup`, every address). */
  resolve?: (host: string) => Promise<string[]>;
}

const systemResolve = async (host: string): Promise<string[]> => (await lookup(host, { all: true })).map((a) => a.address);

export type WebhookTargetCheck = { ok: true; addresses: string[] } | { ok: false; reason: string };

/**
 * Refuses every address that is not ordinary global unicast (by literal and by DNS answer, each judged by its
 * bytes with refuseTargetAddress) unless allowed. The addresses it approves are the ones to connect to:
 * resolving the host again would let a DNS answer change in between (rebinding), so delivery pins to them.
 */
export async function checkWebhookTarget({ url, allowPrivateTargets, requireResolution = false, resolve = systemResolve }: CheckWebhookTargetOptions): Promise<WebhookTargetCheck> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, reason: "not a valid URL" };
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return { ok: false, reason: "only http and https targets are allowed" };
  if (parsed.username || parsed.password) return { ok: false, reason: "credentials in the URL are not allowed" };
  const host = parsed.hostname.replace(/^\[|\]$/g, "");
  const name = host.toLowerCase().replace(/\.$/, "");
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else if (name === "localhost" || name.endsWith(".localhost")) addresses = ["127.0.0.1"];
  else {
    try {
      addresses = await resolve(host);
    } catch {
      return requireResolution ? { ok: false, reason: `host ${host} does not resolve` } : { ok: true, addresses: [] };
    }
  }
  if (requireResolution && addresses.length === 0) return { ok: false, reason: `host ${host} does not resolve` };
  if (!allowPrivateTargets) {
    for (const address of addresses) {
      const refusal = refuseTargetAddress(address);
      if (refusal) return { ok: false, reason: `private, loopback, link-local and special-purpose targets are refused (WEBHOOK_ALLOW_PRIVATE_TARGETS): ${address} is ${refusal}` };
    }
  }
  return { ok: true, addresses };
}
