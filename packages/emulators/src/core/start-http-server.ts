import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Express } from "express";

export interface StartedServer {
  server: Server;
  origin: string;
  close(): Promise<void>;
}

export async function startHttpServer(options: { app: Express; port?: number; host?: string }): Promise<StartedServer> {
  const host = options.host ?? "127.0.0.1";
  const server = createServer(options.app);
  // Keep-alive sockets and deliberately hung requests must not keep close() waiting.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  let closed: Promise<void> | undefined;
  return {
    server,
    origin: `http://${host}:${port}`,
    // Idempotent: tests and the CLI's signal handler may both close.
    close: () =>
      (closed ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      })),
  };
}
