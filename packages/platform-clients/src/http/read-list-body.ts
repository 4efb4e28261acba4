import { parseCount } from "../pagination/parse-count";
import { isRecord } from "./read-platform-message";

/**
 * The rows and total of a list answer: `{ <totalField>: "42", data: [...] }`, a bare array, or `{}` / an empty
 * body for a missing parent (no rows). Non-object rows are dropped: they cannot be records.
 */
export function readListBody<T>({ body, itemsField, totalField }: { body: unknown; itemsField?: string; totalField?: string }): {
  items: T[];
  total?: number;
} {
  const rows = Array.isArray(body) ? body : isRecord(body) && itemsField ? body[itemsField] : undefined;
  const items = (Array.isArray(rows) ? rows.filter(isRecord) : []) as T[];
  const total = isRecord(body) && totalField ? parseCount(body[totalField]) : undefined;
  return total === undefined ? { items } : { items, total };
}

/** A single record, or undefined for `{}`, an empty body, or anything that is not an object. */
export function readRecordBody<T>(body: unknown): T | undefined {
  return isRecord(body) && Object.keys(body).length > 0 ? (body as T) : undefined;
}
