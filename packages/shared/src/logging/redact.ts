const SECRET_KEY = /(authorization|api[_-]?key|apikey|access[_-]?token|token|secret|password|credential|cookie)/i;

export const REDACTED = "[REDACTED]";

// Matches wherever one of redactText's patterns could (a superset of them).
const MIGHT_HOLD_SECRET = /fsk_|bearer|basic|token=|api_key=/i;

/** Masks Full Sync API keys, bearer/basic credentials and secret query parameters inside free text. */
export function redactText(text: string): string {
  // Every log line passes here: most strings hold none of the patterns below, and one test is cheaper than three replaces.
  if (!MIGHT_HOLD_SECRET.test(text)) return text;
  return text
    .replace(/fsk_[A-Za-z0-9_-]{8,}/g, REDACTED)
    .replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${REDACTED}`)
    .replace(/([?&](?:api_key|access_token|token)=)[^&\s"']+/gi, `$1${REDACTED}`);
}

// Log lines reuse a few hundred field names: each is tested against SECRET_KEY once (bounded, for odd callers).
const secretKeys = new Map<string, boolean>();
function isSecretKey(key: string): boolean {
  let secret = secretKeys.get(key);
  if (secret === undefined) {
    secret = SECRET_KEY.test(key);
    if (secretKeys.size < 10_000) secretKeys.set(key, secret);
  }
  return secret;
}

/**
 * Deep copy with secret-looking keys replaced and secrets in strings masked. Object keys come out sorted, so
 * the native JSON.stringify of the copy is the stable line winston's json format wrote.
 */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 8) return "[depth]";
  if (typeof value === "string") return redactText(value);
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value instanceof Error) return { message: redactText(value.message), name: value.name };
  if (value && typeof value === "object" && !(value instanceof Date)) {
    const source = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(source).sort()) {
      const v = source[k];
      out[k] = v !== undefined && v !== null && isSecretKey(k) ? REDACTED : redact(v, depth + 1);
    }
    return out;
  }
  return value;
}
