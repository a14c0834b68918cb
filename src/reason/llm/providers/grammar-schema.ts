/**
 * Turns a JSON Schema (as zod emits it) into the subset node-llama-cpp compiles to a GBNF
 * grammar: `anyOf` becomes `oneOf`; keywords the grammar cannot enforce (`pattern`,
 * numeric bounds, most formats, `default`) are dropped. What is dropped is still checked
 * afterwards by the zod schema: this is why grammar-valid output is range-checked again.
 */
type JsonObject = { [key: string]: unknown };

const dropped = new Set([
  '$schema',
  'pattern',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'default',
  'required',
  'title',
  'examples',
  'propertyNames',
  'id',
]);
const grammarFormats = new Set(['date-time', 'date', 'time']);

export function toGrammarSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toGrammarSchema);
  if (!schema || typeof schema !== 'object') return schema;
  const result: JsonObject = {};
  for (const [key, value] of Object.entries(schema as JsonObject)) {
    if (dropped.has(key)) continue;
    if (key === 'format' && !(typeof value === 'string' && grammarFormats.has(value))) continue;
    if (key === 'anyOf' || key === 'allOf') {
      result.oneOf = toGrammarSchema(value);
      continue;
    }
    if (key === 'properties' || key === '$defs') {
      result[key] = Object.fromEntries(
        Object.entries(value as JsonObject).map(([name, inner]) => [name, toGrammarSchema(inner)]),
      );
      continue;
    }
    result[key] = toGrammarSchema(value);
  }
  // An object without declared properties (a free-form record) keeps additional properties open.
  if (result.type === 'object' && result.properties === undefined && result.additionalProperties === undefined) {
    result.additionalProperties = true;
  }
  return result;
}
