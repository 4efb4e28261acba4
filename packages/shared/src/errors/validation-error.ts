import type Joi from "joi";
import { AppError } from "./app-error";
import { ERROR_CODES, type ErrorCode } from "./error-codes";

// Each schema with every problem reported (abortEarly off; otherwise joi's defaults, convert on and stripUnknown
// off), built once: joi merges options passed to validate() into its defaults on every call, while it merges a
// schema's own preferences once and caches them.
const reportingAll = new WeakMap<Joi.Schema, Joi.Schema>();

function reportingAllOf<T>(schema: Joi.Schema<T>): Joi.Schema<T> {
  let prepared = reportingAll.get(schema);
  if (!prepared) {
    prepared = schema.prefs({ abortEarly: false });
    reportingAll.set(schema, prepared);
  }
  return prepared as Joi.Schema<T>;
}

/** Validates with joi and turns every failure into one AppError whose details list each problem. */
export function validateOrThrow<T>(schema: Joi.Schema<T>, input: unknown, code: ErrorCode, message: string = ERROR_CODES[code].description): T {
  const { value, error } = reportingAllOf(schema).validate(input);
  if (error) {
    throw new AppError(
      code,
      message,
      error.details.map((d) => ({ message: d.message, path: d.path.join("."), type: d.type })),
    );
  }
  return value;
}
