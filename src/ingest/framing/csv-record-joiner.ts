import type { FramedItem } from './framed-item.js';

function countQuotes(text: string): number {
  let count = 0;
  let index = text.indexOf('"');
  while (index !== -1) {
    count += 1;
    index = text.indexOf('"', index + 1);
  }
  return count;
}

/**
 * Joins physical lines into CSV records: a record whose quotes are unbalanced continues on the
 * next line (RFC 4180 quoted newlines, as in Splunk `_raw` of multi-line events). A record that
 * never closes its quote within `maxRecordBytes` is rejected and the join starts afresh.
 */
export class CsvRecordJoiner {
  private open: { text: string; line: number; quotes: number } | undefined;

  constructor(private readonly maxRecordBytes: number) {}

  push(items: FramedItem[]): FramedItem[] {
    const output: FramedItem[] = [];
    for (const item of items) {
      if (item.type === 'reject') {
        this.flushOpen(output, 'unterminated quoted CSV field');
        output.push(item);
        continue;
      }
      const { text, line } = item.record;
      if (this.open) {
        this.open.text += `\n${text}`;
        this.open.quotes += countQuotes(text);
        if (this.open.quotes % 2 === 0) {
          output.push({ type: 'record', record: { text: this.open.text, line: this.open.line } });
          this.open = undefined;
        } else if (this.open.text.length > this.maxRecordBytes) {
          output.push({ type: 'reject', line: this.open.line, reason: 'unterminated quoted CSV field' });
          this.open = undefined;
        }
        continue;
      }
      if (text.trim() === '') continue;
      const quotes = countQuotes(text);
      if (quotes % 2 === 0) output.push(item);
      else this.open = { text, line, quotes };
    }
    return output;
  }

  end(): FramedItem[] {
    const output: FramedItem[] = [];
    this.flushOpen(output, 'unterminated quoted CSV field at end of input');
    return output;
  }

  private flushOpen(output: FramedItem[], reason: string): void {
    if (!this.open) return;
    output.push({ type: 'reject', line: this.open.line, reason });
    this.open = undefined;
  }
}
