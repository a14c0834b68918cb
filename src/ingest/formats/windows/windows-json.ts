import { FieldNames } from '../../event/flatten.js';
import type { FormatDefinition, ParseOutcome, ParserContext, RawRecord } from '../../types.js';
import { parseJsonRecord } from '../json-object.js';
import { normaliseWindows } from './windows-normalise.js';
import { readWindowsObject, windowsShapeOf } from './windows-shapes.js';
import { parseWindowsXml } from './windows-xml.js';

/** Parses one Windows event record: JSON in any exporter's shape, or rendered event XML. */
export function parseWindowsRecord(
  text: string,
  referenceTime: Date,
  names?: FieldNames,
  recordSnapshots = false,
): ParseOutcome {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('<')) {
    const record = parseWindowsXml(trimmed);
    if (record.eventId === undefined) return { type: 'reject', reason: 'XML record is not a Windows event' };
    return { type: 'event', draft: normaliseWindows(record, referenceTime) };
  }
  const parsed = parseJsonRecord(text, { recordSnapshots });
  if (!parsed.ok) return { type: 'reject', reason: parsed.error };
  const shape = windowsShapeOf(parsed.value) ?? 'nxlog';
  const draft = normaliseWindows(readWindowsObject(parsed.value, shape, names), referenceTime);
  if (parsed.record !== undefined) draft.record = parsed.record;
  return { type: 'event', draft };
}

/**
 * Windows event logs exported as JSON lines (NXLog / OTRF, Winlogbeat, evtx_dump, EvtxECmd,
 * Splunk Windows TA fields) or as one rendered XML event per line: Sysmon, Security, PowerShell,
 * System and any other channel.
 */
export const windowsJsonFormat: FormatDefinition = {
  name: 'windows-json',
  logFormat: 'windows-json',
  description: 'Windows event logs as JSON (NXLog/OTRF, Winlogbeat, evtx_dump, EvtxECmd, Splunk TA) or XML',
  framing: 'lines',
  sniff(sample) {
    let matches = 0;
    sample.objects.forEach((object, index) => {
      if (object ? windowsShapeOf(object) : /^\s*<Event[\s>]/.test(sample.records[index] ?? '')) matches += 1;
    });
    return sample.records.length === 0 ? 0 : (0.95 * matches) / sample.records.length;
  },
  createParser(context: ParserContext) {
    const names = new FieldNames();
    return {
      parse: (record: RawRecord) =>
        parseWindowsRecord(record.text, context.referenceTime, names, context.recordSnapshots),
    };
  },
};
