/**
 * What the exporters need from the destination clients (implemented in @full-sync/platform-clients, which depends
 * on this package, so the exporters receive them as arguments). A client throws an error carrying `status` and
 * `retryable` (PlatformApiError) once its own retries are spent.
 */

export interface MixpanelImportEvent {
  event: string;
  properties: Record<string, unknown> & { time: number; distinct_id: string; $insert_id: string };
}

export interface MixpanelFailedRecord {
  /** Index in the list given to importEvents. */
  index: number;
  insertId: string;
  field: string;
  message: string;
}

export interface MixpanelImportResult {
  imported: number;
  /** Records Mixpanel refused in a partial 400 (strict=1): the others were ingested. */
  failed: MixpanelFailedRecord[];
  requests: number;
}

export interface MixpanelProfileUpdate {
  distinctId: string;
  set: Record<string, unknown>;
}

export interface MixpanelSender {
  /** POST /import?strict=1 in requests of at most 2000 events and under 2 MB, gzip. */
  importEvents(events: MixpanelImportEvent[]): Promise<MixpanelImportResult>;
  /** POST /engage ($set); the messages of refused updates by index. */
  setProfiles(updates: MixpanelProfileUpdate[]): Promise<{ failed: { index: number; message: string }[] }>;
}

export interface AttioAttributeSpec {
  slug: string;
  title: string;
  type: "text" | "number" | "timestamp";
  description: string;
}

export interface AttioPersonValues {
  email: string;
  firstName: string | null;
  lastName: string | null;
  /** Written to the custom attributes (slug → value). */
  custom: Record<string, string | number | null>;
}

export interface AttioWriter {
  /** The people object's attribute slugs (one read). */
  listAttributeSlugs(): Promise<string[]>;
  createAttribute(spec: AttioAttributeSpec): Promise<void>;
  /** PUT /objects/people/records?matching_attribute=email_addresses; the record id. */
  assertPerson(values: AttioPersonValues): Promise<{ recordId: string }>;
}

/** The fields of PlatformApiError the exporters branch on, read without importing the client package. */
export function describeSendFailure(error: unknown): { status: number | undefined; retryable: boolean; code: string | undefined; message: string } {
  const record = (typeof error === "object" && error !== null ? error : {}) as Record<string, unknown>;
  return {
    status: typeof record.status === "number" ? record.status : undefined,
    retryable: record.retryable === true,
    code: typeof record.platformCode === "string" ? record.platformCode : undefined,
    message: typeof record.platformMessage === "string" && record.platformMessage ? record.platformMessage : error instanceof Error ? error.message : String(error),
  };
}
