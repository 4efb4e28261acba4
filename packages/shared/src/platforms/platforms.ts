/** Where engagement comes from: each has a client, an emulator, a normaliser and a sync source. */
export const SOURCE_PLATFORMS = ["smartlead", "lemlist"] as const;
/** Where events and people go (fan-out). */
export const DESTINATION_PLATFORMS = ["mixpanel", "attio"] as const;
/** Every platform a namespace may hold credentials for. */
export const ALL_PLATFORMS = [...SOURCE_PLATFORMS, ...DESTINATION_PLATFORMS] as const;

export type SourcePlatform = (typeof SOURCE_PLATFORMS)[number];
export type DestinationPlatform = (typeof DESTINATION_PLATFORMS)[number];

export function isSourcePlatform(value: string): value is SourcePlatform {
  return (SOURCE_PLATFORMS as readonly string[]).includes(value);
}
