import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { isSimpleUrl, normalizeAddress, normalizeRegistryKey, normalizeUrl } from './normalize-value.js';

describe('normalize-value', () => {
  it('normalises addresses, URLs and registry keys', () => {
    expect(normalizeAddress('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(normalizeAddress('2001:DB8:0:0::1')).toBe('2001:db8::1');
    expect(normalizeAddress('192.0.2.300')).toBeUndefined();
    expect(normalizeUrl('HTTP://Example.COM:80/a/../b#x')).toBe('http://example.com/b');
    expect(normalizeUrl('example.com/x')).toBe('http://example.com/x');
    expect(normalizeRegistryKey('HKCU/Software/Run\\')).toBe('hkey_current_user\\software\\run');
  });

  const segment = fc.oneof(
    fc.stringMatching(/^[A-Za-z0-9._~?=&%+,;:@!$*-]{0,10}$/),
    fc.constantFrom('..', '.', '%2e', '%2E%2e'),
  );
  test.prop([
    fc.stringMatching(/^[a-z0-9-]{1,10}(\.[a-z0-9x-]{1,8}){0,3}$/),
    fc.array(segment, { maxLength: 4 }),
    fc.constantFrom('http', 'https'),
  ])('the fast path agrees with the WHATWG parser', (host, segments, scheme) => {
    const url = `${scheme}://${host}/${segments.join('/')}`;
    let expected: string;
    try {
      const parsed = new URL(url);
      parsed.hash = '';
      expected = parsed.toString();
    } catch {
      return;
    }
    expect(normalizeUrl(url)).toBe(expected);
  });

  /** The V8 form isSimpleUrl replaces (quadratic: its lookaheads rescan the rest from every host position). */
  const oldSimpleUrl =
    /^https?:\/\/(?:[a-z0-9-]+\.)*[a-z][a-z0-9-]*(?!.*\/\.)(?!.*%2[eE])\/[A-Za-z0-9._~/?=&%+,;:@!$*-]*$/;
  test.prop(
    [
      fc.constantFrom('http://', 'https://', 'HTTP://', 'ftp://', ''),
      fc.array(fc.constantFrom('a', 'b1', '-', '.', '..', '1', 'x', 'A', ':80', '@'), { maxLength: 8 }),
      fc.array(fc.constantFrom('/', '/.', '.', 'a', '%2e', '%2E', '%2', '#', '?q=1', ' ', '\n', 'é'), { maxLength: 8 }),
    ],
    { numRuns: 3000 },
  )(
    'the fast-path test accepts what the old expression accepted (differential, 3,000 inputs)',
    (scheme, host, rest) => {
      const url = `${scheme}${host.join('')}${rest.join('')}`;
      expect(isSimpleUrl(url)).toBe(oldSimpleUrl.test(url));
    },
  );

  it('reads a 1 MiB host before a dot segment in one pass (hostile input)', () => {
    const url = `http://${'a'.repeat(1 << 20)}/./x`;
    expect(isSimpleUrl(url)).toBe(false);
    expect(normalizeUrl(url).length).toBeGreaterThan(1 << 20);
  });
});
