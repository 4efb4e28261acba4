import { readFileSync } from "node:fs";
import { createServer } from "node:net";

/**
 * A loopback port for a server a test starts itself (an embedded PostgreSQL, a gateway process).
 *
 * Why not `listen(0)`: the kernel hands out such ports from the ephemeral range, the same range every outgoing
 * connection takes its local port from. Between this probe and the child's own bind (for PostgreSQL, after
 * initdb: seconds), any of the suite's hundreds of connections can take that port, and the server then fails to
 * start (seen in a fresh-clone CI run: "the server exited during start-up"). Ports below the ephemeral range are
 * never given to outgoing connections, so only another explicit bind can take them, and the probe sees those.
 */
export async function freePort(): Promise<number> {
  const low = 10_000;
  const high = ephemeralRangeStart() - 1;
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const port = low + Math.floor(Math.random() * (high - low + 1));
    if (await canListen(port)) return port;
  }
  throw new Error(`no free loopback port found between ${low} and ${high}`);
}

function ephemeralRangeStart(): number {
  try {
    const [start] = readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/).map(Number);
    if (start !== undefined && Number.isInteger(start) && start > 11_000) return start;
  } catch {
    // not Linux: fall back to the IANA dynamic range's start
  }
  return 49_152;
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen({ port, host: "127.0.0.1", exclusive: true }, () => server.close(() => resolve(true)));
  });
}
