import type { FormatDefinition, SniffSample } from '../types.js';
import { csvFormat } from './csv/csv-format.js';
import { jsonLinesFormat } from './generic/json-lines.js';
import { linuxAuditFormat } from './linux/linux-audit.js';
import { splunkCsvFormat, splunkJsonFormat } from './splunk/splunk-formats.js';
import { suricataEveFormat } from './suricata/suricata-eve.js';
import { syslogFormat } from './syslog/syslog-format.js';
import { textFormat } from './text/text-format.js';
import { webAccessFormat } from './web/access-log.js';
import { windowsJsonFormat } from './windows/windows-json.js';
import { zeekJsonFormat, zeekTsvFormat } from './zeek/zeek-formats.js';

/** Formats by `--format` name: a plain value, built from the list below; nothing registers itself. */
export type FormatRegistry = ReadonlyMap<string, FormatDefinition>;

/** Built-in formats, most specific first: on equal sniff scores the earlier one wins. */
export const builtinFormats: readonly FormatDefinition[] = [
  splunkJsonFormat,
  windowsJsonFormat,
  suricataEveFormat,
  zeekTsvFormat,
  zeekJsonFormat,
  linuxAuditFormat,
  syslogFormat,
  webAccessFormat,
  splunkCsvFormat,
  csvFormat,
  jsonLinesFormat,
  textFormat,
];

export function createFormatRegistry(formats: readonly FormatDefinition[] = builtinFormats): FormatRegistry {
  return new Map(formats.map((format) => [format.name, format]));
}

/** Below this confidence an input is read as unknown text. */
export const minimumSniffScore = 0.3;

/** The format that best explains the sample; `text` when none is confident enough. */
export function sniffFormat(sample: SniffSample, registry: FormatRegistry): FormatDefinition {
  let best: FormatDefinition | undefined;
  let bestScore = minimumSniffScore;
  for (const format of registry.values()) {
    const score = format.sniff(sample);
    if (score > bestScore) {
      best = format;
      bestScore = score;
    }
  }
  return best ?? registry.get('text') ?? textFormat;
}
