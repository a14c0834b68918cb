import { describe, expect, it } from 'vitest';
import { makeEvent } from '../test-support/make-event.js';
import { compileSelection } from './compile-detection.js';
import { EventView } from './event-view.js';

const context = () => ({ placeholders: { Admins: ['adm-*', 'root-pc'] }, notes: [] as string[] });
const matches = (selection: unknown, fields: Record<string, unknown>) =>
  compileSelection(selection, context())(new EventView(makeEvent({ fields })));

describe('detection items and modifiers', () => {
  it('matches case-insensitively by default and exactly with cased', () => {
    expect(matches({ Image: 'C:\\Windows\\CMD.exe' }, { Image: 'c:\\windows\\cmd.EXE' })).toBe(true);
    expect(matches({ 'Image|cased': 'C:\\Windows\\CMD.exe' }, { Image: 'c:\\windows\\cmd.EXE' })).toBe(false);
    expect(matches({ 'Image|contains|cased': 'CMD' }, { Image: 'x CMD y' })).toBe(true);
  });

  it('supports positional modifiers, all, lists and numbers', () => {
    expect(matches({ 'CommandLine|contains|all': ['-nop', 'hidden'] }, { CommandLine: 'ps -NoP -w hidden' })).toBe(
      true,
    );
    expect(matches({ 'CommandLine|contains|all': ['-nop', 'bypass'] }, { CommandLine: 'ps -NoP -w hidden' })).toBe(
      false,
    );
    expect(
      matches({ 'Image|startswith': ['C:\\Temp\\', 'C:\\Users\\Public\\'] }, { Image: 'C:\\Users\\Public\\a.exe' }),
    ).toBe(true);
    expect(matches({ EventID: [4624, 4625] }, { EventID: 4625 })).toBe(true);
    expect(matches({ EventID: 4624 }, { EventID: '4624' })).toBe(true);
    expect(matches({ Values: 'b' }, { Values: ['a', 'b'] })).toBe(true);
  });

  it('treats null, empty strings and exists per the specification', () => {
    expect(matches({ User: null }, {})).toBe(true);
    expect(matches({ User: null }, { User: '' })).toBe(true);
    expect(matches({ User: null }, { User: 'x' })).toBe(false);
    expect(matches({ User: '' }, { User: 'x' })).toBe(false);
    expect(matches({ User: '' }, { User: '' })).toBe(true);
    expect(matches({ 'User|exists': true }, { User: '' })).toBe(true);
    expect(matches({ 'User|exists': false }, {})).toBe(true);
  });

  it('evaluates re with flags, and refuses what JavaScript cannot run', () => {
    expect(matches({ 'CommandLine|re': 'sekurlsa::\\w+' }, { CommandLine: 'mimikatz sekurlsa::logonpasswords' })).toBe(
      true,
    );
    expect(matches({ 'CommandLine|re': 'SEKURLSA' }, { CommandLine: 'sekurlsa' })).toBe(false);
    expect(matches({ 'CommandLine|re|i': 'SEKURLSA' }, { CommandLine: 'sekurlsa' })).toBe(true);
    expect(matches({ 'CommandLine|re': '(?i)SEKURLSA' }, { CommandLine: 'sekurlsa' })).toBe(true);
    expect(matches({ 'CommandLine|re|s': 'a.b' }, { CommandLine: 'a\nb' })).toBe(true);
    expect(matches({ 'CommandLine|re|m': '^b$' }, { CommandLine: 'a\nb' })).toBe(true);
    expect(() => matches({ 'CommandLine|re': '(?>a)' }, {})).toThrow(/refused/);
  });

  it('runs catastrophic patterns on the linear engine', () => {
    const notes = context();
    const predicate = compileSelection({ 'CommandLine|re': '^(a+)+$' }, notes);
    const started = performance.now();
    expect(predicate(new EventView(makeEvent({ fields: { CommandLine: `${'a'.repeat(5000)}!` } })))).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(notes.notes[0]).toMatch(/linear-time engine/);
  });

  it('matches cidr, numeric comparisons and fieldref', () => {
    expect(matches({ 'DestinationIp|cidr': ['10.0.0.0/8', 'fd00::/8'] }, { DestinationIp: '10.2.3.4' })).toBe(true);
    expect(matches({ 'DestinationIp|cidr': '10.0.0.0/8' }, { DestinationIp: '11.2.3.4' })).toBe(false);
    expect(matches({ 'DestinationIp|cidr': 'fd00::/8' }, { DestinationIp: 'fd12::1' })).toBe(true);
    expect(matches({ 'DestinationIp|cidr': '10.0.0.0/8' }, { DestinationIp: 'not an ip' })).toBe(false);
    expect(matches({ 'Length|gt': 50 }, { Length: 51 })).toBe(true);
    expect(matches({ 'Length|lte': 50 }, { Length: '51' })).toBe(false);
    expect(matches({ 'Length|gte': 50 }, { Length: 'abc' })).toBe(false);
    expect(matches({ 'User|fieldref': 'ParentUser' }, { User: 'CORP\\Bob', ParentUser: 'corp\\bob' })).toBe(true);
    expect(matches({ 'User|fieldref': 'ParentUser' }, { User: 'CORP\\Bob', ParentUser: 'corp\\eve' })).toBe(false);
    expect(matches({ 'Image|fieldref|endswith': 'Name' }, { Image: 'C:\\x\\a.exe', Name: 'a.exe' })).toBe(true);
  });

  it('encodes base64, base64offset and UTF-16 values', () => {
    const encoded = Buffer.from('IEX (New-Object Net.WebClient)', 'utf8').toString('base64');
    expect(
      matches({ 'CommandLine|base64|contains': 'IEX (New-Object Net.WebClient)' }, { CommandLine: `x ${encoded} y` }),
    ).toBe(true);
    for (const prefix of ['', 'a', 'ab']) {
      const shifted = Buffer.from(`${prefix}Invoke-Mimikatz -DumpCreds`, 'utf16le').toString('base64');
      expect(
        matches(
          { 'CommandLine|wide|base64offset|contains': 'Invoke-Mimikatz' },
          { CommandLine: `powershell -enc ${shifted}` },
        ),
      ).toBe(true);
    }
    expect(
      matches(
        { 'CommandLine|wide|base64offset|contains': 'Invoke-Mimikatz' },
        { CommandLine: 'powershell -enc SQBFAFgA' },
      ),
    ).toBe(false);
  });

  it('expands windash and placeholders', () => {
    for (const dash of ['-', '/', '\u2013', '\u2014', '\u2015']) {
      expect(
        matches(
          { 'CommandLine|windash|contains': ' -encodedcommand ' },
          { CommandLine: `powershell ${dash}EncodedCommand x` },
        ),
      ).toBe(true);
    }
    expect(matches({ 'Workstation|expand': '%Admins%' }, { Workstation: 'ADM-42' })).toBe(true);
    expect(matches({ 'Workstation|expand': '%Admins%' }, { Workstation: 'root-pc' })).toBe(true);
    expect(matches({ 'Workstation|expand': '%Admins%' }, { Workstation: 'ws-1' })).toBe(false);
    expect(() => matches({ 'Workstation|expand': '%Unknown%' }, {})).toThrow(/no values/);
  });

  it('searches keywords in every value and rejects unknown modifiers', () => {
    expect(matches(['failed password', 'invalid user'], { message: 'sshd: Invalid user bob' })).toBe(true);
    expect(matches(['failed password'], { message: 'accepted password' })).toBe(false);
    expect(matches({ '|all': ['root', 'failed'] }, { a: 'Failed password', b: 'for root' })).toBe(true);
    expect(() => matches({ 'Image|endswit': 'x' }, {})).toThrow(/unknown modifier 'endswit'/);
    expect(() => matches({ 'Image|i': 'x' }, {})).toThrow(/only apply to 're'/);
  });
});
