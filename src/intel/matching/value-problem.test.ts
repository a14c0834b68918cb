import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { portProblem, valueProblem } from './value-problem.js';

describe('valueProblem', () => {
  it.each([
    ['ipv4-addr', 'not-an-ip', /not an IP address/],
    ['ipv4-addr', '300.1.1.1', /not an IP address/],
    ['ipv4-addr', '10.0.0.0/33', /prefix length/],
    ['ipv6-addr', '2001:db8::/129', /prefix length/],
    ['md5', 'zzzz', /not a md5 hash/],
    ['md5', 'd41d8cd98f00b204e9800998ecf8427', /32 hex digits/],
    ['sha256', 'g'.repeat(64), /64 hex digits/],
    ['sha1', '', /empty/],
    ['domain-name', 'exa mple.com', /not a host or domain/],
    ['domain-name', '-bad-.example', /not a host or domain/],
    ['domain-name', `${'a'.repeat(64)}.example`, /not a host or domain/],
    ['hostname', 'evil..example', /not a host or domain/],
    ['email-addr', 'nobody', /not an e-mail/],
    ['email-addr', 'a@b c', /not an e-mail/],
    ['url', 'http://a b/', /spaces/],
    ['mac-addr', '00:11:22:33:44', /MAC/],
    ['cve', 'CVE-21-1', /CVE/],
  ] as const)('refuses %s %j', (type, value, reason) => {
    expect(valueProblem(type, value)).toMatch(reason);
  });

  it.each([
    ['ipv4-addr', '198.51.100.7'],
    ['ipv4-addr', '10.0.0.0/8'],
    ['ipv6-addr', '2001:db8::1'],
    ['md5', 'D41D8CD98F00B204E9800998ECF8427E'],
    ['sha512', 'a'.repeat(128)],
    ['domain-name', 'mail.example.org.'],
    ['domain-name', '*.example.org'],
    ['domain-name', 'bücher.example'],
    ['domain-name', '_dmarc.example.org'],
    ['hostname', 'fileserver01'],
    ['email-addr', 'first.last+tag@example.org'],
    ['url', 'example.org/path?q=1'],
    ['mac-addr', '00-11-22-aa-bb-cc'],
    ['file-name', 'invoice.pdf.exe'],
  ] as const)('accepts %s %j', (type, value) => {
    expect(valueProblem(type, value)).toBeUndefined();
  });

  it('checks ports by range', () => {
    expect(portProblem('443')).toBeUndefined();
    expect(portProblem('0')).toBeUndefined();
    expect(portProblem('65536')).toMatch(/0–65535/);
    expect(portProblem('-1')).toMatch(/not a port/);
  });

  test.prop([fc.ipV4(), fc.ipV6(), fc.domain()])('accepts generated addresses and domains', (v4, v6, domain) => {
    expect(valueProblem('ipv4-addr', v4)).toBeUndefined();
    expect(valueProblem('ipv6-addr', v6)).toBeUndefined();
    expect(valueProblem('domain-name', domain)).toBeUndefined();
  });

  test.prop([fc.string({ maxLength: 40 })])('never throws, and a value it accepts as md5 is 32 hex digits', (text) => {
    if (valueProblem('md5', text) === undefined) expect(text.trim()).toMatch(/^[0-9a-f]{32}$/i);
    valueProblem('ipv4-addr', text);
    valueProblem('domain-name', text);
    valueProblem('email-addr', text);
  });
});
