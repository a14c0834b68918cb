import type { FormatDefinition, ParseOutcome, ParserContext, RawRecord } from '../../types.js';
import { createCsvParser } from '../csv/csv-format.js';
import { splitCsvRecord } from '../csv/csv-record.js';
import { parseJsonObject } from '../json-object.js';
import { parseSplunkResult } from './splunk-result.js';

function resultOf(object: Record<string, unknown>): Record<string, unknown> | undefined {
  const result = object.result;
  if (result !== null && typeof result === 'object' && !Array.isArray(result)) return result as Record<string, unknown>;
  if ('_raw' in object && ('_time' in object || 'sourcetype' in object)) return object;
  return undefined;
}

/** Splunk JSON exports: `{"preview":…,"result":{…}}` lines, or arrays of result objects. */
export const splunkJsonFormat: FormatDefinition = {
  name: 'splunk-json',
  logFormat: 'splunk-json',
  description: 'Splunk JSON export (result objects with _raw, parsed by sourcetype)',
  framing: 'lines',
  sniff(sample) {
    if (sample.objects.length === 0) return 0;
    const matches = sample.objects.filter((object) => object && resultOf(object)).length;
    return (0.97 * matches) / sample.objects.length;
  },
  createParser(context: ParserContext) {
    return {
      parse(record: RawRecord): ParseOutcome {
        const parsed = parseJsonObject(record.text);
        if (!parsed.ok) return { type: 'reject', reason: parsed.error };
        const result = resultOf(parsed.value);
        if (!result) {
          return 'preview' in parsed.value || 'lastrow' in parsed.value
            ? { type: 'skip' }
            : { type: 'reject', reason: 'Splunk export line without a result object' };
        }
        return parseSplunkResult(result, context);
      },
    };
  },
};

/** Splunk CSV exports: a header with `_raw` and/or `_time`, `_raw` parsed by sourcetype. */
export const splunkCsvFormat: FormatDefinition = {
  name: 'splunk-csv',
  logFormat: 'splunk-csv',
  description: 'Splunk CSV export (columns _time, _raw, host, source, sourcetype, …)',
  framing: 'csv',
  sniff(sample) {
    const header = sample.records[0] ? splitCsvRecord(sample.records[0]) : undefined;
    if (!header) return 0;
    const names = header.map((name) => name.trim());
    return names.includes('_raw') || (names.includes('_time') && names.includes('sourcetype')) ? 0.9 : 0;
  },
  createParser(context: ParserContext) {
    return createCsvParser(',', undefined, (fields) => parseSplunkResult(fields, context));
  },
};
