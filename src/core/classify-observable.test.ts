import { isIP } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addressType,
  classifyObservable,
  hashType,
  isDomainName,
  isEmailAddress,
  networkType,
} from './classify-observable.js';

const fromNode = (value: string) => ({ 4: 'ipv4-addr', 6: 'ipv6-addr' })[isIP(value)];

describe('addressType', () => {
  it('agrees with node:net isIP on every generated address and on arbitrary text', () => {
    const candidates = fc.oneof(
      fc.ipV4(),
      fc.ipV6(),
      fc.ipV4Extended(),
      fc.ipV6().map((ip) => `${ip}%eth0`),
      fc.string(),
      fc.stringMatching(/^[0-9a-f:.%]{0,40}$/),
    );
    fc.assert(
      fc.property(candidates, (value) => {
        expect(addressType(value)).toBe(fromNode(value));
      }),
      { numRuns: 2000 },
    );
  });

  it('types every IPv4 and IPv6 address', () => {
    fc.assert(fc.property(fc.ipV4(), (ip) => addressType(ip) === 'ipv4-addr'));
    fc.assert(fc.property(fc.ipV6(), (ip) => addressType(ip) === 'ipv6-addr'));
  });

  it('refuses look-alikes that a colon test would call IPv6', () => {
    for (const value of ['host:443', 'C:\\Windows', 'urn:x', '1.2.3.4:80', '::g', '1:2:3:4:5:6:7:8:9', '010.0.0.1']) {
      expect(addressType(value)).toBeUndefined();
    }
    expect(addressType('::ffff:192.0.2.1')).toBe('ipv6-addr');
  });
});

describe('networkType', () => {
  it('types addresses and networks, with brackets around IPv6', () => {
    expect(networkType('10.66.0.0/16')).toBe('ipv4-addr');
    expect(networkType('2001:db8::/32')).toBe('ipv6-addr');
    expect(networkType('[2001:db8::1]')).toBe('ipv6-addr');
    expect(networkType('[192.0.2.1]')).toBeUndefined();
    expect(networkType('10.0.0.0/abc')).toBeUndefined();
    expect(networkType('10.0.0.0/8/8')).toBeUndefined();
    expect(networkType('10\\..*')).toBeUndefined();
  });
});

describe('hashType', () => {
  it('types hex strings by length, in either case', () => {
    expect(hashType('44d88612fea8a8f36de82e1278abb02f')).toBe('md5');
    expect(hashType('44D88612FEA8A8F36DE82E1278ABB02F'.repeat(1))).toBe('md5');
    expect(hashType('a'.repeat(40))).toBe('sha1');
    expect(hashType('0'.repeat(64))).toBe('sha256');
    expect(hashType('f'.repeat(128))).toBe('sha512');
  });

  it('refuses other lengths and any non-hex character', () => {
    expect(hashType('a'.repeat(33))).toBeUndefined();
    expect(hashType(`${'a'.repeat(31)}g`)).toBeUndefined();
    expect(hashType(`${'a'.repeat(31)}\u0010`)).toBeUndefined();
    expect(hashType(`${'a'.repeat(31)}:`)).toBeUndefined();
    fc.assert(
      fc.property(fc.string({ minLength: 32, maxLength: 32 }), (value) => {
        expect(hashType(value) === 'md5').toBe(/^[0-9a-f]{32}$/i.test(value));
      }),
    );
  });
});

describe('isDomainName and isEmailAddress', () => {
  it('accepts names and internal names, refuses addresses and broken labels', () => {
    expect(isDomainName('evil.example')).toBe(true);
    expect(isDomainName('dc01.corp.local')).toBe(true);
    expect(isDomainName('_ldap._tcp.corp.local')).toBe(true);
    expect(isDomainName('192.0.2.1')).toBe(false);
    expect(isDomainName('-bad.example')).toBe(false);
    expect(isDomainName('a..example')).toBe(false);
    expect(isDomainName(`${'a.'.repeat(130)}com`)).toBe(false);
  });

  it('accepts one @ with a dotted domain', () => {
    expect(isEmailAddress('admin@evil.example')).toBe(true);
    expect(isEmailAddress('a@.b.c')).toBe(true);
    expect(isEmailAddress('admin@localhost')).toBe(false);
    expect(isEmailAddress('admin@evil.')).toBe(false);
    expect(isEmailAddress('@evil.example')).toBe(false);
    expect(isEmailAddress('a@b@evil.example')).toBe(false);
    expect(isEmailAddress('ad min@evil.example')).toBe(false);
  });
});

describe('classifyObservable', () => {
  it.each([
    ['203.0.113.99', 'ipv4-addr'],
    ['10.66.0.0/16', 'ipv4-addr'],
    ['2001:db8::1', 'ipv6-addr'],
    ['[2001:db8::1]', 'ipv6-addr'],
    ['2001:db8::/32', 'ipv6-addr'],
    ['https://evil.example.com/payload', 'url'],
    ['bad-domain.example.net', 'domain-name'],
    ['44d88612fea8a8f36de82e1278abb02f', 'md5'],
    ['da39a3ee5e6b4b0d3255bfef95601890afd80709', 'sha1'],
    ['e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 'sha256'],
    ['admin@evil.example', 'email-addr'],
    ['HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Run', 'windows-registry-key'],
    ['t13d1516h2_8daaf6152771_b186095e22b6', 'ja4'],
    ['invoice.pdf.exe', 'file-name'],
    ['payload.ps1', 'file-name'],
    ['Mozilla/5.0 (Windows NT 10.0)', 'user-agent'],
  ])('%s is %s', (value, type) => {
    expect(classifyObservable(value)).toBe(type);
  });

  it.each(['not an ioc at all', '2130706433', '1.2.3.4:80', 'host:443', ''])('%j is nothing', (value) => {
    expect(classifyObservable(value)).toBeUndefined();
  });

  it('does not read shortened or numeric IPv4 forms as addresses (node:net does not)', () => {
    for (const value of ['127.1', '0x7f.0.0.1', '0177.0.0.1']) expect(classifyObservable(value)).not.toBe('ipv4-addr');
  });

  it('types every generated address as node:net does, and never throws', () => {
    fc.assert(fc.property(fc.ipV4(), (ip) => classifyObservable(ip) === 'ipv4-addr'));
    fc.assert(fc.property(fc.ipV6(), (ip) => classifyObservable(ip) === 'ipv6-addr'));
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.webUrl(), fc.emailAddress(), fc.domain()),
        (value) => {
          classifyObservable(value);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('handles hostile long values in one pass', () => {
    const hostile = [
      `a@${'.'.repeat(200_000)} `,
      `${'a.'.repeat(100_000)}!`,
      `${'x'.repeat(200_000)}.toolongext`,
      `${'1:'.repeat(100_000)}`,
      `HKEY_${'A'.repeat(200_000)}!`,
      `${' '.repeat(200_000)}curl`,
    ];
    for (const value of hostile) expect(classifyObservable(value)).toBeUndefined();
  });
});
