import dns from 'node:dns';
import net, { BlockList } from 'node:net';
import { EventEmitter } from 'node:events';
import { Agent, buildConnector, type Dispatcher } from 'undici';

/**
 * The one way Ops Alerts sends anything over HTTP (webhooks, rule webhooks, test sends, Slack):
 * the host is resolved and every address it resolves to is checked at connect time, so neither
 * a numeric spelling nor DNS rebinding reaches loopback, private, link-local or metadata
 * addresses, unless OUTBOUND_ALLOW names the target. The connection goes to the checked address.
 */

/** Every address a host name resolves to (dns.lookup with all: true; tests pass their own). */
export type LookupAll = (hostname: string) => Promise<{ address: string; family: number }[]>;

/** OUTBOUND_ALLOW parsed: host names (any address they resolve to) and address ranges let through. */
export type OutboundAllow = { spec: string; hosts: Set<string>; ranges: BlockList };

/** What the guard needs; `lookup` defaults to the system resolver, `allow` to OUTBOUND_ALLOW. */
export type OutboundOptions = { allow?: OutboundAllow; lookup?: LookupAll };

/** The fixed reason of a refused target: it says nothing about what listens there. */
export const BLOCKED_REASON = 'blocked address';

export class BlockedAddressError extends Error {
  readonly code = 'OUTBOUND_BLOCKED';
  constructor(
    readonly address: string,
    readonly kind: AddressKind,
  ) {
    super(BLOCKED_REASON);
    this.name = 'BlockedAddressError';
  }
}

export type AddressKind = 'loopback' | 'private' | 'shared' | 'link-local' | 'unspecified' | 'multicast' | 'reserved';

// IPv4 ranges no receiver of ours lives in (RFC 6890 special-purpose registry, by kind)
const V4: [AddressKind, string, number][] = [
  ['unspecified', '0.0.0.0', 8],
  ['private', '10.0.0.0', 8],
  ['shared', '100.64.0.0', 10],
  ['loopback', '127.0.0.0', 8],
  ['link-local', '169.254.0.0', 16],
  ['private', '172.16.0.0', 12],
  ['reserved', '192.0.0.0', 24],
  ['reserved', '192.0.2.0', 24],
  ['private', '192.168.0.0', 16],
  ['reserved', '198.18.0.0', 15],
  ['reserved', '198.51.100.0', 24],
  ['reserved', '203.0.113.0', 24],
  ['multicast', '224.0.0.0', 4],
  ['reserved', '240.0.0.0', 4],
];
const V6: [AddressKind, string, number][] = [
  ['unspecified', '::', 128],
  ['loopback', '::1', 128],
  // IPv4-compatible (deprecated): ::a.b.c.d
  ['reserved', '::', 96],
  ['reserved', '100::', 64],
  ['reserved', '2001:db8::', 32],
  // local-use NAT64 (RFC 8215): the operator's own translator, so an inside address
  ['private', '64:ff9b:1::', 48],
  ['private', 'fc00::', 7],
  ['link-local', 'fe80::', 10],
  ['private', 'fec0::', 10],
  ['multicast', 'ff00::', 8],
];

const v4Hex = (a: string) => {
  const [o0, o1, o2, o3] = a.split('.').map(Number) as [number, number, number, number];
  return `${((o0 << 8) | o1).toString(16)}:${((o2 << 8) | o3).toString(16)}`;
};

// one list per kind; BlockList also matches IPv4-mapped IPv6 (::ffff:a.b.c.d) against IPv4 rules
const KINDS: [AddressKind, BlockList][] = (() => {
  const lists = new Map<AddressKind, BlockList>();
  const list = (k: AddressKind) => lists.get(k) ?? lists.set(k, new BlockList()).get(k)!;
  for (const [kind, base, prefix] of V4) {
    list(kind).addSubnet(base, prefix, 'ipv4');
    // the same range behind the well-known NAT64 prefix and inside 6to4
    list(kind).addSubnet(`64:ff9b::${v4Hex(base)}`, 96 + prefix, 'ipv6');
    list(kind).addSubnet(`2002:${v4Hex(base)}::`, 16 + prefix, 'ipv6');
  }
  for (const [kind, base, prefix] of V6) list(kind).addSubnet(base, prefix, 'ipv6');
  return [...lists];
})();

const unbracket = (host: string) => (host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host);

/** Which forbidden range an IP address is in, or null for an ordinary public address (or not an IP). */
export function addressKind(address: string): AddressKind | null {
  const ip = unbracket(address);
  const family = net.isIP(ip);
  if (!family) return null;
  for (const [kind, list] of KINDS) if (list.check(ip, family === 6 ? 'ipv6' : 'ipv4')) return kind;
  return null;
}

/** OUTBOUND_ALLOW: comma-separated host names, addresses and CIDR ranges (`hooks.internal, 10.1.0.0/16, 127.0.0.1/32`). */
export function parseOutboundAllow(spec: string | undefined): OutboundAllow {
  const allow: OutboundAllow = { spec: spec ?? '', hosts: new Set(), ranges: new BlockList() };
  for (const raw of (spec ?? '').split(',')) {
    const entry = unbracket(raw.trim().toLowerCase());
    if (!entry) continue;
    const [base = '', prefix] = entry.split('/');
    const family = net.isIP(unbracket(base));
    try {
      if (family && prefix !== undefined) {
        if (!/^\d{1,3}$/.test(prefix)) throw new Error('bad prefix');
        allow.ranges.addSubnet(unbracket(base), Number(prefix), family === 6 ? 'ipv6' : 'ipv4');
      } else if (family) allow.ranges.addAddress(entry, family === 6 ? 'ipv6' : 'ipv4');
      else if (/^[a-z0-9.-]+$/.test(entry)) allow.hosts.add(entry.replace(/\.$/, ''));
      else throw new Error('not a host or range');
    } catch {
      console.warn(`[outbound] OUTBOUND_ALLOW: ignoring "${raw.trim()}" (not a host name, address or CIDR range)`);
    }
  }
  return allow;
}

let envAllow: OutboundAllow | null = null;
/** OUTBOUND_ALLOW from the environment, parsed once per value. */
export function outboundAllow(env: NodeJS.ProcessEnv = process.env): OutboundAllow {
  const spec = env.OUTBOUND_ALLOW ?? '';
  if (envAllow?.spec !== spec) envAllow = parseOutboundAllow(spec);
  return envAllow;
}

const systemLookup: LookupAll = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

function admitted(address: string, allow: OutboundAllow): boolean {
  const family = net.isIP(address);
  return addressKind(address) === null || allow.ranges.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

/**
 * The address to connect to for `hostname`: an IP as given, else what it resolves to. Every
 * resolved address must be admitted (a name with one inside address among public ones is
 * refused): BlockedAddressError. A host named in OUTBOUND_ALLOW is admitted wherever it points.
 */
export async function resolveOutbound(hostname: string, opts: OutboundOptions = {}): Promise<string> {
  const allow = opts.allow ?? outboundAllow();
  const host = unbracket(hostname).toLowerCase().replace(/\.$/, '');
  const addresses = net.isIP(host) ? [host] : (await (opts.lookup ?? systemLookup)(host)).map((a) => a.address);
  if (!addresses.length) throw Object.assign(new Error(`no address for ${host}`), { code: 'ENOTFOUND' });
  if (!allow.hosts.has(host)) {
    for (const address of addresses) {
      if (!admitted(address, allow)) throw new BlockedAddressError(address, addressKind(address)!);
    }
  }
  return addresses[0]!;
}

/**
 * At save time: why `url` may not be a target, in words, or null. A host that does not resolve
 * (yet) is accepted: sending decides then, at connect time.
 */
export async function outboundTargetProblem(url: string, opts: OutboundOptions = {}): Promise<string | null> {
  let hostname: string;
  try {
    hostname = new URL(url).hostname;
  } catch {
    return 'not a valid URL';
  }
  try {
    await withTimeout(resolveOutbound(hostname, opts), 3000);
    return null;
  } catch (err) {
    if (!(err instanceof BlockedAddressError)) return null;
    const where = unbracket(hostname) === err.address ? err.address : `${unbracket(hostname)} resolves to ${err.address}`;
    return `Ops Alerts does not send to internal addresses: ${where} is a ${err.kind} address. An operator can admit an internal receiver with OUTBOUND_ALLOW.`;
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error('timed out')), ms)))]).finally(() => clearTimeout(timer));
}

/** An undici dispatcher whose every new connection goes to a checked address (the TLS name stays the host's). */
export function guardedDispatcher(opts: OutboundOptions = {}): Dispatcher {
  const connect = buildConnector({ timeout: 10_000 });
  return new Agent({
    connect: (options, callback) => {
      resolveOutbound(options.hostname, opts).then(
        // TLS keeps the host's name for SNI and the certificate check (undici takes it from `host`)
        (address) => connect({ ...options, hostname: address }, callback),
        (err: Error) => callback(err, null),
      );
    },
  });
}

const dispatchers = new Map<string, Dispatcher>();
const injected = new WeakMap<LookupAll, Map<string, Dispatcher>>();
function dispatcherFor(opts: OutboundOptions): Dispatcher {
  const allow = opts.allow ?? outboundAllow();
  const cache = opts.lookup ? (injected.get(opts.lookup) ?? injected.set(opts.lookup, new Map()).get(opts.lookup)!) : dispatchers;
  let d = cache.get(allow.spec);
  if (!d) cache.set(allow.spec, (d = guardedDispatcher({ ...opts, allow })));
  return d;
}

/** The receiver's answer: its status and headers (lower-case names). */
export type OutboundResponse = { status: number; ok: boolean; header: (name: string) => string | null };

/**
 * POST through the guard. Resolves to the status and headers only (the receiver's body is read
 * and dropped: it never reaches a caller). Rejects with BlockedAddressError for a refused target;
 * any other failure to connect rejects with an error whose message says nothing about why.
 */
export function guardedPost(url: string, init: { body: string; headers: Record<string, string>; timeoutMs: number }, opts: OutboundOptions = {}): Promise<OutboundResponse> {
  return guardedRequest('POST', url, init, opts);
}

/** GET through the guard (a heartbeat ping): the same checks and answers as guardedPost. */
export function guardedGet(url: string, init: { headers?: Record<string, string>; timeoutMs: number }, opts: OutboundOptions = {}): Promise<OutboundResponse> {
  return guardedRequest('GET', url, init, opts);
}

/** The most of a receiver's body read (and dropped) to keep its connection for the next request. */
const DRAIN_LIMIT_BYTES = 64 * 1024;

/**
 * undici's request() rather than fetch(): the same connection pool and guard, without the WHATWG
 * Request/Response/stream objects and an AbortSignal per call, which made fetch the biggest cost of
 * a delivery worker sending thousands of webhooks. The whole exchange (connect, answer, body) has
 * one deadline.
 */
async function guardedRequest(
  method: 'GET' | 'POST',
  url: string,
  init: { body?: string; headers?: Record<string, string>; timeoutMs: number },
  opts: OutboundOptions,
): Promise<OutboundResponse> {
  const deadline = new EventEmitter();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    deadline.emit('abort');
  }, init.timeoutMs);
  try {
    const target = new URL(url);
    const res = await dispatcherFor(opts).request({
      origin: target.origin,
      path: `${target.pathname}${target.search}`,
      method,
      body: init.body,
      headers: init.headers,
      signal: deadline,
      headersTimeout: init.timeoutMs,
      bodyTimeout: init.timeoutMs,
    });
    // a redirect is not followed (request() never does): the configured address is the only one we post to
    await res.body.dump({ limit: DRAIN_LIMIT_BYTES }).catch(() => {});
    const headers = res.headers;
    return {
      status: res.statusCode,
      ok: res.statusCode >= 200 && res.statusCode < 300,
      header: (name) => {
        const v = headers[name.toLowerCase()];
        return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
      },
    };
  } catch (err) {
    const e = err as Error & { code?: string };
    if (e instanceof BlockedAddressError) throw e;
    if (e.cause instanceof BlockedAddressError) throw e.cause;
    if (timedOut || e.code === 'UND_ERR_HEADERS_TIMEOUT' || e.code === 'UND_ERR_BODY_TIMEOUT') throw new OutboundError(`no answer within ${init.timeoutMs / 1000}s`);
    throw new OutboundError(CONNECT_FAILED);
  } finally {
    clearTimeout(timer);
  }
}

/** Refused, closed, unreachable, unresolvable, TLS failure: one text, so a caller cannot tell them apart. */
export const CONNECT_FAILED = 'could not connect';

export class OutboundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutboundError';
  }
}
