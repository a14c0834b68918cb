function isNested(item: unknown): boolean {
  return item !== null && typeof item === 'object' && !Array.isArray(item);
}

/**
 * Dotted field names (`alert` + `signature` → `alert.signature`), remembered for one input.
 * Building and interning the same name again for every record costs more than parsing the
 * record; a remembered name is already interned, so storing under it is a fast property store.
 * Bounded: past `limit` names (hostile inputs with ever-new keys), names are built, not kept.
 */
export class FieldNames {
  private readonly byPrefix = new Map<string, Map<string, string>>();
  private size = 0;

  constructor(private readonly limit = 20_000) {}

  join(prefix: string, key: string): string {
    let names = this.byPrefix.get(prefix);
    if (names === undefined) {
      if (this.size >= this.limit) return `${prefix}.${key}`;
      names = new Map();
      this.byPrefix.set(prefix, names);
    }
    let name = names.get(key);
    if (name === undefined) {
      name = `${prefix}.${key}`;
      if (this.size < this.limit) {
        // A property key is interned; keeping that copy makes later stores skip the string table.
        name = Object.keys({ [name]: 0 })[0] as string;
        names.set(key, name);
        this.size += 1;
      }
    }
    return name;
  }
}

function flattenInto(
  value: Record<string, unknown>,
  output: Record<string, unknown>,
  prefix: string,
  depthLeft: number,
  names: FieldNames | undefined,
): void {
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const item = value[key];
    const name = prefix === '' ? key : names ? names.join(prefix, key) : `${prefix}.${key}`;
    if (isNested(item) && depthLeft > 0)
      flattenInto(item as Record<string, unknown>, output, name, depthLeft - 1, names);
    else if (name === '__proto__')
      Object.defineProperty(output, name, { value: item, enumerable: true, writable: true });
    else output[name] = item;
  }
}

/**
 * Flattens nested objects into dotted keys (`{winlog:{channel:'x'}}` → `winlog.channel`); arrays
 * and primitives are kept as values. Stops 8 levels down and keeps the deeper object as is. An
 * object that is already flat is returned as is, not copied (the common case for log lines).
 * `names` remembers the dotted names across the records of one input.
 */
export function flatten(value: Record<string, unknown>, names?: FieldNames): Record<string, unknown> {
  let nested = false;
  for (const key in value) {
    if (isNested(value[key])) {
      nested = true;
      break;
    }
  }
  if (!nested) return value;
  const output: Record<string, unknown> = {};
  flattenInto(value, output, '', 8, names);
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
