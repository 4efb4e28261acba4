/**
 * Webhook URLs an attacker would try, with the verdict the product must reach, shared by the request-time
 * (gateway execute, checkWebhookTarget) and delivery-time (worker) tests. `{port}` stands for a test listener on
 * 127.0.0.1: only URLs marked `reachesListener` are ever connected to (loopback forms), and only to prove that
 * the form really does reach 127.0.0.1 when private targets are allowed. Every other URL must be judged
 * without a packet leaving the machine: literal addresses need no lookup, and `dns` gives the stubbed answer.
 */
export interface WebhookTargetCase {
  url: string;
  refused: boolean;
  /** A loopback form that connects to 127.0.0.1:{port} (positive control for the refusal). */
  reachesListener?: boolean;
  /** The stubbed DNS answer for a host name (never asked of a real resolver). */
  dns?: string[];
  /** Where an accepted target would be connected (the pinned address). */
  pinned?: string;
}

const refused = (url: string, extra: Partial<WebhookTargetCase> = {}): WebhookTargetCase => ({ url, refused: true, ...extra });
const loopback = (url: string, extra: Partial<WebhookTargetCase> = {}): WebhookTargetCase => refused(url, { reachesListener: true, ...extra });
const accepted = (url: string, pinned: string, extra: Partial<WebhookTargetCase> = {}): WebhookTargetCase => ({ url, refused: false, pinned, ...extra });

export const WEBHOOK_TARGET_CASES: WebhookTargetCase[] = [
  // IPv4 loopback in every spelling the URL parser normalises
  loopback("http://127.0.0.1:{port}/hook"),
  loopback("http://127.1:{port}/hook"),
  loopback("http://2130706433:{port}/hook"),
  loopback("http://0x7f000001:{port}/hook"),
  loopback("http://0177.0.0.1:{port}/hook"),
  loopback("http://0x7f.0.0.1:{port}/hook"),
  refused("http://127.255.255.254/hook"),
  // IPv4 special-purpose
  refused("http://0.0.0.0/hook"),
  refused("http://0/hook"),
  refused("http://10.0.0.1/hook"),
  refused("http://10.255.255.255/hook"),
  refused("http://172.16.0.1/hook"),
  refused("http://172.31.255.254/hook"),
  refused("http://192.168.1.1/hook"),
  refused("http://100.64.0.1/hook"),
  refused("http://100.127.255.254/hook"),
  refused("http://169.254.169.254/latest/meta-data/"),
  refused("http://169.254.0.1/hook"),
  refused("http://192.0.0.8/hook"),
  refused("http://192.0.2.1/hook"),
  refused("http://198.51.100.7/hook"),
  refused("http://203.0.113.9/hook"),
  refused("http://198.18.0.1/hook"),
  refused("http://198.19.255.1/hook"),
  refused("http://192.88.99.1/hook"),
  refused("http://224.0.0.1/hook"),
  refused("http://239.255.255.250/hook"),
  refused("http://240.0.0.1/hook"),
  refused("http://255.255.255.255/hook"),
  // IPv6 loopback and unspecified
  refused("http://[::1]/hook"),
  refused("http://[0:0:0:0:0:0:0:1]/hook"),
  refused("http://[::]/hook"),
  // IPv4-mapped (the bypass) and SIIT
  loopback("http://[::ffff:127.0.0.1]:{port}/x"),
  loopback("http://[::ffff:7f00:1]:{port}/x"),
  loopback("http://[0:0:0:0:0:ffff:127.0.0.1]:{port}/x"),
  loopback("http://[0000:0000:0000:0000:0000:ffff:7f00:0001]:{port}/x"),
  loopback("http://[::FFFF:127.0.0.1]:{port}/x"),
  refused("http://[::ffff:127.0.0.2]/hook"),
  refused("http://[::ffff:169.254.169.254]/hook"),
  refused("http://[::ffff:a9fe:a9fe]/hook"),
  refused("http://[::ffff:10.0.0.1]/hook"),
  refused("http://[::ffff:192.168.0.1]/hook"),
  refused("http://[::ffff:0.0.0.0]/hook"),
  refused("http://[::ffff:0:127.0.0.1]/hook"),
  // IPv4-compatible (deprecated: refused whatever it embeds)
  refused("http://[::127.0.0.1]/hook"),
  refused("http://[::10.0.0.1]/hook"),
  refused("http://[::8.8.8.8]/hook"),
  // NAT64, 6to4, Teredo
  refused("http://[64:ff9b::7f00:1]/hook"),
  refused("http://[64:ff9b::127.0.0.1]/hook"),
  refused("http://[64:ff9b::a9fe:a9fe]/hook"),
  refused("http://[64:ff9b:1::a00:1]/hook"),
  refused("http://[2002:7f00:1::]/hook"),
  refused("http://[2002:a9fe:a9fe::1]/hook"),
  refused("http://[2002:c0a8:101::]/hook"),
  refused("http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/hook"),
  refused("http://[2001::1]/hook"),
  // IPv6 special-purpose
  refused("http://[fc00::1]/hook"),
  refused("http://[fd12:3456:789a::1]/hook"),
  refused("http://[fe80::1]/hook"),
  refused("http://[febf::1]/hook"),
  refused("http://[fec0::1]/hook"),
  refused("http://[ff02::1]/hook"),
  refused("http://[ff05::1:3]/hook"),
  refused("http://[2001:db8::1]/hook"),
  refused("http://[3fff::1]/hook"),
  refused("http://[2001:2::1]/hook"),
  refused("http://[2001:10::1]/hook"),
  refused("http://[100::1]/hook"),
  refused("http://[5f00::1]/hook"),
  refused("http://[4000::1]/hook"),
  // Names that mean this machine
  loopback("http://localhost:{port}/hook"),
  loopback("http://LOCALHOST.:{port}/hook"),
  loopback("http://api.localhost:{port}/hook"),
  // DNS answers (stubbed), rebinding included
  refused("http://internal.example.test/hook", { dns: ["10.1.2.3"] }),
  loopback("http://rebind.example.test:{port}/hook", { dns: ["127.0.0.1"] }),
  loopback("http://mapped.example.test:{port}/hook", { dns: ["::ffff:127.0.0.1"] }),
  refused("http://mixed.example.test/hook", { dns: ["93.184.215.14", "192.168.0.10"] }),
  refused("http://linklocal.example.test/hook", { dns: ["fe80::1"] }),
  refused("http://ula.example.test/hook", { dns: ["fd00::5"] }),
  refused("http://nat64.example.test/hook", { dns: ["64:ff9b::a00:1"] }),
  refused("http://metadata.example.test/hook", { dns: ["169.254.169.254"] }),
  // Not http(s), or with credentials
  refused("ftp://example.com/hook"),
  refused("file:///etc/passwd"),
  refused("javascript:alert(1)"),
  refused("http://user:secret@example.com/hook"),
  refused("not a url"),
  // Ordinary public targets stay accepted (nothing is sent to them in tests)
  accepted("http://8.8.8.8/hook", "8.8.8.8"),
  accepted("https://1.1.1.1/hook", "1.1.1.1"),
  accepted("http://172.32.0.1/hook", "172.32.0.1"),
  accepted("http://100.128.0.1/hook", "100.128.0.1"),
  accepted("http://[2001:4860:4860::8888]/hook", "2001:4860:4860::8888"),
  accepted("http://[::ffff:8.8.8.8]/hook", "::ffff:808:808"),
  accepted("http://[64:ff9b::8.8.8.8]/hook", "64:ff9b::808:808"),
  accepted("http://[2002:808:808::1]/hook", "2002:808:808::1"),
  accepted("https://hooks.example.test/hook", "93.184.215.14", { dns: ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"] }),
];

/** The case's URL with `{port}` replaced by the test listener's port. */
export function webhookCaseUrl(testCase: WebhookTargetCase, port: number): string {
  return testCase.url.replace("{port}", String(port));
}

/** A resolver stub for the table: the case's answer, or a failure (never a real lookup). */
export function webhookCaseResolver(testCase: WebhookTargetCase): (host: string) => Promise<string[]> {
  return async (host) => {
    if (testCase.dns) return testCase.dns;
    throw new Error(`test resolver: ${host} has no stubbed answer`);
  };
}
