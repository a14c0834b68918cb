import { parseTimestamp } from '../../event/timestamp.js';
import type { FormatDefinition, ParserContext, RawRecord } from '../../types.js';

const leadingTime = [
  /^(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?)\s*/,
  /^((?:[A-Z][a-z]{2}\s+)?[A-Z][a-z]{2}\s+\d{1,2}\s+\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:\s+\d{4})?)\s+/,
  /^\[([^\]]{8,40})\]\s*/,
];

/** Splits a leading time off a line, when it has one Vigil can read. */
export function splitLeadingTime(
  line: string,
  referenceTime: Date,
): { time?: string; original?: string; rest: string } {
  for (const pattern of leadingTime) {
    const match = pattern.exec(line);
    if (!match) continue;
    const time = parseTimestamp(match[1], referenceTime);
    if (time) return { time, original: match[1], rest: line.slice(match[0].length) };
  }
  return { rest: line };
}

/**
 * Unknown text logs: every non-blank line is an event. A leading time is read when present; the
 * rest goes through Drain, so the event carries a template id, the template and its parameters.
 * Accepts every line, so it is the fallback when no other format recognises an input.
 */
export const textFormat: FormatDefinition = {
  name: 'text',
  logFormat: 'text',
  description: 'Unknown text lines, structured by online template mining (Drain)',
  framing: 'lines',
  sniff: (sample) => (sample.records.length > 0 ? 0.1 : 0),
  createParser(context: ParserContext) {
    return {
      parse(record: RawRecord) {
        const { time, original, rest } = splitLeadingTime(record.text, context.referenceTime);
        const match = context.templateMiner.add(rest);
        return {
          type: 'event',
          draft: {
            timestamp: time,
            originalTimestamp: original,
            code: match.templateId,
            message: rest,
            fields: {
              message: rest,
              template_id: match.templateId,
              template: match.template,
              parameters: match.parameters,
            },
            freeText: [rest],
          },
        };
      },
    };
  },
};
