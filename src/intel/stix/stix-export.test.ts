import { describe, expect, it } from 'vitest';
import { canonicalJson, indicatorToStix, stixObservableId } from './stix-export.js';
import { validateStixObject } from './stix-object.js';
import { stixToIndicators } from './stix-to-indicators.js';
import { stixNamespace, uuidV5 } from './uuid-v5.js';

describe('STIX export', () => {
  it('computes RFC 4122 version 5 UUIDs (known vector) in the STIX namespace by default', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
    expect(uuidV5('x')).toBe(uuidV5('x', stixNamespace));
  });

  it('derives SCO ids from the ID contributing properties only, in canonical JSON', () => {
    const first = stixObservableId('ipv4-addr', { value: '198.51.100.3', resolves_to_refs: ['a'] });
    expect(first).toBe(`ipv4-addr--${uuidV5('{"value":"198.51.100.3"}')}`);
    expect(stixObservableId('file', { name: 'a.exe', hashes: { 'SHA-256': 'ff', MD5: 'aa' } })).toBe(
      `file--${uuidV5(canonicalJson({ hashes: { MD5: 'aa' }, name: 'a.exe' }))}`,
    );
    expect(canonicalJson({ b: 1, a: [true, { d: null, c: 'x' }] })).toBe('{"a":[true,{"c":"x","d":null}],"b":1}');
  });

  it('exports indicators as valid STIX that imports back to the same indicator', () => {
    const original = {
      id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
      type: 'url' as const,
      value: "https://example.org/o'hare\\x",
      confidence: 70,
      revoked: false,
      source: 'feed',
      tlp: 'amber' as const,
      labels: ['phishing'],
      techniques: ['T1566'],
    };
    const stix = indicatorToStix(original, '2024-01-01T00:00:00.000Z')!;
    expect(validateStixObject(stix).ok).toBe(true);
    const [back] = stixToIndicators([stix], 'feed').indicators;
    expect(back).toMatchObject({
      id: original.id,
      type: 'url',
      value: "https://example.org/o'hare\\x",
      tlp: 'amber',
      techniques: ['T1566'],
      confidence: 70,
    });
  });
});
