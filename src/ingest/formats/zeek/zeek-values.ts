/** Zeek TSV header state: separators and the sentinels for unset and empty values. */
export interface ZeekTsvHeader {
  separator: string;
  setSeparator: string;
  emptyField: string;
  unsetField: string;
  path: string | undefined;
  fields: string[] | undefined;
  types: string[] | undefined;
  /** Per-column readers, derived from `fields` and `types` on first use; reset when either changes. */
  columns?: ZeekColumn[] | undefined;
}

/** How to read one TSV column: its (interned) field name and its type, split into container and element. */
export interface ZeekColumn {
  name: string;
  container: boolean;
  elementType: string;
}

const containerPattern = /^(?:set|vector|table)\[(.+)\]$/;

/**
 * Columns of the current header, built once per `#fields`/`#types` pair: the names interned (a
 * property key that is already interned stores fast; a name split from the header is not) and
 * the types parsed, so no record runs a regular expression per cell.
 */
export function zeekColumns(header: ZeekTsvHeader): ZeekColumn[] {
  if (header.columns) return header.columns;
  const fields = header.fields ?? [];
  header.columns = fields.map((field, index) => {
    const type = header.types?.[index] ?? 'string';
    const container = containerPattern.exec(type);
    return {
      name: Object.keys({ [field]: 0 })[0] as string,
      container: container !== null,
      elementType: container ? (container[1] as string) : type,
    };
  });
  return header.columns;
}

/**
 * A TSV cell as Zeek's JSON writer would give it: numbers for count/int/port/double/interval/time,
 * booleans for bool, arrays for set[...] and vector[...]; undefined for the unset marker.
 */
export function convertZeekCell(value: string, column: ZeekColumn, header: ZeekTsvHeader): unknown {
  if (value === header.unsetField) return undefined;
  if (column.container) {
    if (value === header.emptyField) return [];
    return value.split(header.setSeparator).map((item) => scalar(item, column.elementType));
  }
  if (value === header.emptyField) return '';
  return scalar(value, column.elementType);
}

export function defaultZeekHeader(): ZeekTsvHeader {
  return {
    separator: '\t',
    setSeparator: ',',
    emptyField: '(empty)',
    unsetField: '-',
    path: undefined,
    fields: undefined,
    types: undefined,
  };
}

/** Undoes Zeek's `\xHH` escaping of separators and non-printable bytes. */
export function unescapeZeek(value: string): string {
  if (!value.includes('\\x')) return value;
  return value.replace(/\\x([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

function scalar(value: string, type: string): unknown {
  switch (type) {
    case 'count':
    case 'int':
    case 'port':
    case 'double':
    case 'interval':
    case 'time': {
      const number = Number(value);
      return Number.isFinite(number) ? number : value;
    }
    case 'bool':
      return value === 'T' ? true : value === 'F' ? false : value;
    default:
      return unescapeZeek(value);
  }
}
