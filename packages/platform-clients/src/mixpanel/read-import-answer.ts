import { isRecord } from "../http/read-platform-message";

export type ImportAnswer =
  | { ok: true; imported: number; failed: { index: number; insertId: string; field: string; message: string }[] }
  | { ok: false; message: string };

/**
 * 200, or strict=1's partial 400 (`failed_records`: the others WERE ingested). A 400 without failed_records (an
 * unreadable body, too many records) refused the whole request.
 */
export function readImportAnswer(options: { status: number; body: unknown; count: number }): ImportAnswer {
  const body = isRecord(options.body) ? options.body : {};
  const imported = typeof body.num_records_imported === "number" ? body.num_records_imported : 0;
  if (options.status >= 200 && options.status < 300) return { ok: true, imported: imported || options.count, failed: [] };
  const records = Array.isArray(body.failed_records) ? body.failed_records : undefined;
  if (options.status === 400 && records && records.length > 0) {
    const failed = records.filter(isRecord).map((record) => ({
      index: typeof record.index === "number" ? record.index : -1,
      insertId: typeof record.insert_id === "string" ? record.insert_id : "",
      field: typeof record.field === "string" ? record.field : "",
      message: typeof record.message === "string" ? record.message : "refused by Mixpanel",
    }));
    return { ok: true, imported, failed: failed.filter((record) => record.index >= 0 && record.index < options.count) };
  }
  return { ok: false, message: typeof body.error === "string" ? body.error : `Mixpanel answered ${options.status}` };
}
