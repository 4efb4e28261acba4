import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedHook {
  headers: IncomingHttpHeaders;
  body: string;
}

export interface HookListener {
  port: number;
  /** Every request received, in order. */
  received: ReceivedHook[];
  /** The status the next requests are answered with (default 204). */
  reply: number;
  close(): Promise<void>;
}

/** A webhook receiver on 127.0.0.1 (the only place tests may deliver to). */
export async function startHookListener(): Promise<HookListener> {
  const listener = { received: [] as ReceivedHook[], reply: 204 };
  const server = createServer((request, response) => {
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => (body += chunk));
    request.on("end", () => {
      listener.received.push({ headers: request.headers, body });
      response.writeHead(listener.reply).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return Object.assign(listener, {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
