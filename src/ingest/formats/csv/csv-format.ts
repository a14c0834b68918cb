import { applyMapping, defaultMapping } from '../../mapping/apply-mapping.js';
import type { FormatDefinition, ParseOutcome, ParserContext, RawRecord } from '../../types.js';
import { splitCsvRecord } from './csv-record.js';

/** A CSV parser that reads the header, then hands each record's named fields to `toOutcome`. */
export function createCsvParser(
  delimiter: string,
  presetColumns: string[] | undefined,
  toOutcome: (fields: Record<string, unknown>) => ParseOutcome,
): { parse(record: RawRecord): ParseOutcome } {
  let columns = presetColumns;
  return {
    parse(record: RawRecord): ParseOutcome {
      const cells = splitCsvRecord(record.text, delimiter);
      if (!cells) return { type: 'reject', reason: 'malformed CSV record (unbalanced quotes)' };
      if (!columns) {
        columns = cells.map((cell) => cell.trim());
        return { type: 'skip' };
      }
      if (cells.length !== columns.length) {
        return { type: 'reject', reason: `expected ${columns.length} CSV fields, found ${cells.length}` };
      }
      const fields: Record<string, unknown> = {};
      for (let index = 0; index < cells.length; index += 1) {
        const value = cells[index] as string;
        if (value !== '') fields[columns[index] as string] = value;
      }
      return toOutcome(fields);
    },
  };
}

function looksLikeCsvHeader(line: string | undefined): boolean {
  if (!line) return false;
  const cells = splitCsvRecord(line);
  return cells !== undefined && cells.length >= 2 && cells.every((cell) => /^[\w .@-]{1,64}$/.test(cell));
}

/** Generic CSV with a header line (or the mapping's `columns`), normalised through a field mapping. */
export const csvFormat: FormatDefinition = {
  name: 'csv',
  logFormat: 'csv',
  description: 'Generic CSV with a header line, normalised through a field mapping',
  framing: 'csv',
  sniff(sample) {
    if (!looksLikeCsvHeader(sample.records[0])) return 0;
    const width = splitCsvRecord(sample.records[0] as string)?.length ?? 0;
    const rows = sample.records.slice(1);
    if (rows.length === 0) return 0.3;
    const consistent = rows.filter((row) => splitCsvRecord(row)?.length === width).length;
    return (0.6 * consistent) / rows.length;
  },
  createParser(context: ParserContext) {
    const mapping = context.mapping ?? defaultMapping;
    return createCsvParser(mapping.delimiter ?? ',', mapping.columns, (fields) => {
      const normalised = applyMapping(fields, mapping, context.referenceTime);
      return {
        type: 'event',
        draft: {
          ...normalised,
          fields,
          dataset: mapping.dataset,
          freeText: typeof normalised.message === 'string' ? [normalised.message] : undefined,
        },
      };
    });
  },
};
