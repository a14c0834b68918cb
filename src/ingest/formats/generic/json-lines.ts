import { FieldNames, flatten } from '../../event/flatten.js';
import { applyMapping, defaultMapping } from '../../mapping/apply-mapping.js';
import type { FormatDefinition, ParserContext, RawRecord } from '../../types.js';
import { parseJsonRecord } from '../json-object.js';

/**
 * Any JSON object per record (lines, array elements or a document sequence). Nested objects are
 * flattened into dotted field names; normalised fields come from the user's field mapping, or
 * from common names (ECS names, `src_ip`, `user`, `timestamp`…) when there is none.
 */
export const jsonLinesFormat: FormatDefinition = {
  name: 'json-lines',
  logFormat: 'json-lines',
  description: 'Generic JSON lines (or JSON array), normalised through a field mapping',
  framing: 'lines',
  sniff(sample) {
    if (sample.records.length === 0) return 0;
    const objects = sample.objects.filter((object) => object !== undefined).length;
    return (0.5 * objects) / sample.records.length;
  },
  createParser(context: ParserContext) {
    const mapping = context.mapping ?? defaultMapping;
    const names = new FieldNames();
    return {
      parse(record: RawRecord) {
        const parsed = parseJsonRecord(record.text, context);
        if (!parsed.ok) return { type: 'reject', reason: parsed.error };
        const fields = flatten(parsed.value, names);
        const normalised = applyMapping(fields, mapping, context.referenceTime);
        return {
          type: 'event',
          draft: {
            ...normalised,
            fields,
            dataset: mapping.dataset,
            freeText: typeof normalised.message === 'string' ? [normalised.message] : undefined,
            ...(parsed.record !== undefined ? { record: parsed.record } : {}),
          },
        };
      },
    };
  },
};
