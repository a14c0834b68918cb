import { fc, it as property } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  canonicalBoolean,
  canonicalGuid,
  canonicalHex,
  canonicalSid,
  canonicalValue,
  canonicalWindowsPath,
} from './canonical.js';

const hexDigits = fc.stringMatching(/^[0-9a-fA-F]{1,16}$/);
const guidText = fc.uuid();
const sidText = fc
  .array(fc.nat({ max: 4_294_967_295 }), { minLength: 1, maxLength: 7 })
  .map((parts) => `S-1-${parts.join('-')}`);

describe('canonical hex', () => {
  it('drops the zero padding evtxexport writes and lower-cases', () => {
    expect(canonicalHex('0x001f3fff')).toBe('0x1f3fff');
    expect(canonicalHex('0x0000000000529AE3')).toBe('0x529ae3');
    expect(canonicalHex('0x0000')).toBe('0x0');
    expect(canonicalHex('0x')).toBe('0x');
    expect(canonicalHex('0x12g')).toBe('0x12g');
  });
  property.prop([hexDigits, fc.nat({ max: 12 })])('keeps the number and is idempotent', (digits, padding) => {
    const written = `0x${'0'.repeat(padding)}${digits}`;
    const canonical = canonicalHex(written);
    expect(BigInt(canonical)).toBe(BigInt(written));
    expect(canonicalHex(canonical)).toBe(canonical);
    expect(canonical).toMatch(/^0x(0|[1-9a-f][0-9a-f]*)$/);
    // Two writings of the same number meet in one form.
    expect(canonicalHex(`0X${digits.toUpperCase()}`)).toBe(canonical);
  });
});

describe('canonical SID and GUID', () => {
  it('writes SIDs as Windows does', () => {
    expect(canonicalSid('s-1-5-18')).toBe('S-1-5-18');
    expect(canonicalSid('%{S-1-5-21-1-2-3-500}')).toBe('S-1-5-21-1-2-3-500');
    expect(canonicalSid('S-1-')).toBe('S-1-');
    expect(canonicalSid('Security')).toBe('Security');
  });
  property.prop([sidText, fc.boolean(), fc.boolean()])(
    'SID: same for every writing, idempotent',
    (sid, lower, wrapped) => {
      let written = lower ? sid.toLowerCase() : sid;
      if (wrapped) written = `%{${written}}`;
      expect(canonicalSid(written)).toBe(sid);
      expect(canonicalSid(sid)).toBe(sid);
    },
  );
  it('writes GUIDs upper-case in braces, and leaves half-braced text alone', () => {
    expect(canonicalGuid('5aa13a44-0bda-68fd-7836-000000004002')).toBe('{5AA13A44-0BDA-68FD-7836-000000004002}');
    expect(canonicalGuid('{5aa13a44-0bda-68fd-7836-000000004002')).toBe('{5aa13a44-0bda-68fd-7836-000000004002');
    expect(canonicalGuid('not-a-guid')).toBe('not-a-guid');
  });
  property.prop([guidText, fc.boolean(), fc.boolean()])(
    'GUID: same for every writing, idempotent',
    (guid, upper, braces) => {
      let written = upper ? guid.toUpperCase() : guid;
      if (braces) written = `{${written}}`;
      const canonical = canonicalGuid(written);
      expect(canonical).toBe(`{${guid.toUpperCase()}}`);
      expect(canonicalGuid(canonical)).toBe(canonical);
    },
  );
});

describe('canonical booleans and paths', () => {
  it('booleans', () => {
    expect(canonicalBoolean(true)).toBe('true');
    expect(canonicalBoolean('FALSE')).toBe('false');
    expect(canonicalBoolean('True')).toBe('true');
    expect(canonicalBoolean('yes')).toBe('yes');
    expect(canonicalBoolean(1)).toBe(1);
  });
  it('paths escaped twice become what Windows shows; UNC prefixes stay', () => {
    expect(canonicalWindowsPath('C:\\\\Windows\\\\System32\\\\cmd.exe')).toBe('C:\\Windows\\System32\\cmd.exe');
    expect(canonicalWindowsPath('\\\\\\\\srv\\\\share\\\\x.exe')).toBe('\\\\srv\\share\\x.exe');
    expect(canonicalWindowsPath('\\\\srv\\share\\x.exe')).toBe('\\\\srv\\share\\x.exe');
    expect(canonicalWindowsPath('/usr/bin/bash')).toBe('/usr/bin/bash');
    expect(canonicalWindowsPath('"\\??\\C:\\Windows\\x.sys"', true)).toBe('C:\\Windows\\x.sys');
    expect(canonicalWindowsPath('\\??\\C:\\Windows\\x.sys')).toBe('\\??\\C:\\Windows\\x.sys');
  });
  const segment = fc.stringMatching(/^[A-Za-z0-9 ._-]{1,12}$/);
  property.prop([fc.constantFrom('C', 'd'), fc.array(segment, { minLength: 1, maxLength: 6 }), fc.nat({ max: 3 })])(
    'path: escaping twice or more collapses to the single form, idempotent',
    (drive, segments, extra) => {
      const single = `${drive}:\\${segments.join('\\')}`;
      const escaped = single.replaceAll('\\', '\\'.repeat(2 + extra));
      expect(canonicalWindowsPath(escaped)).toBe(single);
      expect(canonicalWindowsPath(single)).toBe(single);
    },
  );
});

describe('canonicalValue', () => {
  property.prop([fc.oneof(fc.string(), fc.integer(), fc.boolean())])('is idempotent on anything', (value) => {
    const once = canonicalValue(value);
    expect(canonicalValue(once)).toEqual(once);
  });
  it('dispatches by shape', () => {
    expect(canonicalValue('0x00010')).toBe('0x10');
    expect(canonicalValue('s-1-5-18')).toBe('S-1-5-18');
    expect(canonicalValue('Svchost')).toBe('Svchost');
    expect(canonicalValue('ab12cd34-0000-0000-0000-000000000000')).toBe('{AB12CD34-0000-0000-0000-000000000000}');
    expect(canonicalValue(42)).toBe(42);
  });
});

/**
 * The forms each function had before its allocation-free check for text already canonical: the
 * pattern alone decides. The shortcut must never change a result, so both readings are compared
 * on canonical writings, near misses (a leading zero, one upper- or lower-case digit, a misplaced
 * dash, a brace missing) and arbitrary text.
 */
const patternHex = (value: string) => {
  const match = /^0[xX]([0-9a-fA-F]+)$/.exec(value);
  if (!match) return value;
  const digits = (match[1] as string).replace(/^0+/, '').toLowerCase();
  return `0x${digits === '' ? '0' : digits}`;
};
const patternSid = (value: string) => {
  if (!/^(?:%\{)?[sS]-1(-\d+)+\}?$/.test(value)) return value;
  const bare = value.startsWith('%{') ? value.slice(2, -1) : value;
  return `S${bare.slice(1)}`;
};
const patternGuid = (value: string) => {
  const match = /^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$/.exec(value);
  if (!match || value.startsWith('{') !== value.endsWith('}')) return value;
  return `{${(match[1] as string).toUpperCase()}}`;
};

describe('the shortcut for text already canonical', () => {
  const nearMiss = (text: string) =>
    fc
      .tuple(
        fc.nat({ max: Math.max(0, text.length - 1) }),
        fc.constantFrom('0', 'a', 'A', 'f', 'F', 'g', '-', '{', '}', 'x', 'X', ''),
      )
      .map(([index, character]) => text.slice(0, index) + character + text.slice(index + 1));
  const hexTexts = hexDigits.chain((digits) =>
    fc.oneof(
      fc.constant(canonicalHex(`0x${digits}`)),
      nearMiss(canonicalHex(`0x${digits}`)),
      fc.constant(`0x0${digits}`),
    ),
  );
  const guidTexts = guidText.chain((guid) => {
    const canonical = `{${guid.toUpperCase()}}`;
    return fc.oneof(fc.constant(canonical), nearMiss(canonical), fc.constant(canonical.slice(1)), fc.constant(guid));
  });
  const sidTexts = sidText.chain((sid) => fc.oneof(fc.constant(sid), nearMiss(sid), fc.constant(`${sid}}`)));
  property.prop([fc.oneof(hexTexts, guidTexts, sidTexts, fc.string())], { numRuns: 2000 })(
    'gives what the patterns alone give',
    (value) => {
      expect(canonicalHex(value)).toBe(patternHex(value));
      expect(canonicalGuid(value)).toBe(patternGuid(value));
      expect(canonicalSid(value)).toBe(patternSid(value));
    },
  );
  it('returns the very text it was given when it is canonical', () => {
    for (const value of ['0x0', '0x1f3fff', '{5AA13A44-0BDA-68FD-7836-000000004002}', 'S-1-5-18']) {
      expect(canonicalValue(value)).toBe(value);
    }
    expect(canonicalHex('0x01')).toBe('0x1');
    expect(canonicalGuid('{5aa13a44-0BDA-68FD-7836-000000004002}')).toBe('{5AA13A44-0BDA-68FD-7836-000000004002}');
  });
});
