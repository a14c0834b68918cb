/**
 * How a Sigma log source (product / category / service) maps onto Vigil events: which event
 * family, dataset and event codes it covers, and how the rule's field names map onto the
 * source's own. The tables are plain data (see windows-bindings.ts, network-bindings.ts).
 */
import type { Event } from '../../core/index.js';

/** Event families: the Windows event log, Zeek, Suricata EVE, syslog, or another format name. */
export type EventFamily = 'windows' | 'zeek' | 'suricata' | 'syslog' | (string & {});

export interface LogSourceBinding {
  readonly logsource: { readonly product?: string; readonly category?: string; readonly service?: string };
  readonly family: EventFamily;
  /** Lower-case datasets (Windows channel, Zeek log, EVE event_type, syslog program); absent means any. */
  readonly datasets?: readonly string[];
  /** Event codes (Windows EventID); absent means any. */
  readonly eventIds?: readonly string[];
  /** Extra field tests: the event's field must equal one of the values (case-insensitive). */
  readonly where?: Readonly<Record<string, readonly string[]>>;
  /** Rule field name → the event's field name holding that value. */
  readonly fieldAliases?: Readonly<Record<string, string>>;
}

/** The key rules are indexed under: `product/category/service`, lower-case, empty parts kept. */
export function logSourceKey(logsource: { product?: string; category?: string; service?: string }): string {
  return `${(logsource.product ?? '').toLowerCase()}/${(logsource.category ?? '').toLowerCase()}/${(logsource.service ?? '').toLowerCase()}`;
}

/** Where an event comes from, in the terms bindings use. */
export interface EventSource {
  readonly family: EventFamily;
  readonly dataset: string;
  readonly eventId: string;
}

export function describeEventSource(event: Event): EventSource {
  const fields = event.fields;
  const format = event.origin.format;
  const text = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');
  // Windows records exported through other tools (Splunk, NXLog JSON lines) still carry Channel and EventID.
  if (format === 'windows-json' || (fields.Channel !== undefined && fields.EventID !== undefined)) {
    return {
      family: 'windows',
      dataset: (event.origin.dataset ?? text(fields.Channel)).toLowerCase(),
      eventId: text(fields.EventID) || (event.code ?? ''),
    };
  }
  if (format === 'zeek-tsv' || format === 'zeek-json') {
    return { family: 'zeek', dataset: (event.origin.dataset ?? text(fields._path)).toLowerCase(), eventId: '' };
  }
  if (format === 'suricata-eve') {
    return {
      family: 'suricata',
      dataset: (event.origin.dataset ?? text(fields.event_type)).toLowerCase(),
      eventId: '',
    };
  }
  if (format === 'syslog') {
    const program = event.origin.dataset ?? (text(fields.program) || text(fields.appname));
    return { family: 'syslog', dataset: program.toLowerCase(), eventId: '' };
  }
  return { family: format, dataset: (event.origin.dataset ?? '').toLowerCase(), eventId: event.code ?? '' };
}
