import { createServer, type Server } from "node:http";
import { connect, type AddressInfo } from "node:net";
import request from "supertest";
import { answerClientErrors } from "../src/http/answer-client-errors";
import { createGatewayHarness, type GatewayHarness } from "./gateway-harness";

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends bytes as they are (no client library would send these requests) and reads the answer to the end. */
function sendRaw(port: number, text: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    socket.on("data", (chunk) => chunks.push(chunk));
    // A reset after the answer arrived still leaves the answer to judge.
    socket.on("error", (error) => (chunks.length > 0 ? undefined : reject(error)));
    socket.on("close", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const [head = "", body = ""] = raw.split("\r\n\r\n");
      const [statusLine = "", ...lines] = head.split("\r\n");
      const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(":")).toLowerCase(), line.slice(line.indexOf(":") + 1).trim()]));
      resolve({ status: Number(statusLine.split(" ")[1]), headers, body });
    });
    socket.write(text);
  });
}

describe("security headers and the JSON error body for requests Node refuses", () => {
  let h: GatewayHarness;
  let admin: [string, string];
  let server: Server;
  let port: number;

  beforeAll(async () => {
    h = await createGatewayHarness();
    admin = (await h.key()).auth;
    server = createServer(h.app);
    answerClientErrors(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await h?.close();
  });

  it("when a key is created, then the 201 carrying its secret has no ETag and says no-store and nosniff", async () => {
    const res = await request(h.app).post("/api/keys").set(...admin).send({ name: "secret-bearing", scopes: ["sync:read"] });

    expect(res.status).toBe(201);
    expect(res.headers.etag).toBeUndefined();
    expect(res.headers["cache-control"]).toBe("no-store");
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
  });

  it.each([
    ["a listing", "/api/keys", true, 200],
    ["an authentication failure", "/api/namespaces", false, 401],
    ["an unknown /api route", "/api/nowhere", true, 404],
    ["the OpenAPI document", "/api/openapi.json", false, 200],
  ] as const)("when %s is answered, then it carries nosniff and no-store", async (_what, path, authenticated, status) => {
    const res = authenticated ? await request(h.app).get(path).set(...admin) : await request(h.app).get(path);

    expect(res.status).toBe(status);
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["cache-control"]).toBe("no-store");
    expect(res.headers.etag).toBeUndefined();
  });

  it("when a probe or an unknown page outside /api is answered, then it carries nosniff too", async () => {
    for (const path of ["/healthz", "/nowhere"]) {
      const res = await request(h.app).get(path);
      expect(res.headers["x-content-type-options"]).toBe("nosniff");
      expect(res.headers["x-frame-options"]).toBe("DENY");
    }
  });

  it("when the query string is over Node's header limit, then 431 with the standard JSON body (API_009) and the security headers", async () => {
    const res = await sendRaw(port, `GET /api/keys?q=${"a".repeat(20_000)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);

    expect(res.status).toBe(431);
    expect(res.headers["content-type"]).toMatch(/application\/json/);
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(res.body)).toMatchObject({ success: false, error: { code: "API_009", details: [expect.objectContaining({ message: expect.any(String) })] } });
  });

  it("when the path is 100 KB long, then the client reads a 431 JSON body, not a connection reset", async () => {
    const res = await sendRaw(port, `GET /api/${"p".repeat(100_000)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);

    expect(res.status).toBe(431);
    expect(JSON.parse(res.body).error.code).toBe("API_009");
  });

  it("when the request cannot be parsed at all, then 400 with the standard JSON body (API_005)", async () => {
    const res = await sendRaw(port, "NOT A REQUEST\r\n\r\n");

    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ success: false, error: { code: "API_005" } });
  });

  it("when an ordinary request follows on the same server, then it is answered normally", async () => {
    const res = await sendRaw(port, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");

    expect(res.status).toBe(200);
  });
});
