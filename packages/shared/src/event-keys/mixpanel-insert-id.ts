// Two anchored readings, the plain one first: a single regex with an optional `_c<n>` would take the leftmost
// match, so a key whose own hash segment looks like `c` and seven digits after an 8-hex activity segment
// (`..._deadbeef_c2698395`) would be read as a collision suffix and disagree with the engine's result.
const HASH_SEGMENT = /_([0-9a-f]{8})$/;
const SUFFIXED_HASH_SEGMENT = /_([0-9a-f]{8})_c\d+$/;
const HEX_BYTES = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

// Two 32-bit FNV-1a lanes with different offsets, fed part by part so the engine never walks a
// concatenated (rope) string: cheap, and stable across processes and versions of Node.
interface Lanes {
  a: number;
  b: number;
}

function feed(lanes: Lanes, text: string): void {
  let { a, b } = lanes;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000197);
  }
  lanes.a = a;
  lanes.b = b;
}

function hex32(n: number): string {
  return (HEX_BYTES[n >>> 24] as string) + HEX_BYTES[(n >>> 16) & 255] + HEX_BYTES[(n >>> 8) & 255] + HEX_BYTES[n & 255];
}

const UNDERSCORE = "_";

/**
 * `$insert_id` of the key `parts.join("_")` whose hash segment is `hashSegment`: the key's own 8 hex of the
 * fingerprint, a hyphen, then 64 bits of FNV-1a over the whole key (collision suffix included), e.g.
 * `a1b2c3d4-0123456789abcdef` (25 characters of [0-9a-f-], within Mixpanel's 36 bytes of [A-Za-z0-9-]).
 */
export function insertIdOfParts(parts: readonly string[], hashSegment: string): string {
  const lanes = { a: 0x811c9dc5, b: 0x050c5d1f };
  for (let i = 0; i < parts.length; i++) {
    if (i > 0) feed(lanes, UNDERSCORE);
    feed(lanes, parts[i] as string);
  }
  return `${hashSegment}-${hex32(lanes.a)}${hex32(lanes.b)}`;
}

/** Mixpanel `$insert_id` of a final event key: a pure function of the key (see insertIdOfParts). */
export function mixpanelInsertId(key: string): string {
  const segment = HASH_SEGMENT.exec(key)?.[1] ?? SUFFIXED_HASH_SEGMENT.exec(key)?.[1] ?? insertIdOfParts([key, "#"], "").slice(1, 9);
  return insertIdOfParts([key], segment);
}
