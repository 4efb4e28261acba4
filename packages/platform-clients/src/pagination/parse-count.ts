/** Platforms send counts as numbers or numeric strings ("42"); anything else is unknown. */
export function parseCount(value: unknown): number | undefined {
  const number = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  return typeof number === "number" && Number.isFinite(number) && number >= 0 ? number : undefined;
}
