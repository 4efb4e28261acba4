import type Joi from "joi";

// Control characters (C0, DEL, C1; NUL included: PostgreSQL cannot store it in text) and lone surrogates
// (invalid UTF-16, which has no UTF-8 form).
const CONTROL = /(?![\t\n\r])\p{Cc}|\p{Cs}/u;
// In names, also layout controls, every format character (bidirectional overrides and isolates, zero-width
// spaces and joiners, BOM, soft hyphen), line and paragraph separators, and U+FFFD, which is what invalid UTF-8
// decodes to: any of these lets one name look like another in a listing.
const UNSAFE_IN_NAME = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}\uFFFD]/u;

function codePointName(text: string, index: number): string {
  return `U+${(text.codePointAt(index) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
}

/** Only characters 32-126: always safe, so most texts leave the checks after one pass over their codes. */
export function isPrintableAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 32 || c > 126) return false;
  }
  return true;
}

/** The first character a text may not contain, as "U+202E at position 1" (1-based), or null. */
export function findUnsafeCharacter(text: string, kind: "name" | "text"): string | null {
  if (isPrintableAscii(text)) return null;
  const match = (kind === "name" ? UNSAFE_IN_NAME : CONTROL).exec(text);
  return match ? `${codePointName(text, match.index)} at position ${match.index + 1}` : null;
}

function rule(kind: "name" | "text", what: string): Joi.CustomValidator<string> {
  return (value, helpers) => {
    if (typeof value !== "string") return value;
    const found = findUnsafeCharacter(value, kind);
    return found ? helpers.message({ custom: `{{#label}} must not contain ${what} (${found})` }) : value;
  };
}

/** For names, identifiers and secrets: no control, format (bidirectional, zero-width) or replacement characters. */
export const safeName = rule("name", "control, invisible format or replacement characters");

/** For free text (descriptions): no control characters other than tab and line breaks. */
export const safeText = rule("text", "control characters");
