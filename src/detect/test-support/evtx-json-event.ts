/**
 * Test adapter: the JSON renderings of .evtx records in Sigma's regression data (as written by
 * evtx_dump: `{Event: {System, EventData | UserData}}`, several objects per file) turned into
 * Events whose fields are the flattened System and EventData values.
 */
import type { Event } from '../../core/index.js';
import { makeEvent } from './make-event.js';

/** Splits text holding several JSON values written one after another. */
export function splitConcatenatedJson(text: string): unknown[] {
  const values: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const character = text[index];
    if (inString) {
      if (character === '\\') index++;
      else if (character === '"') inString = false;
      continue;
    }
    if (character === '"') inString = true;
    else if (character === '{' || character === '[') {
      if (depth === 0) start = index;
      depth++;
    } else if (character === '}' || character === ']') {
      depth--;
      if (depth === 0) values.push(JSON.parse(text.slice(start, index + 1)));
    }
  }
  return values;
}

function scalar(value: unknown): unknown {
  if (value !== null && typeof value === 'object' && '#text' in value)
    return (value as Record<string, unknown>)['#text'];
  return value;
}

function flattenInto(target: Record<string, unknown>, source: unknown): void {
  if (source === null || typeof source !== 'object') return;
  for (const [key, value] of Object.entries(source as Record<string, unknown>)) {
    if (key === '#attributes') continue;
    const plain = scalar(value);
    if (plain !== null && typeof plain === 'object' && !Array.isArray(plain)) flattenInto(target, plain);
    else target[key] = plain;
  }
}

export function evtxJsonToEvent(record: unknown): Event {
  const event = (record as { Event?: Record<string, unknown> }).Event ?? {};
  const system = (event.System ?? {}) as Record<string, unknown>;
  const fields: Record<string, unknown> = {};
  const provider = (system.Provider as { '#attributes'?: { Name?: string } } | undefined)?.['#attributes'];
  if (provider?.Name) fields.Provider_Name = provider.Name;
  for (const [key, value] of Object.entries(system)) {
    const plain = scalar(value);
    if (plain === null || typeof plain !== 'object') fields[key] = plain;
  }
  flattenInto(fields, event.EventData);
  flattenInto(fields, event.UserData);
  const time = (system.TimeCreated as { '#attributes'?: { SystemTime?: string } } | undefined)?.['#attributes']
    ?.SystemTime;
  return makeEvent({
    fields,
    dataset: String(fields.Channel ?? ''),
    ...(time ? { timestamp: new Date(time).toISOString() } : {}),
  });
}
