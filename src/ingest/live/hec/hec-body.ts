import { parseBoundedJson } from '../../../guard/index.js';
import type { FramedItem } from '../../framing/framed-item.js';
import { JsonValueFramer } from '../../framing/json-value-framer.js';
import { type HecStatus, hecStatus } from './hec-protocol.js';

/** One event of an `/event` request body, by its position (HEC's `invalid-event-number`). */
export type HecBodyItem =
  | {
      type: 'event';
      index: number;
      /** The envelope's exact JSON text: the event's `raw`. */
      text: string;
      envelope: HecEnvelope;
    }
  | { type: 'invalid'; index: number; status: HecStatus; reason: string };

/** The HEC event envelope (`event` required; the rest optional metadata). */
export interface HecEnvelope {
  event: unknown;
  time?: unknown;
  host?: unknown;
  source?: unknown;
  sourcetype?: unknown;
  index?: unknown;
  fields?: unknown;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Indexed fields must be flat: strings, numbers, booleans, or arrays of them. */
function validFields(fields: unknown): boolean {
  if (fields === undefined) return true;
  if (!isPlainObject(fields)) return false;
  for (const key in fields) {
    const value = fields[key];
    const values = Array.isArray(value) ? value : [value];
    for (const item of values) if (item !== null && typeof item === 'object') return false;
  }
  return true;
}

function checkEnvelope(value: unknown): { status: HecStatus; reason: string } | undefined {
  if (!isPlainObject(value)) return { status: hecStatus.invalidDataFormat, reason: 'event is not a JSON object' };
  if (!('event' in value)) return { status: hecStatus.eventRequired, reason: 'envelope without an "event" field' };
  if (value.event === '' || value.event === null)
    return { status: hecStatus.eventBlank, reason: 'blank "event" field' };
  if (!validFields(value.fields)) {
    return { status: hecStatus.indexedFieldsError, reason: '"fields" must be an object of flat values' };
  }
  return undefined;
}

/**
 * Cuts an `/event` body (JSON envelopes one after another, whitespace between or none) into
 * envelopes, each checked on its own: a malformed or incomplete one becomes an `invalid` item and
 * the others still count. Bounded by `maxEventBytes` per envelope. Incremental: `push` takes the
 * body in pieces (the HEC handler yields to the event loop between them), `end` finishes it.
 */
export class HecEventBodyReader {
  private readonly framer: JsonValueFramer;
  private index = 0;

  constructor(maxEventBytes: number) {
    this.framer = new JsonValueFramer('sequence', maxEventBytes);
  }

  push(piece: Buffer): HecBodyItem[] {
    return this.items(this.framer.push(piece));
  }

  end(): HecBodyItem[] {
    return this.items(this.framer.end());
  }

  private items(framed: FramedItem[]): HecBodyItem[] {
    const items: HecBodyItem[] = [];
    for (const item of framed) {
      const index = this.index;
      this.index += 1;
      if (item.type === 'reject') {
        items.push({ type: 'invalid', index, status: hecStatus.invalidDataFormat, reason: item.reason });
        continue;
      }
      let value: unknown;
      try {
        value = parseBoundedJson(item.record.text);
      } catch (error) {
        const reason = (error as Error).message;
        items.push({ type: 'invalid', index, status: hecStatus.invalidDataFormat, reason });
        continue;
      }
      const problem = checkEnvelope(value);
      if (problem) items.push({ type: 'invalid', index, ...problem });
      else items.push({ type: 'event', index, text: item.record.text, envelope: value as HecEnvelope });
    }
    return items;
  }
}

/** A whole `/event` body at once (see `HecEventBodyReader`). */
export function parseHecEventBody(body: Buffer, maxEventBytes: number): HecBodyItem[] {
  const reader = new HecEventBodyReader(maxEventBytes);
  return [...reader.push(body), ...reader.end()];
}
