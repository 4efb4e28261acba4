import { randomUUID } from "node:crypto";
import { STATUS_CODES, type Server } from "node:http";
import type { Duplex } from "node:stream";
import { AppError } from "@full-sync/shared";
import { SECURITY_HEADERS } from "./security-headers";

// How long a refused client may keep sending (the rest of an over-long request line) before the socket is cut.
const DRAIN_MS = 5_000;

function toClientAppError(code: string | undefined): AppError {
  if (code === "HPE_HEADER_OVERFLOW") {
    return new AppError("API_009", "Request line or headers too large", [
      { message: "the request line (path and query string) and headers together exceed the server's limit (16 KB by default)" },
    ]);
  }
  return new AppError("API_005", "Malformed HTTP request", [{ message: `the request could not be parsed (${code ?? "unknown"})` }]);
}

/**
 * Requests Node's HTTP parser refuses before Express sees them (a request line or headers over the limit, a
 * malformed request) get the standard JSON error body instead of Node's empty one. The rest of what the client
 * sends is read and discarded for a moment so it can read the answer rather than a connection reset.
 */
export function answerClientErrors(server: Server): void {
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === "ECONNRESET" || !socket.writable) {
      socket.destroy();
      return;
    }
    if (error.code === "ERR_HTTP_REQUEST_TIMEOUT") {
      socket.end("HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n");
      return;
    }
    const appError = toClientAppError(error.code);
    const body = JSON.stringify(appError.toBody());
    const headers = {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Length": String(Buffer.byteLength(body)),
      "X-Request-Id": randomUUID(),
      "Cache-Control": "no-store",
      ...SECURITY_HEADERS,
      Connection: "close",
    };
    const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join("");
    socket.end(`HTTP/1.1 ${appError.status} ${STATUS_CODES[appError.status]}\r\n${head}\r\n${body}`);
    socket.on("data", () => undefined);
    socket.on("error", () => undefined);
    setTimeout(() => socket.destroy(), DRAIN_MS).unref();
  });
}
