import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { connectorError } from '../errors.js';

/** Which otherwise-blocked address ranges a request may reach. All false by default. */
export interface NetworkAllowance {
  /** 127.0.0.0/8 and ::1 (tests and local services). */
  loopback?: boolean;
  /** 10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7. */
  privateNetworks?: boolean;
  /** 169.254/16 and fe80::/10 (cloud metadata services live here: keep it blocked). */
  linkLocal?: boolean;
}

function list(entries: [string, number, 'ipv4' | 'ipv6'][]): BlockList {
  const b = new BlockList();
  for (const [net, prefix, type] of entries) b.addSubnet(net, prefix, type);
  return b;
}

const LOOPBACK = list([
  ['127.0.0.0', 8, 'ipv4'],
  ['::1', 128, 'ipv6'],
]);
const PRIVATE = list([
  ['10.0.0.0', 8, 'ipv4'],
  ['172.16.0.0', 12, 'ipv4'],
  ['192.168.0.0', 16, 'ipv4'],
  ['100.64.0.0', 10, 'ipv4'],
  ['fc00::', 7, 'ipv6'],
]);
const LINK_LOCAL = list([
  ['169.254.0.0', 16, 'ipv4'],
  ['fe80::', 10, 'ipv6'],
]);
/** Never reachable: "this network", multicast, reserved, broadcast, unspecified, documentation ranges. */
const ALWAYS = list([
  ['0.0.0.0', 8, 'ipv4'],
  ['224.0.0.0', 4, 'ipv4'],
  ['240.0.0.0', 4, 'ipv4'],
  ['192.0.0.0', 24, 'ipv4'],
  ['198.18.0.0', 15, 'ipv4'],
  ['::', 128, 'ipv6'],
  ['ff00::', 8, 'ipv6'],
  ['64:ff9b::', 96, 'ipv6'],
  ['2001:db8::', 32, 'ipv6'],
]);

/** Why an address is blocked, or undefined when it may be reached. */
export function blockedReason(address: string, allow: NetworkAllowance = {}): string | undefined {
  let ip = address;
  let type: 'ipv4' | 'ipv6' = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
  // IPv4-mapped IPv6 (::ffff:10.0.0.1) is judged as the IPv4 address it maps.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) {
    ip = mapped[1];
    type = 'ipv4';
  }
  if (isIP(ip) === 0) return 'not an IP address';
  if (ALWAYS.check(ip, type)) return 'reserved or unspecified range';
  if (LOOPBACK.check(ip, type)) return allow.loopback ? undefined : 'loopback';
  if (LINK_LOCAL.check(ip, type)) return allow.linkLocal ? undefined : 'link-local (cloud metadata)';
  if (PRIVATE.check(ip, type)) return allow.privateNetworks ? undefined : 'private network';
  return undefined;
}

/** Resolves a host name to addresses (injectable for tests). */
export type Resolver = (host: string) => Promise<string[]>;

export const systemResolver: Resolver = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/**
 * Resolve `host` and check every address; return the first one to connect to. Connecting to the returned
 * address (not re-resolving) closes the DNS-rebinding gap between check and use.
 *
 * @throws RetailKitError `SSRF_BLOCKED` when any resolved address is blocked.
 */
export async function resolveSafe(
  fn: string,
  host: string,
  allow: NetworkAllowance,
  resolver: Resolver = systemResolver,
): Promise<string> {
  const bare = host.replace(/^\[|\]$/g, '');
  const addresses = isIP(bare) ? [bare] : await resolver(bare);
  if (addresses.length === 0)
    throw connectorError('HTTP_NETWORK', `${fn}: ${host} did not resolve to any address.`, {
      details: { host },
      retryable: true,
    });
  for (const a of addresses) {
    const why = blockedReason(a, allow);
    if (why)
      throw connectorError(
        'SSRF_BLOCKED',
        `${fn}: ${host} resolves to ${a} (${why}); requests there are blocked. Pass allow: { loopback: true } (or privateNetworks/linkLocal) only for hosts you trust.`,
        { details: { host, address: a, reason: why } },
      );
  }
  return addresses[0];
}
