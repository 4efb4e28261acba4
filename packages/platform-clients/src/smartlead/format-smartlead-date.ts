/** Smartlead's statistics filters take `2023-10-16 10:33:02.000Z`; strings are passed through as given. */
export function formatSmartleadDate(value: Date | string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === "string" ? value : value.toISOString().replace("T", " ");
}
