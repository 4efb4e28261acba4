import ipaddr from "ipaddr.js";

/** Why an address may not be a webhook target, or null when it is an ordinary global unicast address. */
export type AddressRefusal = string | null;

type Range = [cidr: string, name: string];

// IANA IPv4 Special-Purpose Address Registry: every block not globally reachable, plus multicast and the
// reserved 240/4 (limited broadcast included). Partly reachable blocks (192.0.0.0/24) are refused whole.
const IPV4_SPECIAL: Range[] = [
  ["0.0.0.0/8", "this network (unspecified)"],
  ["10.0.0.0/8", "private"],
  ["100.64.0.0/10", "shared address space (CGNAT)"],
  ["127.0.0.0/8", "loopback"],
  ["169.254.0.0/16", "link-local"],
  ["172.16.0.0/12", "private"],
  ["192.0.0.0/24", "IETF protocol assignments"],
  ["192.0.2.0/24", "documentation (TEST-NET-1)"],
  ["192.88.99.0/24", "6to4 relay anycast (deprecated)"],
  ["192.168.0.0/16", "private"],
  ["198.18.0.0/15", "benchmarking"],
  ["198.51.100.0/24", "documentation (TEST-NET-2)"],
  ["203.0.113.0/24", "documentation (TEST-NET-3)"],
  ["224.0.0.0/4", "multicast"],
  ["240.0.0.0/4", "reserved (broadcast included)"],
];

// IPv6 forms that carry an IPv4 address the packet really goes to (or through): judged by that IPv4 address.
const IPV6_EMBEDDING: [cidr: string, name: string, ipv4: (bytes: number[]) => number[]][] = [
  ["::ffff:0:0/96", "IPv4-mapped", (b) => b.slice(12, 16)],
  ["64:ff9b::/96", "NAT64", (b) => b.slice(12, 16)],
  ["2002::/16", "6to4", (b) => b.slice(2, 6)],
];

// IANA IPv6 Special-Purpose Address Registry (and the address architecture): blocks that are not ordinary
// global unicast. Checked after the embedding forms above; the first match names the refusal.
const IPV6_SPECIAL: Range[] = [
  ["::/128", "unspecified"],
  ["::1/128", "loopback"],
  ["::/96", "IPv4-compatible (deprecated)"],
  ["::ffff:0:0:0/96", "IPv4-translated (SIIT)"],
  ["64:ff9b:1::/48", "local-use NAT64"],
  ["100::/64", "discard-only"],
  ["2001::/32", "Teredo"],
  ["2001:2::/48", "benchmarking"],
  ["2001::/23", "IETF protocol assignments"],
  ["2001:db8::/32", "documentation"],
  ["3fff::/20", "documentation"],
  ["5f00::/16", "segment routing (SRv6) SIDs"],
  ["fc00::/7", "unique-local"],
  ["fe80::/10", "link-local"],
  ["fec0::/10", "site-local (deprecated)"],
  ["ff00::/8", "multicast"],
];

type Cidr = [ipaddr.IPv4 | ipaddr.IPv6, number];
const ipv4Special = IPV4_SPECIAL.map(([cidr, name]) => ({ cidr: ipaddr.parseCIDR(cidr), text: cidr, name }));
const ipv6Special = IPV6_SPECIAL.map(([cidr, name]) => ({ cidr: ipaddr.parseCIDR(cidr), text: cidr, name }));
const ipv6Embedding = IPV6_EMBEDDING.map(([cidr, name, ipv4]) => ({ cidr: ipaddr.parseCIDR(cidr), name, ipv4 }));
const globalUnicast: Cidr = ipaddr.parseCIDR("2000::/3");

function refuseIpv4(address: ipaddr.IPv4): AddressRefusal {
  const hit = ipv4Special.find(({ cidr }) => address.match(cidr as [ipaddr.IPv4, number]));
  return hit ? `${hit.name} (${hit.text})` : null;
}

function refuseIpv6(address: ipaddr.IPv6): AddressRefusal {
  const embedding = ipv6Embedding.find(({ cidr }) => address.match(cidr as [ipaddr.IPv6, number]));
  if (embedding) {
    const ipv4 = new ipaddr.IPv4(embedding.ipv4(address.toByteArray()));
    const inner = refuseIpv4(ipv4);
    return inner ? `${embedding.name} form of ${ipv4.toString()}: ${inner}` : null;
  }
  const special = ipv6Special.find(({ cidr }) => address.match(cidr as [ipaddr.IPv6, number]));
  if (special) return `${special.name} (${special.text})`;
  if (!address.match(globalUnicast as [ipaddr.IPv6, number])) return "outside IPv6 global unicast (2000::/3)";
  return null;
}

/**
 * Judges an IP address (any textual form: bracketed or not, IPv4 embedded in IPv6, zone id) by its bytes, not
 * its spelling: null for an ordinary global unicast address, else why it is refused. Text that is not an IP
 * address is refused too, so a form this parser does not know can never pass as public.
 */
export function refuseTargetAddress(text: string): AddressRefusal {
  const bare = text.replace(/^\[|\]$/g, "");
  if (!ipaddr.isValid(bare)) return "not an IP address";
  const address = ipaddr.parse(bare);
  return address.kind() === "ipv4" ? refuseIpv4(address as ipaddr.IPv4) : refuseIpv6(address as ipaddr.IPv6);
}
