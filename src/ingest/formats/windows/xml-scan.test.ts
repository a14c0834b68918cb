/**
 * The forward scanners find exactly what the regular expressions they replace found on V8
 * (differential on generated event-XML pieces, short enough for the old forms to finish), and
 * read 1 MiB records built to make those forms rescan in one pass.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseWindowsXml } from './windows-xml.js';
import { dataElements, firstAttribute, firstElementText, leafElements } from './xml-scan.js';

const oldElementText = (xml: string, element: string) =>
  new RegExp(`<${element}\\b[^>]*>([^<]*)</${element}>`).exec(xml)?.[1];
const oldAttribute = (xml: string, element: string, name: string) =>
  new RegExp(`<${element}\\b[^>]*?\\b${name}=(['"])(.*?)\\1`, 's').exec(xml)?.[2];
const oldData = (xml: string) =>
  [...xml.matchAll(/<Data(?:\s+Name=(['"])(.*?)\1)?\s*(?:\/>|>([\s\S]*?)<\/Data>)/g)].map((match) => ({
    name: match[2],
    text: match[3],
  }));
const oldLeaves = (xml: string) =>
  [...xml.matchAll(/<([A-Za-z_][\w.-]*)(?:\s[^>]*)?>([^<]*)<\/\1>/g)].map((match) => ({
    name: match[1],
    text: match[2],
  }));

const pieces = [
  '<',
  '>',
  '/',
  '/>',
  '</',
  '=',
  "'",
  '"',
  ' ',
  '\n',
  '\r',
  '\u00a0',
  '\u2028',
  'a',
  'x.y',
  '1',
  '<Data',
  '<Data ',
  '<Data>',
  '</Data>',
  'Name=',
  " Name='",
  ' Name="',
  '<DataX',
  '<EventID',
  '<EventID>',
  '</EventID>',
  '<EventIDs>',
  '<Provider',
  ' Name',
  'xName=',
  '<Op>',
  '</Op>',
  '<Op ',
  '<_a.b-c',
  '</_a.b-c>',
];
const xmlText = fc.array(fc.constantFrom(...pieces), { maxLength: 24 }).map((parts) => parts.join(''));

describe('Windows XML scanning', () => {
  it('finds what the old expressions found (differential, 4 × 3,000 inputs)', () => {
    let tried = 0;
    fc.assert(
      fc.property(xmlText, (xml) => {
        tried++;
        expect(firstElementText(xml, 'EventID')).toBe(oldElementText(xml, 'EventID'));
        expect(firstAttribute(xml, 'Provider', 'Name')).toBe(oldAttribute(xml, 'Provider', 'Name'));
        expect(dataElements(xml)).toEqual(oldData(xml));
        expect(leafElements(xml)).toEqual(oldLeaves(xml));
      }),
      { numRuns: 3000 },
    );
    expect(tried).toBe(3000);
  });

  it('reads a real Security event', () => {
    const xml =
      "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Security-Auditing' Guid='{54849625-5478-4994-a5ba-3e3b0328c30d}'/><EventID>4688</EventID><TimeCreated SystemTime='2024-03-02T10:00:00.000Z'/><Channel>Security</Channel><Computer>ws01.corp.local</Computer></System><EventData><Data Name='NewProcessName'>C:\\Windows\\System32\\cmd.exe</Data><Data Name='CommandLine'>cmd /c &quot;whoami&quot;</Data><Data Name='Empty'/></EventData></Event>";
    const record = parseWindowsXml(xml);
    expect(record).toMatchObject({ eventId: 4688, channel: 'Security', computer: 'ws01.corp.local' });
    expect(record.provider).toBe('Microsoft-Windows-Security-Auditing');
    expect(record.fields).toMatchObject({
      CommandLine: 'cmd /c "whoami"',
      Empty: '',
      SystemTime: '2024-03-02T10:00:00.000Z',
    });
  });

  it('reads 1 MiB records of unclosed elements in one pass (hostile input: the old forms rescan from each)', () => {
    const bait = [
      "<Data Name='".repeat(87_382),
      `<Data Name='${"'".repeat(1 << 20)}`,
      `<Provider ${'Name="'.repeat(174_762)}>`,
      '<EventID'.repeat(131_072),
      `<EventID ${'<'.repeat(1 << 20)}>`,
      `<UserData>${'<a '.repeat(349_525)}>`,
      `<UserData>${'<a>'.repeat(349_525)}`,
      `<Data>${' '.repeat(1 << 20)}`,
    ];
    for (const xml of bait) expect(parseWindowsXml(xml).shape).toBe('xml');
    const quoted = `<Data Name='a'b' x'>1</Data>`;
    expect(dataElements(quoted)).toEqual([{ name: "a'b' x", text: '1' }]);
    expect(dataElements(quoted)).toEqual(oldData(quoted));
  });
});
