import type { WindowsRecord } from './windows-shapes.js';
import { dataElements, firstAttribute, firstElementText, leafElements } from './xml-scan.js';

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

/** The System parts of every event: an element's text, or an element's attribute. */
const systemParts = {
  eventId: ['EventID'],
  channel: ['Channel'],
  computer: ['Computer'],
  eventRecordId: ['EventRecordID'],
  level: ['Level'],
  task: ['Task'],
  keywords: ['Keywords'],
  provider: ['Provider', 'Name'],
  time: ['TimeCreated', 'SystemTime'],
  processId: ['Execution', 'ProcessID'],
  threadId: ['Execution', 'ThreadID'],
  userId: ['Security', 'UserID'],
} as const;

function attribute(xml: string, [element, name]: readonly [string, string]): string | undefined {
  const value = firstAttribute(xml, element, name);
  return value === undefined ? undefined : decodeXmlText(value);
}

function elementText(xml: string, [element]: readonly [string]): string | undefined {
  const text = firstElementText(xml, element);
  return text === undefined ? undefined : decodeXmlText(text);
}

/**
 * Reads the rendered XML of a Windows event (`<Event><System>…<EventData><Data Name='…'>`), as
 * Splunk's XmlWinEventLog `_raw`, `wevtutil` and `evtxexport -f xml` write it. A forward scanner
 * (`xml-scan.ts`), enough for the flat structure of event XML; unnamed `<Data>` become `Data1`, `Data2`…
 * (and Sigma's `Data` list, see `windows-fields.ts`); the leaf elements of `<UserData>` become
 * fields under their element names (WMI-Activity `Operation`, `ClientMachine`…).
 */
export function parseWindowsXml(xml: string): WindowsRecord {
  const fields: Record<string, unknown> = {};
  const eventIdText = elementText(xml, systemParts.eventId);
  const eventId = eventIdText && /^\d+$/.test(eventIdText) ? Number(eventIdText) : undefined;
  const channel = elementText(xml, systemParts.channel);
  const provider = attribute(xml, systemParts.provider);
  const computer = elementText(xml, systemParts.computer);
  const time = attribute(xml, systemParts.time);
  const system: Record<string, string | undefined> = {
    EventRecordID: elementText(xml, systemParts.eventRecordId),
    Level: elementText(xml, systemParts.level),
    Task: elementText(xml, systemParts.task),
    Keywords: elementText(xml, systemParts.keywords),
    ProcessID: attribute(xml, systemParts.processId),
    ThreadID: attribute(xml, systemParts.threadId),
    UserID: attribute(xml, systemParts.userId),
    SystemTime: time,
  };
  for (const [key, value] of Object.entries(system)) if (value !== undefined) fields[key] = value;
  let unnamed = 0;
  for (const data of dataElements(xml)) {
    const name = data.name ?? `Data${++unnamed}`;
    fields[decodeXmlText(name)] = decodeXmlText(data.text ?? '');
  }
  readUserData(xml, fields);
  if (eventId !== undefined) fields.EventID = eventId;
  if (channel !== undefined) fields.Channel = channel;
  if (provider !== undefined) fields.Provider_Name = provider;
  if (computer !== undefined) fields.Computer = computer;
  return { shape: 'xml', fields, eventId, channel, provider, computer, time };
}

/** Leaf elements of `<UserData>`, as fields; a name already set by `<Data>` is kept. */
function readUserData(xml: string, fields: Record<string, unknown>): void {
  const start = xml.indexOf('<UserData>');
  if (start === -1) return;
  const end = xml.indexOf('</UserData>', start);
  const userData = xml.slice(start + '<UserData>'.length, end === -1 ? undefined : end);
  for (const { name, text } of leafElements(userData))
    if (fields[name] === undefined) fields[name] = decodeXmlText(text);
}
