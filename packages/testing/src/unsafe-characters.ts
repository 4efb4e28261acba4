/** Characters a name must never contain: controls (NUL first), bidirectional and zero-width format characters. */
export const CONTROL_CHARACTERS = ["\u0000", "\u0001", "\u0008", "\u000b", "\u001b", "\u007f", "\u0085", "\u009f"];
export const FORMAT_CHARACTERS = ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202a", "\u202e", "\u2066", "\u2069", "\u2060", "\ufeff", "\u00ad", "\u061c"];
/** Line separators, the replacement character (what invalid UTF-8 decodes to) and a lone surrogate. */
export const OTHER_NAME_CHARACTERS = ["\u2028", "\u2029", "\ufffd", "\ud800"];
export const UNSAFE_NAME_CHARACTERS = [...CONTROL_CHARACTERS, ...FORMAT_CHARACTERS, ...OTHER_NAME_CHARACTERS];

/** "U+202E", for test names. */
export function codePoint(character: string): string {
  return `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
}
