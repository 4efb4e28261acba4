import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";

export interface PostToPinnedAddressOptions {
  url: string;
  /** The address the target check approved: the connection goes there and nowhere else. */
  address: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

/**
 * POSTs the body to the URL over a connection to `address`, and resolves to the response's status code (the
 * response body is discarded). The URL's host still names the request (Host header, TLS server name and
 * certificate check), but no second DNS answer can send the request to another address. Redirects are not
 * followed.
 */
export function postToPinnedAddress({ url, address, headers, body, timeoutMs }: PostToPinnedAddressOptions): Promise<number> {
  const target = new URL(url);
  const family = isIP(address);
  const client = target.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(
      target,
      {
        method: "POST",
        headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
        // Node asks for every address when it may race IPv4 and IPv6 (autoSelectFamily), else for one.
        lookup: (_host, options, callback) => {
          if (options.all) (callback as (error: null, addresses: { address: string; family: number }[]) => void)(null, [{ address, family }]);
          else callback(null, address, family);
        },
        agent: false,
        signal: AbortSignal.timeout(timeoutMs),
      },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}
