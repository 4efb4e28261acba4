import { AppError, isAppError, isDatabaseUnavailable } from "@full-sync/shared";

interface HttpLikeError {
  name?: string;
  type?: string;
  status?: number;
  expose?: boolean;
  limit?: number;
}

/** Maps whatever reached the error middleware onto the one error catalogue; unknown errors become INTERNAL_001. */
export function toAppError(error: unknown, requestId: string): AppError {
  if (isAppError(error)) return error;
  const http = (error && typeof error === "object" ? error : {}) as HttpLikeError;
  switch (http.type) {
    case "entity.too.large":
      return new AppError("API_004", "Request body too large", [{ message: `the limit is ${String(http.limit)} bytes`, limit: http.limit }]);
    case "entity.parse.failed":
      return new AppError("API_005", "Malformed JSON body", [{ message: "the request body is not valid JSON" }]);
    case "encoding.unsupported":
    case "charset.unsupported":
      return new AppError("API_008", "Unsupported body encoding or charset");
    default:
      break;
  }
  // The router's decoding of a path parameter such as %E0%A4%A (a 400 it does not mark as exposable).
  if (error instanceof URIError) {
    return new AppError("API_005", "Invalid request", [{ message: "the path is not valid percent-encoded UTF-8", path: "path" }]);
  }
  if (isDatabaseUnavailable(error)) {
    return new AppError("DB_001", "Database connection failed", [{ message: "the database is unreachable; retry later", requestId }]);
  }
  if (typeof http.status === "number" && http.status >= 400 && http.status < 500 && http.expose) {
    return new AppError("API_005", "Invalid request", [{ message: String((error as Error).message ?? "invalid request") }]);
  }
  return new AppError("INTERNAL_001", "Internal error", [{ message: "an unexpected error occurred; quote the request id when reporting it", requestId }]);
}
