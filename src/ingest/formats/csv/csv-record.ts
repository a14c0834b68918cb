/**
 * Splits one CSV record (RFC 4180: quoted fields, doubled quotes, newlines inside quotes) into
 * its fields. Returns undefined when a quote is left open or text follows a closing quote.
 */
export function splitCsvRecord(record: string, delimiter = ','): string[] | undefined {
  const fields: string[] = [];
  let index = 0;
  const length = record.length;
  for (;;) {
    if (record[index] === '"') {
      let value = '';
      index += 1;
      for (;;) {
        const quote = record.indexOf('"', index);
        if (quote === -1) return undefined;
        value += record.slice(index, quote);
        if (record[quote + 1] === '"') {
          value += '"';
          index = quote + 2;
          continue;
        }
        index = quote + 1;
        break;
      }
      fields.push(value);
      if (index === length) return fields;
      if (record[index] !== delimiter) {
        if (record[index] === '\r' && index === length - 1) return fields;
        return undefined;
      }
      index += 1;
      continue;
    }
    const next = record.indexOf(delimiter, index);
    if (next === -1) {
      fields.push(record.slice(index).replace(/\r$/, ''));
      return fields;
    }
    fields.push(record.slice(index, next));
    index = next + 1;
  }
}
