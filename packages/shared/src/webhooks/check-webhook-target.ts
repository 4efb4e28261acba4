import { lookup } from "node:dns/promises";
import { isIP } from "node:net";

/** Loopback, private, link-local, CGNAT, unspecified and unique-local ranges: never a webhook target by default. */
export function isPrivateAddress(address: string): boolean {
  const version = isIP(address);
  if (version === 4) {
    const [a = 0, b = 0] = address.split(".").map(Number);
    return (
      a === 0 || a === 10 || a === 127 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127) || a >= 224
    );
  }
  if (version === 6) {
    const lower = address.toLowerCase();
    if (lower === "::1" || lower === "::") return true;
    if (lower.startsWith("::ffff:")) return isPrivateAddress(lower.slice(7));
    return /^(fc|fd|fe8|fe9|fea|feb|ff)/.test(lower);
  }
  return false;
}

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
 * Refuses private, loopback and link-local targets (by literal and by DNS answer) unless allowed. The addresses
 * it approves are the ones to connect to: resolving the host again would let a DNS answer change in between
 * (rebinding), so delivery pins its connection to them.
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
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else if (host === "localhost" || host.endsWith(".localhost")) addresses = ["127.0.0.1"];
  else {
    try {
      addresses = await resolve(host);
    } catch {
      return requireResolution ? { ok: false, reason: `host ${host} does not resolve` } : { ok: true, addresses: [] };
    }
  }
  if (requireResolution && addresses.length === 0) return { ok: false, reason: `host ${host} does not resolve` };
  if (!allowPrivateTargets && addresses.some(isPrivateAddress)) {
    return { ok: false, reason: "private, loopback and link-local targets are refused (WEBHOOK_ALLOW_PRIVATE_TARGETS)" };
  }
  return { ok: true, addresses };
}
