import { parseBoundedJson } from '../../../guard/index.js';
import { flatten, text } from '../../event/flatten.js';
import { parseTimestamp } from '../../event/timestamp.js';
import type { EventDraft, ParseOutcome, ParserContext } from '../../types.js';
import { parseSplunkWindowsText } from '../windows/splunk-windows-text.js';
import { normaliseWindows } from '../windows/windows-normalise.js';
import { readWindowsObject } from '../windows/windows-shapes.js';
import { normaliseZeek } from '../zeek/zeek-normalise.js';

/** Which Vigil format reads the `_raw` of a Splunk sourcetype, or undefined when none does. */
export function formatForSourcetype(sourcetype: string): string | undefined {
  const name = sourcetype.toLowerCase();
  if (name.includes('suricata') || name === 'eve' || name.endsWith(':eve')) return 'suricata-eve';
  if (/^(bro|zeek|corelight)[:_]/.test(name)) return 'zeek-json';
  if (name.includes('wineventlog') || name.startsWith('windows') || name.includes('sysmon')) return 'windows-json';
  if (name === 'syslog' || name.startsWith('linux_') || name === 'sshd' || name.includes('syslog')) return 'syslog';
  if (name === '_json' || name === 'json') return 'json-lines';
  return undefined;
}

function zeekPath(sourcetype: string): string {
  return sourcetype.split(/[:_]/)[1] ?? 'unknown';
}

function parseRaw(sourcetype: string, raw: string, context: ParserContext): EventDraft | undefined {
  const format = formatForSourcetype(sourcetype);
  if (!format) return undefined;
  if (format === 'zeek-json') {
    try {
      const parsed: unknown = parseBoundedJson(raw);
      // `_raw` is attacker-reachable text: only a JSON object is a Zeek record.
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
      const object = parsed as Record<string, unknown>;
      const path = typeof object._path === 'string' ? object._path : zeekPath(sourcetype.toLowerCase());
      return normaliseZeek(path, object, context.referenceTime);
    } catch {
      return undefined;
    }
  }
  if (format === 'windows-json' && !raw.trimStart().startsWith('<') && !raw.trimStart().startsWith('{')) {
    const fields = parseSplunkWindowsText(raw);
    return fields ? normaliseWindows(readWindowsObject(fields, 'splunk-ta'), context.referenceTime) : undefined;
  }
  const outcome = context.parseEmbedded(format, raw);
  return outcome?.type === 'event' ? outcome.draft : undefined;
}

/**
 * One Splunk search result (`_raw`, `_time`, `host`, `source`, `sourcetype` and extracted fields):
 * `_raw` is parsed by its sourcetype when Vigil knows it, and the event keeps Splunk's fields
 * under the parsed ones.
 */
export function parseSplunkResult(result: Record<string, unknown>, context: ParserContext): ParseOutcome {
  const rest: Record<string, unknown> = {};
  for (const key in result) if (key !== '_raw') rest[key] = result[key];
  const splunkFields = flatten(rest);
  const sourcetype = text(result.sourcetype) ?? '';
  const raw = text(result._raw);
  const inner = raw === undefined ? undefined : parseRaw(sourcetype, raw, context);
  const time = parseTimestamp(result._time, context.referenceTime);
  const host = text(result.host);
  if (inner) {
    // The inner draft is this record's own: completed in place rather than copied. Its fields win
    // over Splunk's of the same name.
    const fields = inner.fields;
    for (const key in splunkFields) if (!(key in fields)) fields[key] = splunkFields[key];
    inner.dataset = sourcetype || inner.dataset;
    // Splunk's own time (`_time`, HEC's `time`) wins: it is what Splunk indexed, and it knows the
    // year that a classic syslog line leaves out.
    inner.timestamp = time ?? inner.timestamp;
    inner.host = inner.host ?? (host ? { name: host } : undefined);
    return { type: 'event', draft: inner };
  }
  return {
    type: 'event',
    draft: {
      fields: raw === undefined ? splunkFields : { ...splunkFields, _raw: raw },
      dataset: sourcetype || undefined,
      timestamp: time,
      originalTimestamp: text(result._time),
      message: raw,
      host: host ? { name: host } : undefined,
      freeText: raw === undefined ? undefined : [raw],
    },
  };
}
