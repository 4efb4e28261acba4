import http from "node:http";
import type { AddressInfo } from "node:net";

export interface ScriptedReply {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  /** Never answer (the client must time out). */
  hang?: boolean;
  /** Destroy the socket without an answer. */
  reset?: boolean;
}

export interface RecordedRequest {
  url: URL;
  headers: http.IncomingHttpHeaders;
}

export interface ScriptedServer {
  baseUrl: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/**
 * A tiny real HTTP server on an ephemeral loopback port: `reply` decides each answer from the request and
 * its 0-based index, so a test scripts faults without the emulators.
 */
export async function startScriptedServer(
  reply: (request: RecordedRequest, index: number) => ScriptedReply,
  prefix = "/api",
): Promise<ScriptedServer> {
  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    const recorded = { url: new URL(req.url ?? "/", "http://127.0.0.1"), headers: req.headers };
    const index = requests.push(recorded) - 1;
    const answer = reply(recorded, index);
    if (answer.hang) return;
    if (answer.reset) {
      req.socket.destroy();
      return;
    }
    res.writeHead(answer.status ?? 200, { "content-type": "application/json", ...answer.headers });
    res.end(answer.body ?? "");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}${prefix}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const json = (value: unknown, status = 200, headers: Record<string, string> = {}): ScriptedReply => ({
  status,
  headers,
  body: JSON.stringify(value),
});

export const text = (body: string, status: number, headers: Record<string, string> = {}): ScriptedReply => ({
  status,
  headers: { "content-type": "text/plain; charset=utf-8", ...headers },
  body,
});
