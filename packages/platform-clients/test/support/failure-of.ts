import { isPlatformApiError, type PlatformApiError } from "../../src";

/** The PlatformApiError a call ends with; anything else fails the test. */
export async function failureOf(promise: Promise<unknown>): Promise<PlatformApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isPlatformApiError(error)) throw new Error(`expected a PlatformApiError, got ${String(error)}`);
  return error;
}
