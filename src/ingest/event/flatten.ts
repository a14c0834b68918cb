function isNested(item: unknown): boolean {
  return item !== null && typeof item === 'object' && !Array.isArray(item);
}

/**
 * Flattens nested objects into dotted keys (`{winlog:{channel:'x'}}` → `winlog.channel`); arrays
 * and primitives are kept as values. Stops at `maxDepth` and keeps the deeper object as is. An
 * object that is already flat is returned as is, not copied (the common case for log lines).
 */
export function flatten(
  value: Record<string, unknown>,
  target?: Record<string, unknown>,
  prefix = '',
  maxDepth = 8,
): Record<string, unknown> {
  if (target === undefined && prefix === '') {
    let nested = false;
    for (const key in value) {
      if (isNested(value[key])) {
        nested = true;
        break;
      }
    }
    if (!nested) return value;
  }
  const output = target ?? {};
  for (const key of Object.keys(value)) {
    const item = value[key];
    const name = prefix === '' ? key : `${prefix}.${key}`;
    if (isNested(item) && maxDepth > 0) flatten(item as Record<string, unknown>, output, name, maxDepth - 1);
    else output[name] = item;
  }
  return output;
}

/** Record values as text: strings as is, numbers and booleans printed, anything else undefined. */
export function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** Integer from a number or decimal/hex text (`0x1a4`), else undefined. */
export function integer(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : Math.trunc(value);
  if (typeof value !== 'string' || value === '') return undefined;
  const parsed = /^0x[0-9a-f]+$/i.test(value) ? Number.parseInt(value, 16) : Number(value);
  return Number.isFinite(parsed) && Number.isSafeInteger(Math.trunc(parsed)) ? Math.trunc(parsed) : undefined;
}

/** The object without its undefined values, or undefined when none is left. Never mutates. */
export function compact<T extends Record<string, unknown>>(value: T): T | undefined {
  let defined = 0;
  let total = 0;
  for (const key in value) {
    total += 1;
    if (value[key] !== undefined) defined += 1;
  }
  if (defined === 0) return undefined;
  if (defined === total) return value;
  const result: Record<string, unknown> = {};
  for (const key in value) if (value[key] !== undefined) result[key] = value[key];
  return result as T;
}
