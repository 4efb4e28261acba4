import type { Response } from "express";

export interface AttioValidationError {
  code: string;
  path: (string | number)[];
  message: string;
}

const TYPE_BY_STATUS: Record<number, string> = { 400: "invalid_request_error", 401: "auth_error", 403: "billing_error", 404: "invalid_request_error", 429: "rate_limit_error" };

/** Every Attio error: `{status_code, type, code, message}` (+ validation_errors for validation_type). */
export function sendAttioError(res: Response, options: { status: number; code: string; message: string; validationErrors?: AttioValidationError[] }): void {
  const type = TYPE_BY_STATUS[options.status] ?? "internal_server_error";
  res.status(options.status).json({
    status_code: options.status,
    type,
    code: options.code,
    message: options.message,
    ...(options.validationErrors ? { validation_errors: options.validationErrors } : {}),
  });
}

export function sendAttioValidationError(res: Response, validationErrors: AttioValidationError[]): void {
  sendAttioError(res, { status: 400, code: "validation_type", message: "Body payload validation error.", validationErrors });
}

/** Thrown by record and attribute logic; routes turn it into the error body. */
export class AttioRequestError extends Error {
  constructor(readonly answer: { status: number; code: string; message: string; validationErrors?: AttioValidationError[] }) {
    super(answer.message);
  }
}
