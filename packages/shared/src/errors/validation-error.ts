import type Joi from "joi";
import { AppError } from "./app-error";
import { ERROR_CODES, type ErrorCode } from "./error-codes";

/** Validates with joi and turns every failure into one AppError whose details list each problem. */
export function validateOrThrow<T>(schema: Joi.Schema<T>, input: unknown, code: ErrorCode, message: string = ERROR_CODES[code].description): T {
  const { value, error } = schema.validate(input, { abortEarly: false, stripUnknown: false, convert: true });
  if (error) {
    throw new AppError(
      code,
      message,
      error.details.map((d) => ({ message: d.message, path: d.path.join("."), type: d.type })),
    );
  }
  return value;
}
