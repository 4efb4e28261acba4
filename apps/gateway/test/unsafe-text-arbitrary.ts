import fc from "fast-check";
import { UNSAFE_NAME_CHARACTERS } from "@full-sync/testing";

/** Random text with one or more control, format or replacement characters somewhere in it. */
export const unsafeText = fc
  .tuple(fc.string({ maxLength: 6 }), fc.array(fc.constantFrom(...UNSAFE_NAME_CHARACTERS), { minLength: 1, maxLength: 3 }), fc.string({ maxLength: 6 }))
  .map(([before, characters, after]) => `${before}${characters.join("")}${after}`);

/** Every UTF-8 byte percent-encoded (encodeURIComponent throws on a lone surrogate; its UTF-8 form is U+FFFD). */
export function percentEncodeBytes(text: string): string {
  return [...Buffer.from(text, "utf8")].map((byte) => `%${byte.toString(16).padStart(2, "0")}`).join("");
}
