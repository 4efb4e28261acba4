/** The slice of a winston logger the clients use; metadata never carries credentials. */
export interface PlatformClientLogger {
  warn(message: string, meta?: Record<string, unknown>): unknown;
  debug(message: string, meta?: Record<string, unknown>): unknown;
}
