const MAX_DEPTH = 32;
// NUL and unpaired surrogates: JSON allows them, PostgreSQL's jsonb refuses them.
// eslint-disable-next-line no-control-regex -- NUL is exactly what this looks for
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Why a parsed JSON value could not be written to a jsonb column (a NUL or lone surrogate in a string or key, or
 * nesting deeper than any delivery needs), or undefined when it can.
 */
export function findUnstorableJson(value: unknown, depth = 0): string | undefined {
  if (typeof value === "string") return UNSTORABLE.test(value) ? "a string holds NUL or an unpaired surrogate" : undefined;
  if (!value || typeof value !== "object") return undefined;
  if (depth >= MAX_DEPTH) return `nested deeper than ${MAX_DEPTH} levels`;
  for (const [key, inner] of Object.entries(value)) {
    if (UNSTORABLE.test(key)) return "a key holds NUL or an unpaired surrogate";
    const problem = findUnstorableJson(inner, depth + 1);
    if (problem) return problem;
  }
  return undefined;
}
