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

  /**
   * One message per code (the catalogue's description), so clients can rely on it. The specifics are the
   * details; an error raised with only its own wording gets that wording as its one detail.
   */
  toBody(): { success: false; error: { code: ErrorCode; message: string; details: ErrorDetail[] } } {
    const message: string = ERROR_CODES[this.code].description;
    const details = this.details.length === 0 && this.message !== message ? [{ message: this.message }] : this.details;
    return { success: false, error: { code: this.code, message, details } };
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
