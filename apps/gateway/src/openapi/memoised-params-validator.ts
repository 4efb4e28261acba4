import type Joi from "joi";
import { LruCache, validateOrThrow, type ErrorCode } from "@full-sync/shared";

// Distinct parameter sets remembered per route: enough for the jobs a fleet of dashboards polls at once.
const REMEMBERED = 1_000;

/**
 * A route's path parameters validated once per distinct value: dashboards poll the same few job ids, and joi
 * costs a status poll more than the rest of its routing. The same input always validates to the same result, so
 * a remembered result is the one joi would give (frozen: every request with those parameters shares it).
 * Failures are not remembered; each is reported as validateOrThrow reports it.
 */
export function memoisedParamsValidator<P>(schema: Joi.Schema, invalidCode: ErrorCode, remembered = REMEMBERED): (params: object) => P {
  const valid = new LruCache<P>(remembered);
  return (params) => {
    const key = JSON.stringify(params);
    let value = valid.get(key);
    if (value === undefined) {
      value = Object.freeze(validateOrThrow(schema, params, invalidCode)) as P;
      valid.set(key, value);
    }
    return value;
  };
}
