import { attioTimestamp } from "./render-attio-value";
import { standardPeopleAttributes } from "./attio-attributes";
import type { AttioAttribute, AttioRecord } from "./attio-types";

/** One workspace's people object: its attributes, records (oldest first) and which record owns each email. */
export function createAttioStore(options: { workspaceId: string; workspaceSlug: string; objectId: string }) {
  const attributes = standardPeopleAttributes({ ...options, createdAt: attioTimestamp(Date.now()) });
  const records = new Map<string, AttioRecord>();
  const emailOwners = new Map<string, string>();
  // Emails whose assert answers uniqueness_conflict (as when the address belongs to another record's unique value).
  const conflictingEmails = new Set<string>();
  return {
    ...options,
    attributes,
    records,
    emailOwners,
    conflictingEmails,
    webUrl: (recordId: string): string => `https://app.attio.com/${options.workspaceSlug}/person/${recordId}/overview`,
    people: (): AttioRecord[] => [...records.values()].map((record) => structuredClone(record)),
    listAttributes: (): AttioAttribute[] => attributes.map((attribute) => structuredClone(attribute)),
  };
}

export type AttioStore = ReturnType<typeof createAttioStore>;
