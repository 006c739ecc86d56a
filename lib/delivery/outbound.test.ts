import { describe, expect, it } from 'vitest';
import { addressKind, BlockedAddressError, parseOutboundAllow, resolveOutbound, type LookupAll } from './outbound';

describe('addressKind', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['10.0.0.5', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'shared'],
    ['100.127.255.255', 'shared'],
    ['fc00::1', 'private'],
    ['fd12:3456:789a::1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    // IPv4-mapped, NAT64 and 6to4 forms of inside addresses
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.0.0.5', 'private'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['64:ff9b::127.0.0.1', 'loopback'],
    ['64:ff9b::a9fe:a9fe', 'link-local'],
    ['64:ff9b::10.1.2.3', 'private'],
    ['64:ff9b:1::1', 'private'],
    ['2002:7f00:1::', 'loopback'],
    ['2002:c0a8:101::1', 'private'],
    ['::127.0.0.1', 'reserved'],
  ])('%s is %s', (address, kind) => {
    expect(addressKind(address)).toBe(kind);
  });

  it.each(['93.184.215.14', '8.8.8.8', '100.128.0.1', '172.32.0.1', '2606:4700::1111', '::ffff:93.184.215.14', '64:ff9b::808:808'])('%s is an ordinary address', (address) => {
    expect(addressKind(address)).toBeNull();
  });

  it('is null for what is not an IP address', () => {
    expect(addressKind('localhost')).toBeNull();
    expect(addressKind('127.1')).toBeNull();
  });
});

describe('parseOutboundAllow', () => {
  it('reads host names, addresses and CIDR ranges, and ignores what is none of them', () => {
    const allow = parseOutboundAllow(' Hooks.Internal , 10.1.0.0/16, 127.0.0.1/32, fd00::/8, [::1], 192.168.0.9, bad entry, 10.0.0.0/x,');
    expect([...allow.hosts]).toEqual(['hooks.internal']);
    expect(allow.ranges.check('10.1.200.3', 'ipv4')).toBe(true);
    expect(allow.ranges.check('10.2.0.1', 'ipv4')).toBe(false);
    expect(allow.ranges.check('127.0.0.1', 'ipv4')).toBe(true);
    expect(allow.ranges.check('127.0.0.2', 'ipv4')).toBe(false);
    expect(allow.ranges.check('fd00::5', 'ipv6')).toBe(true);
    expect(allow.ranges.check('::1', 'ipv6')).toBe(true);
    expect(allow.ranges.check('192.168.0.9', 'ipv4')).toBe(true);
  });
});

describe('resolveOutbound', () => {
  const lookup: LookupAll = async (h) =>
    ({ 'mixed.test': [{ address: '93.184.215.14', family: 4 }, { address: '10.0.0.1', family: 4 }], 'public.test': [{ address: '93.184.215.14', family: 4 }], 'inside.test': [{ address: '10.9.9.9', family: 4 }] })[h] ?? [];

  it('refuses a name when any address it resolves to is inside', async () => {
    await expect(resolveOutbound('mixed.test', { allow: parseOutboundAllow(''), lookup })).rejects.toBeInstanceOf(BlockedAddressError);
  });
  it('returns the checked address to connect to', async () => {
    await expect(resolveOutbound('public.test', { allow: parseOutboundAllow(''), lookup })).resolves.toBe('93.184.215.14');
    await expect(resolveOutbound('[::ffff:127.0.0.1]', { allow: parseOutboundAllow(''), lookup })).rejects.toMatchObject({ kind: 'loopback', message: 'blocked address' });
  });
  it('admits a range or a host named in the allow list', async () => {
    await expect(resolveOutbound('inside.test', { allow: parseOutboundAllow('10.9.0.0/16'), lookup })).resolves.toBe('10.9.9.9');
    await expect(resolveOutbound('INSIDE.test.', { allow: parseOutboundAllow('inside.test'), lookup })).resolves.toBe('10.9.9.9');
    await expect(resolveOutbound('inside.test', { allow: parseOutboundAllow('other.test, 10.8.0.0/16'), lookup })).rejects.toBeInstanceOf(BlockedAddressError);
  });
  it('fails a name that resolves to nothing', async () => {
    await expect(resolveOutbound('nowhere.test', { allow: parseOutboundAllow(''), lookup })).rejects.toMatchObject({ code: 'ENOTFOUND' });
  });
});
