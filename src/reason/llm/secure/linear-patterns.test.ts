/**
 * The injection-detector and secret patterns moved to the linear engine find what their V8 forms
 * found (differential on generated text, where the old forms still finish) and read long bait in
 * one pass (the old forms rescan from every start).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectInjectionInText } from './injection-detector.js';
import { canonicalText } from './neutralise-text.js';
import { redactSecrets } from './pseudonymiser.js';

const oldSecretPatterns = [
  /((?:password|passwd|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|client[_-]?secret)\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s&;,"']+)/gi,
  /((?:^|\s)(?:-p|--password|\/p(?:assword)?:)(?:\s+|=|(?<=:)))([^\s-][^\s]*)/gi,
  /(\bbearer\s+)([a-z0-9._~+/-]{8,}=*)/gi,
  /()(\bAKIA[0-9A-Z]{16}\b)/g,
  /()(\b(?:sk|ghp|xox[abp])-?[A-Za-z0-9_-]{16,}\b)/g,
  /(:\/\/[^/\s:@]+:)([^@\s/]+)(?=@)/g,
];
const oldRedactSecrets = (text: string) =>
  oldSecretPatterns.reduce(
    (result, pattern) => result.replace(pattern, (_match, prefix: string) => `${prefix}[REDACTED]`),
    text,
  );
const oldInjectionPatterns = [
  /(<\|im_(start|end)\|>|<\|(system|user|assistant|endoftext|eot_id|start_header_id)\|>|\[\/?inst\]|<<\/?sys>>|<\/?s>|^\s*(system|assistant)\s*:|\n\s*(system|assistant)\s*:|###\s*(instruction|system|response))/,
  /\b(unblock|allow ?list|white ?list|exclude|trust)\b.{0,20}\b(the (domain|ip|address|host|proxy|sender)|\d{1,3}(\.\d{1,3}){3}|[a-z0-9-]+(\.[a-z0-9-]+)+)/,
];

const text = (pieces: string[]) =>
  fc.array(fc.constantFrom(...pieces), { maxLength: 14 }).map((parts) => parts.join(''));
const spaces = [' ', '\t', '\n', '\r', '\u00a0', '\u2028', '\u3000', '\ufeff'];

describe('secret redaction on the linear engine', () => {
  it('redacts what the V8 patterns redacted (differential, 3,000 inputs)', () => {
    const secretText = text([
      ...spaces,
      'password',
      'PassWord',
      'token',
      'api_key',
      'client-secret',
      '=',
      ':',
      '"',
      "'",
      'x',
      's3cret',
      '&',
      ';',
      ',',
      '-p',
      '--password',
      '/p:',
      '/password:',
      '-',
      '://',
      'bob',
      '@',
      '/',
      'host',
    ]);
    let tried = 0;
    fc.assert(
      fc.property(secretText, (value) => {
        tried++;
        expect(redactSecrets(value)).toBe(oldRedactSecrets(value));
      }),
      { numRuns: 3000 },
    );
    expect(tried).toBe(3000);
  });

  it('reads 1 MiB of bait in one pass (hostile input)', () => {
    const afterFlag = ` -p${' '.repeat(1 << 20)}-`;
    expect(redactSecrets(afterFlag)).toBe(afterFlag);
    const tokens = 'token '.repeat(174_763);
    expect(redactSecrets(tokens)).toBe(tokens);
    const url = `://${'a'.repeat(1 << 20)}:`;
    expect(redactSecrets(url)).toBe(url);
    expect(redactSecrets('https://bob:hunter2@host/ -p s3cret')).toBe('https://bob:[REDACTED]@host/ -p [REDACTED]');
  });
});

describe('injection patterns on the linear engine', () => {
  it('find what the V8 patterns found (differential, 3,000 inputs)', () => {
    const injectionText = text([
      ...spaces,
      'trust',
      'unblock',
      'allow list',
      'exclude',
      'the domain',
      'the host',
      '10.0.0.1',
      '1.2.3',
      'evil',
      '.',
      'example',
      '-',
      'a',
      'system',
      'assistant',
      ':',
      '<|im_start|>',
      '<|eot_id|>',
      '[/inst]',
      '<<sys>>',
      '</s>',
      '###',
      'instruction',
    ]);
    let tried = 0;
    fc.assert(
      fc.property(injectionText, (value) => {
        tried++;
        const found = detectInjectionInText(value);
        // The detector's two readings of a text, as injection-detector.ts makes them.
        const readings = [
          canonicalText(value.replace(/%20|\+/g, ' ')).replace(/[_.-](?=[a-z])/g, ' '),
          canonicalText(value),
        ];
        const oldMatch = (pattern: RegExp) => pattern.exec(readings[0] ?? '') ?? pattern.exec(readings[1] ?? '');
        const template = oldMatch(oldInjectionPatterns[0] as RegExp);
        expect(found.find((finding) => finding.technique === 'chat-template-token')?.excerpt).toBe(
          template?.[0].slice(0, 120),
        );
        if (oldMatch(oldInjectionPatterns[1] as RegExp))
          expect(found.map((finding) => finding.technique)).toContain('action-request');
      }),
      { numRuns: 3000 },
    );
    expect(tried).toBe(3000);
  });

  it('reads 1 MiB of bait in one pass (hostile input)', () => {
    expect(detectInjectionInText(`${'trust-'.repeat(174_763)}x`)).toEqual([]);
    expect(detectInjectionInText(`${'\n'.repeat(1 << 20)}x`)).toEqual([]);
  });
});
