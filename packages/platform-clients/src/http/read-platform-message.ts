import { redactText } from "@full-sync/shared";

const MAX_MESSAGE_LENGTH = 500;

/**
 * The platform's own words from an error body: Smartlead `{"message"}` or `{"error": {"message"}}`,
 * Lemlist's text/plain. HTML pages say nothing useful. Credentials are masked in case a platform echoes them.
 */
export function readPlatformMessage({
  body,
  contentType,
  secrets,
}: {
  body: string;
  contentType: string;
  secrets: string[];
}): string | undefined {
  const text = body.trim();
  if (!text || /html/i.test(contentType)) return undefined;
  const message = messageFromJson(text) ?? text;
  return maskSecrets(redactText(message), secrets).slice(0, MAX_MESSAGE_LENGTH);
}

function messageFromJson(text: string): string | undefined {
  if (!text.startsWith("{")) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (!isRecord(parsed)) return undefined;
    if (typeof parsed.message === "string") return parsed.message;
    const error = parsed.error;
    if (typeof error === "string") return error;
    if (isRecord(error) && typeof error.message === "string") return error.message;
  } catch {
    // not JSON after all: the raw text is the message
  }
  return undefined;
}

export function maskSecrets(text: string, secrets: string[]): string {
  return secrets.reduce((out, secret) => (secret ? out.split(secret).join("[REDACTED]") : out), text);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
