import type { WindowsRecord } from './windows-shapes.js';

const entities: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes XML character references and the five predefined entities. */
export function decodeXmlText(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return safeCodePoint(Number.parseInt(name.slice(2), 16), whole);
    if (name.startsWith('#')) return safeCodePoint(Number.parseInt(name.slice(1), 10), whole);
    return entities[name.toLowerCase()] ?? whole;
  });
}

function safeCodePoint(code: number, fallback: string): string {
  return Number.isInteger(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : fallback;
}

function elementPattern(element: string): RegExp {
  return new RegExp(`<${element}\\b[^>]*>([^<]*)</${element}>`);
}

function attributePattern(element: string, name: string): RegExp {
  return new RegExp(`<${element}\\b[^>]*?\\b${name}=(['"])(.*?)\\1`, 's');
}

/** Built once: the System parts of every event are read with the same expressions. */
const systemPatterns = {
  eventId: elementPattern('EventID'),
  channel: elementPattern('Channel'),
  computer: elementPattern('Computer'),
  eventRecordId: elementPattern('EventRecordID'),
  level: elementPattern('Level'),
  task: elementPattern('Task'),
  keywords: elementPattern('Keywords'),
  provider: attributePattern('Provider', 'Name'),
  time: attributePattern('TimeCreated', 'SystemTime'),
  processId: attributePattern('Execution', 'ProcessID'),
  threadId: attributePattern('Execution', 'ThreadID'),
  userId: attributePattern('Security', 'UserID'),
} as const;

function attribute(xml: string, pattern: RegExp): string | undefined {
  const match = pattern.exec(xml);
  return match ? decodeXmlText(match[2] as string) : undefined;
}

function elementText(xml: string, pattern: RegExp): string | undefined {
  const match = pattern.exec(xml);
  return match ? decodeXmlText(match[1] as string) : undefined;
}

/**
 * Reads the rendered XML of a Windows event (`<Event><System>…<EventData><Data Name='…'>`), as
 * Splunk's XmlWinEventLog `_raw`, `wevtutil` and `evtxexport -f xml` write it. A regular-expression
 * reader, enough for the flat structure of event XML; unnamed `<Data>` become `Data1`, `Data2`…
 * (and Sigma's `Data` list, see `windows-fields.ts`); the leaf elements of `<UserData>` become
 * fields under their element names (WMI-Activity `Operation`, `ClientMachine`…).
 */
export function parseWindowsXml(xml: string): WindowsRecord {
  const fields: Record<string, unknown> = {};
  const eventIdText = elementText(xml, systemPatterns.eventId);
  const eventId = eventIdText && /^\d+$/.test(eventIdText) ? Number(eventIdText) : undefined;
  const channel = elementText(xml, systemPatterns.channel);
  const provider = attribute(xml, systemPatterns.provider);
  const computer = elementText(xml, systemPatterns.computer);
  const time = attribute(xml, systemPatterns.time);
  const system: Record<string, string | undefined> = {
    EventRecordID: elementText(xml, systemPatterns.eventRecordId),
    Level: elementText(xml, systemPatterns.level),
    Task: elementText(xml, systemPatterns.task),
    Keywords: elementText(xml, systemPatterns.keywords),
    ProcessID: attribute(xml, systemPatterns.processId),
    ThreadID: attribute(xml, systemPatterns.threadId),
    UserID: attribute(xml, systemPatterns.userId),
    SystemTime: time,
  };
  for (const [key, value] of Object.entries(system)) if (value !== undefined) fields[key] = value;
  let unnamed = 0;
  const dataPattern = /<Data(?:\s+Name=(['"])(.*?)\1)?\s*(?:\/>|>([\s\S]*?)<\/Data>)/g;
  for (const match of xml.matchAll(dataPattern)) {
    const name = match[2] ?? `Data${++unnamed}`;
    fields[decodeXmlText(name)] = decodeXmlText(match[3] ?? '');
  }
  readUserData(xml, fields);
  if (eventId !== undefined) fields.EventID = eventId;
  if (channel !== undefined) fields.Channel = channel;
  if (provider !== undefined) fields.Provider_Name = provider;
  if (computer !== undefined) fields.Computer = computer;
  return { shape: 'xml', fields, eventId, channel, provider, computer, time };
}

const userDataLeaf = /<([A-Za-z_][\w.-]*)(?:\s[^>]*)?>([^<]*)<\/\1>/g;

/** Leaf elements of `<UserData>`, as fields; a name already set by `<Data>` is kept. */
function readUserData(xml: string, fields: Record<string, unknown>): void {
  const start = xml.indexOf('<UserData>');
  if (start === -1) return;
  const end = xml.indexOf('</UserData>', start);
  const userData = xml.slice(start + '<UserData>'.length, end === -1 ? undefined : end);
  for (const match of userData.matchAll(userDataLeaf)) {
    const name = match[1] as string;
    if (fields[name] === undefined) fields[name] = decodeXmlText(match[2] as string);
  }
}
