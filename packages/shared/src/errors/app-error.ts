import { ERROR_CODES, type ErrorCode } from "./error-codes";

export type ErrorDetail = { message: string; path?: string; [key: string]: unknown };

/** The one error class of the product: a stable string code, a message safe to show, optional details. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[];

  constructor(code: ErrorCode, message?: string, details: ErrorDetail[] = [], options?: { cause?: unknown }) {
    super(message ?? ERROR_CODES[code].description, options);
    this.name = "AppError";
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return ERROR_CODES[this.code].status;
  }

  toBody(): { success: false; error: { code: ErrorCode; message: string; details: ErrorDetail[] } } {
    return { success: false, error: { code: this.code, message: this.message, details: this.details } };
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
