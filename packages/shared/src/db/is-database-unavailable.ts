// Socket errors and the PostgreSQL classes 08 (connection exception), 57P0x (shutdown) and 53300 (too many
// connections): the database is unreachable rather than the request wrong.
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "ETIMEDOUT", "EHOSTUNREACH", "EPIPE", "EAI_AGAIN"]);
const SQLSTATES = new Set(["57P01", "57P02", "57P03", "53300", "08000", "08001", "08003", "08004", "08006"]);
// Prisma's codes for "cannot reach / timed out / closed" the database server.
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
const MESSAGES = /(Connection terminated|connect ECONNREFUSED|Client has encountered a connection error|timeout exceeded when trying to connect|Cannot use a pool after calling end)/i;

/**
 * Walks the cause chain looking for a connection failure. Prisma's errors carry the driver adapter's error (and
 * through it PostgreSQL's SQLSTATE) in `meta.driverAdapterError`, not in `cause`: a query cut by a restart arrives
 * as P2039/P2010 "Database error. Code: `57P01`".
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < 6; depth += 1) {
    const { code, message, originalCode, kind } = e as { code?: unknown; message?: unknown; originalCode?: unknown; kind?: unknown };
    if (typeof code === "string" && (NETWORK_CODES.has(code) || SQLSTATES.has(code) || PRISMA_CODES.has(code))) return true;
    if (typeof originalCode === "string" && (NETWORK_CODES.has(originalCode) || SQLSTATES.has(originalCode))) return true;
    if (kind === "DatabaseNotReachable" || kind === "ConnectionClosed" || kind === "SocketTimeout") return true;
    if (typeof message === "string" && MESSAGES.test(message)) return true;
    if (e instanceof AggregateError && e.errors.some((inner) => isDatabaseUnavailable(inner))) return true;
    const { cause, meta } = e as { cause?: unknown; meta?: { driverAdapterError?: unknown } };
    e = cause ?? meta?.driverAdapterError;
  }
  return false;
}
