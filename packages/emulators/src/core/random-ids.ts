import type { Prng } from "./create-prng";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const HEX = "0123456789abcdef";

/** Lemlist-style id: `act_x6esGLhoPa2SMHCZ7` (prefix + 17 base62 characters). */
export function createPrefixedId(options: { prng: Prng; prefix: string }): string {
  let id = `${options.prefix}_`;
  for (let i = 0; i < 17; i += 1) id += BASE62[Math.floor(options.prng.next() * 62)];
  return id;
}

/** Smartlead `stats_id`: a v4-uuid-shaped string. */
export function createUuidLike(options: { prng: Prng }): string {
  let hex = "";
  for (let i = 0; i < 32; i += 1) hex += HEX[Math.floor(options.prng.next() * 16)];
  const variant = HEX[8 + Math.floor(options.prng.next() * 4)] ?? "8";
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** An API key that depends only on the seed, so the demo and other processes can know it in advance. */
export function createSeededApiKey(options: { prng: Prng; prefix: string }): string {
  let key = options.prefix;
  for (let i = 0; i < 32; i += 1) key += HEX[Math.floor(options.prng.next() * 16)];
  return key;
}
