import type { FormatDefinition, ParseOutcome, ParserContext, RawRecord } from '../../types.js';
import { parseJsonRecord } from '../json-object.js';
import { normaliseZeek } from './zeek-normalise.js';
import {
  convertZeekCell,
  defaultZeekHeader,
  unescapeZeek,
  type ZeekColumn,
  type ZeekTsvHeader,
  zeekColumns,
} from './zeek-values.js';

/** `conn.log`, `dns.json.gz`, `http.00:00:00-01:00:00.log` → `conn`, `dns`, `http`. */
export function zeekPathFromFileName(fileName: string): string | undefined {
  const base = fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf(':')) + 1);
  const match = /^([a-z][a-z0-9_]*)\./i.exec(base);
  return match ? (match[1] as string).toLowerCase() : undefined;
}

function readDirective(line: string, header: ZeekTsvHeader): void {
  const space = line.indexOf(' ');
  const tab = line.indexOf('\t');
  if (line.startsWith('#separator')) {
    header.separator = unescapeZeek(line.slice(space + 1).trim() || '\\x09');
    return;
  }
  const cut = tab === -1 ? space : tab;
  if (cut === -1) return;
  const name = line.slice(1, cut);
  const value = line.slice(cut + 1);
  const values = value.split(header.separator);
  switch (name) {
    case 'set_separator':
      header.setSeparator = unescapeZeek(value);
      break;
    case 'empty_field':
      header.emptyField = value;
      break;
    case 'unset_field':
      header.unsetField = value;
      break;
    case 'path':
      header.path = value;
      break;
    case 'fields':
      header.fields = values;
      header.types = undefined;
      header.columns = undefined;
      break;
    case 'types':
      header.types = values;
      header.columns = undefined;
      break;
  }
}

/**
 * Zeek's TSV logs: `#separator`, `#set_separator`, `#empty_field`, `#unset_field`, `#path`,
 * `#fields` and `#types` headers, `#close` footers, several logs concatenated (each new header
 * resets the columns). Values are typed as Zeek's JSON writer types them; unset fields are left out.
 */
export const zeekTsvFormat: FormatDefinition = {
  name: 'zeek-tsv',
  logFormat: 'zeek-tsv',
  description: 'Zeek TSV logs with #fields/#types headers (any log: conn, dns, http, ssl, files, notice…)',
  framing: 'lines',
  sniff(sample) {
    const first = sample.records[0] ?? '';
    if (first.startsWith('#separator')) return 0.99;
    return sample.records.some((record) => record.startsWith('#fields\t')) ? 0.9 : 0;
  },
  createParser(context: ParserContext) {
    const header = defaultZeekHeader();
    const fallbackPath = zeekPathFromFileName(context.fileName);
    return {
      parse(record: RawRecord): ParseOutcome {
        const line = record.text;
        if (line.startsWith('#')) {
          readDirective(line, header);
          return { type: 'skip' };
        }
        if (!header.fields) return { type: 'reject', reason: 'Zeek data line before any #fields header' };
        const cells = line.split(header.separator);
        if (cells.length !== header.fields.length) {
          return { type: 'reject', reason: `expected ${header.fields.length} Zeek fields, found ${cells.length}` };
        }
        const columns = zeekColumns(header);
        const fields: Record<string, unknown> = {};
        for (let index = 0; index < cells.length; index += 1) {
          const column = columns[index] as ZeekColumn;
          const value = convertZeekCell(cells[index] as string, column, header);
          if (value !== undefined) fields[column.name] = value;
        }
        const path = header.path ?? fallbackPath ?? 'unknown';
        return { type: 'event', draft: normaliseZeek(path, fields, context.referenceTime) };
      },
    };
  },
};

const zeekKeys = ['uid', 'id.orig_h', 'fuid', 'peer'];
/** Zeek logs whose records carry none of the keys above. */
const keylessLogs = new Set([
  'loaded_scripts',
  'packet_filter',
  'capture_loss',
  'stats',
  'known_hosts',
  'known_certs',
  'software',
  'x509',
  'ocsp',
  'pe',
]);

/** Zeek logs written by the JSON writer (or the JSON streaming package, with `_path`). */
export const zeekJsonFormat: FormatDefinition = {
  name: 'zeek-json',
  logFormat: 'zeek-json',
  description: 'Zeek JSON logs (one object per line; the log path from _path or the file name)',
  framing: 'lines',
  sniff(sample) {
    if (sample.objects.length === 0) return 0;
    const path = zeekPathFromFileName(sample.fileName);
    const named = path !== undefined;
    const keyless = path !== undefined && keylessLogs.has(path);
    let matches = 0;
    for (const object of sample.objects) {
      if (!object) continue;
      if (keyless) {
        matches += 1;
        continue;
      }
      if (!('ts' in object)) continue;
      if ('_path' in object || zeekKeys.some((key) => key in object)) matches += 1;
      else if (named && !('event_type' in object)) matches += 0.7;
    }
    return (0.9 * matches) / sample.objects.length;
  },
  createParser(context: ParserContext) {
    const fallbackPath = zeekPathFromFileName(context.fileName) ?? 'unknown';
    return {
      parse(record: RawRecord): ParseOutcome {
        const parsed = parseJsonRecord(record.text, context);
        if (!parsed.ok) return { type: 'reject', reason: parsed.error };
        const path = typeof parsed.value._path === 'string' ? parsed.value._path : fallbackPath;
        const draft = normaliseZeek(path, parsed.value, context.referenceTime);
        if (parsed.record !== undefined) draft.record = parsed.record;
        return { type: 'event', draft };
      },
    };
  },
};
